import type { EventMap } from '@souk/contracts';
import type { Transaction } from 'kysely';
import type { OrderContext } from '../context.js';
import type { OrderDatabase } from '../db/schema.js';
import { paymentCoversOrder } from './order-status.js';
import { requestRefund, transitionOrder, type TransitionRequest } from './order-transition.js';
import { insertParkedPayment, lockOrder, selectParkedPayment } from './order.repository.js';

type Trx = Transaction<OrderDatabase>;

// The order side of the checkout saga. Each use case runs in the inbox transaction of the event
// that triggered it, so it has one effect however often the event is delivered. A change the
// transition table does not allow from the current status (a late or repeated event) is a logged
// no-op, never an error: an error would retry and dead-letter a perfectly fine message.

export async function markStockReserved(
  ctx: OrderContext,
  trx: Trx,
  event: EventMap['stock.reserved'],
): Promise<void> {
  await applyOrIgnore(ctx, trx, 'stock.reserved', {
    orderId: event.orderId,
    to: 'AWAITING_PAYMENT',
    actor: 'stock',
  });
}

export async function markStockRejected(
  ctx: OrderContext,
  trx: Trx,
  event: EventMap['stock.rejected'],
): Promise<void> {
  await applyOrIgnore(ctx, trx, 'stock.rejected', {
    orderId: event.orderId,
    to: 'REJECTED',
    actor: 'stock',
    reason: event.reason,
  });
}

/**
 * A successful charge pays an order that is AWAITING_PAYMENT for exactly its total. A charge for
 * an order still PENDING (the stock answer is late) is parked and applied when stock answers. Any
 * other charge (order cancelled, rejected, paid by another payment, wrong amount, unknown order)
 * is refunded: nothing stays charged for nothing. The same charge told twice changes nothing.
 */
export async function recordPayment(
  ctx: OrderContext,
  trx: Trx,
  payment: EventMap['payment.succeeded'],
): Promise<void> {
  const order = await lockOrder(trx, payment.orderId);
  const refund = (reason: string) =>
    requestRefund(trx, ctx.bus, {
      orderId: payment.orderId,
      userId: order?.user_id ?? payment.userId,
      paymentId: payment.paymentId,
      reason,
    });
  if (!order) {
    ctx.logger.error(
      { orderId: payment.orderId, paymentId: payment.paymentId },
      'payment for an unknown order; asking for a refund',
    );
    await refund('unknown order');
    return;
  }
  if (order.payment_id === payment.paymentId) return; // already applied (a cancelled paid order is refunded through order.cancelled)

  switch (order.status) {
    case 'AWAITING_PAYMENT':
      if (!paymentCoversOrder(order, payment)) {
        ctx.logger.error(
          { orderId: order.id, paymentId: payment.paymentId },
          'charge does not match the order total; asking for a refund',
        );
        await refund('the charge does not match the order total');
        return;
      }
      await transitionOrder(
        trx,
        ctx.bus,
        { orderId: order.id, to: 'PAID', actor: 'payment', paymentId: payment.paymentId },
        order,
      );
      return;
    case 'PENDING': {
      const parked = await selectParkedPayment(trx, order.id);
      if (!parked) {
        ctx.logger.info(
          { orderId: order.id, paymentId: payment.paymentId },
          'payment before the stock answer; kept until stock answers',
        );
        await insertParkedPayment(trx, order.id, {
          paymentId: payment.paymentId,
          amount: payment.amount,
          currency: payment.currency,
        });
      } else if (parked.paymentId !== payment.paymentId) {
        await refund('the order already has a payment');
      }
      return;
    }
    case 'PAID':
    case 'SHIPPED':
    case 'DELIVERED':
      await refund('the order was already paid by another payment');
      return;
    case 'CANCELLED':
    case 'REJECTED':
      await refund(`the order was ${order.status.toLowerCase()}`);
      return;
  }
}

/** A declined card leaves the order AWAITING_PAYMENT so the client can try again; the notification service tells them. */
export async function notePaymentFailed(
  ctx: OrderContext,
  event: EventMap['payment.failed'],
): Promise<void> {
  ctx.logger.info(
    { orderId: event.orderId, paymentId: event.paymentId, declineCode: event.declineCode },
    'payment declined; order stays awaiting payment',
  );
}

async function applyOrIgnore(
  ctx: OrderContext,
  trx: Trx,
  eventType: string,
  request: TransitionRequest,
): Promise<void> {
  const result = await transitionOrder(trx, ctx.bus, request);
  if (result.changed) return;
  ctx.logger.info(
    { orderId: request.orderId, event: eventType, status: result.order?.status ?? 'unknown order' },
    `${eventType} ignored: not a change the order can make now`,
  );
}
