import type { EventMap } from '@souk/contracts';
import type { EventBus } from '@souk/platform';
import type { Transaction } from 'kysely';
import type { ProductDatabase } from '../db/schema.js';
import { commitStock, releaseStock, reserveStock, type StockContext } from './stock.service.js';

/** Subscribes the product service to the order events of the checkout saga. */
export function registerStockConsumers(
  bus: EventBus<EventMap>,
  options: { lowStockThreshold: number },
): void {
  const context = (trx: Transaction<any>): StockContext => ({
    trx: trx as Transaction<ProductDatabase>,
    bus,
    lowStockThreshold: options.lowStockThreshold,
  });
  bus.on('order.placed', (event, trx) =>
    reserveStock(
      context(trx),
      event.data.orderId,
      event.data.items.map((item) => ({ productId: item.productId, quantity: item.quantity })),
    ),
  );
  bus.on('order.cancelled', (event, trx) =>
    releaseStock(context(trx), event.data.orderId, event.data.reason),
  );
  bus.on('order.paid', (event, trx) => commitStock(context(trx), event.data.orderId));
}
