import type { EventMap } from '@souk/contracts';
import type { EventBus } from '@souk/platform';
import type { Transaction } from 'kysely';
import type { PaymentContext } from '../context.js';
import type { PaymentDatabase } from '../db/schema.js';
import { refundCancelledOrder, refundRequestedPayment } from './refunds.service.js';

/** Refunds driven by the order service. Each handler runs in its inbox transaction: one effect per event. */
export function registerRefundConsumers(bus: EventBus<EventMap>, ctx: PaymentContext): void {
  bus.on('order.cancelled', (event, trx) =>
    refundCancelledOrder(ctx, trx as Transaction<PaymentDatabase>, event.data),
  );
  bus.on('order.refund_requested', (event, trx) =>
    refundRequestedPayment(ctx, trx as Transaction<PaymentDatabase>, event.data),
  );
}
