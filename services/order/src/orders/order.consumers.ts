import type { Transaction } from 'kysely';
import type { OrderContext } from '../context.js';
import type { OrderDatabase } from '../db/schema.js';
import {
  markStockRejected,
  markStockReserved,
  notePaymentFailed,
  recordPayment,
} from './saga.service.js';

/** The events the order service reacts to; each handler runs in its inbox transaction. */
export function registerOrderConsumers(ctx: OrderContext): void {
  const typed = (trx: Transaction<any>) => trx as Transaction<OrderDatabase>;
  ctx.bus.on('stock.reserved', (event, trx) => markStockReserved(ctx, typed(trx), event.data));
  ctx.bus.on('stock.rejected', (event, trx) => markStockRejected(ctx, typed(trx), event.data));
  ctx.bus.on('payment.succeeded', (event, trx) => recordPayment(ctx, typed(trx), event.data));
  ctx.bus.on('payment.failed', (event) => notePaymentFailed(ctx, event.data));
}
