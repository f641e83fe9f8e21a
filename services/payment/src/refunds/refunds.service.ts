import { createHash } from 'node:crypto';
import type { EventMap } from '@souk/contracts';
import type { Transaction } from 'kysely';
import type { PaymentContext } from '../context.js';
import type { PaymentDatabase } from '../db/schema.js';
import { chargeFields } from '../payments/payment-replies.js';
import {
  insertTransaction,
  lockPayment,
  lockPaymentsOfOrder,
  updateChargeStatus,
  updatePaymentStatus,
  type PaymentRow,
} from '../payments/payments.repository.js';

/**
 * The one refund a payment can have gets an id derived from the payment id, so an event handled
 * again after a crash asks the processor for the same refund (idempotent by refundId) instead of a
 * second one. A UUID in version-5 layout of SHA-256("refund:" + paymentId).
 */
export function refundIdFor(paymentId: string): string {
  const bytes = createHash('sha256').update(`refund:${paymentId}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Gives a locked SUCCEEDED payment back: the processor's refund, the REFUND row (unique per
 * payment), the REFUNDED status and `payment.refunded`, in the caller's transaction.
 */
async function refundLockedPayment(
  ctx: PaymentContext,
  trx: Transaction<PaymentDatabase>,
  payment: PaymentRow,
  reason: string,
): Promise<void> {
  const refundId = refundIdFor(payment.id);
  await ctx.processor.refund({ refundId, chargeId: payment.id, amount: payment.amount });
  await updatePaymentStatus(trx, payment.id, { status: 'REFUNDED' });
  await insertTransaction(trx, {
    id: refundId,
    payment_id: payment.id,
    order_id: payment.order_id,
    user_id: payment.user_id,
    type: 'REFUND',
    status: 'SUCCEEDED',
    amount: payment.amount,
    currency: payment.currency,
  });
  await ctx.bus.publish(trx, 'payment.refunded', { ...chargeFields(payment), refundId, reason });
  ctx.logger.info(
    { paymentId: payment.id, orderId: payment.order_id, refundId },
    'payment refunded',
  );
}

/**
 * `order.cancelled`: a successful charge of a cancelled order is refunded. That is the paid order
 * (`wasPaid`), and also a charge that raced the cancellation of an unpaid one. A payment still
 * PROCESSING is left alone: once it succeeds, the order service sees `payment.succeeded` for a
 * cancelled order and asks for its refund with `order.refund_requested`.
 */
export async function refundCancelledOrder(
  ctx: PaymentContext,
  trx: Transaction<PaymentDatabase>,
  cancelled: EventMap['order.cancelled'],
): Promise<void> {
  const payments = await lockPaymentsOfOrder(trx, cancelled.orderId);
  const charged = payments.filter((payment) => payment.status === 'SUCCEEDED');
  for (const payment of charged)
    await refundLockedPayment(ctx, trx, payment, `order cancelled: ${cancelled.reason}`);
  if (
    charged.length === 0 &&
    cancelled.wasPaid &&
    !payments.some((payment) => payment.status === 'REFUNDED')
  ) {
    ctx.logger.warn(
      { orderId: cancelled.orderId, statuses: payments.map((payment) => payment.status) },
      'a paid order was cancelled but it has no successful payment here; nothing refunded',
    );
  }
}

/** `order.refund_requested`: that payment is refunded once; any other state is a no-op. */
export async function refundRequestedPayment(
  ctx: PaymentContext,
  trx: Transaction<PaymentDatabase>,
  request: EventMap['order.refund_requested'],
): Promise<void> {
  const payment = await lockPayment(trx, request.paymentId);
  if (!payment || payment.order_id !== request.orderId) {
    ctx.logger.warn(
      { paymentId: request.paymentId, orderId: request.orderId },
      'refund requested for a payment of another order or none; ignored',
    );
    return;
  }
  if (payment.status !== 'SUCCEEDED') {
    ctx.logger.info(
      { paymentId: payment.id, status: payment.status },
      'refund requested for a payment with nothing to refund; ignored',
    );
    return;
  }
  await refundLockedPayment(ctx, trx, payment, request.reason);
}

/**
 * The card was charged after the recovery sweep had recorded the payment as never charged (only
 * possible if this process froze for longer than the sweep waits): the charge is recorded as it
 * really happened and refunded at once, so nothing stays charged for a payment reported failed.
 */
export async function refundLateCharge(ctx: PaymentContext, paymentId: string): Promise<void> {
  ctx.logger.error(
    { paymentId },
    'card charged after the payment was recorded as failed; refunding the charge',
  );
  await ctx.db.transaction().execute(async (trx) => {
    const payment = await lockPayment(trx, paymentId);
    if (!payment || payment.status !== 'FAILED') return;
    await updateChargeStatus(trx, payment.id, 'SUCCEEDED');
    await refundLockedPayment(
      ctx,
      trx,
      payment,
      'charge completed after the payment was reported failed',
    );
  });
}
