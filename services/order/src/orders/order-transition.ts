import {
  holdsPayment,
  isTransitionAllowed,
  type EventMap,
  type OrderStatus,
} from '@souk/contracts';
import type { EventBus } from '@souk/platform';
import type { Transaction } from 'kysely';
import type { OrderDatabase } from '../db/schema.js';
import { paymentCoversOrder, type Actor } from './order-status.js';
import {
  insertHistory,
  lockOrder,
  recordRefundRequest,
  selectItems,
  takeParkedPayment,
  updateOrderStatus,
  type OrderRow,
} from './order.repository.js';

type Trx = Transaction<OrderDatabase>;
type Bus = EventBus<EventMap>;

export interface TransitionRequest {
  orderId: string;
  to: Exclude<OrderStatus, 'PENDING'>;
  actor: Actor;
  /** Kept in the history; required in spirit for REJECTED and CANCELLED (a default is used otherwise). */
  reason?: string;
  /** The charge that pays the order (to PAID). */
  paymentId?: string;
}

export type TransitionResult =
  | { changed: true; from: OrderStatus; order: OrderRow }
  | { changed: false; order: OrderRow | undefined };

const DEFAULT_CANCEL_REASON: Record<Actor, string> = {
  client: 'cancelled by the client',
  admin: 'cancelled by an administrator',
  system: 'payment timeout',
  stock: 'cancelled',
  payment: 'cancelled',
};

/**
 * The one way an order changes status. It locks the order, checks the transition table for this
 * actor, and in the caller's transaction updates the row, appends the history entry and writes the
 * outgoing event to the outbox. A refused transition changes nothing and says so: callers decide
 * whether that is a 409 (a person asked) or a logged no-op (a late or repeated event).
 * A caller that has already locked the order in this transaction passes its row as `locked`.
 */
export async function transitionOrder(
  trx: Trx,
  bus: Bus,
  request: TransitionRequest,
  locked?: OrderRow,
): Promise<TransitionResult> {
  const current = locked ?? (await lockOrder(trx, request.orderId));
  if (!current || !isTransitionAllowed(current.status, request.to, request.actor))
    return { changed: false, order: current };
  const reason =
    request.to === 'CANCELLED'
      ? (request.reason ?? DEFAULT_CANCEL_REASON[request.actor])
      : request.reason;

  const order = await updateOrderStatus(trx, current.id, {
    status: request.to,
    paymentId: request.paymentId,
  });
  await insertHistory(trx, order.id, order.status, reason);
  await publishStatusEvent(trx, bus, current, order, request.actor, reason);

  if (current.status === 'PENDING') return settleParkedPayment(trx, bus, order);
  return { changed: true, from: current.status, order };
}

async function publishStatusEvent(
  trx: Trx,
  bus: Bus,
  before: OrderRow,
  order: OrderRow,
  actor: Actor,
  reason: string | undefined,
) {
  const who = { orderId: order.id, userId: order.user_id };
  switch (order.status) {
    case 'AWAITING_PAYMENT':
      return bus.publish(trx, 'order.awaiting_payment', {
        ...who,
        total: order.total,
        currency: order.currency,
        payBy: order.pay_by.toISOString(),
      });
    case 'REJECTED':
      return bus.publish(trx, 'order.rejected', { ...who, reason: reason ?? 'stock unavailable' });
    case 'PAID': {
      const items = (await selectItems(trx, [order.id])).map((item) => ({
        productId: item.product_id,
        quantity: item.quantity,
      }));
      return bus.publish(trx, 'order.paid', {
        ...who,
        paymentId: order.payment_id!,
        total: order.total,
        currency: order.currency,
        items,
      });
    }
    case 'SHIPPED':
      return bus.publish(trx, 'order.shipped', who);
    case 'DELIVERED':
      return bus.publish(trx, 'order.delivered', who);
    case 'CANCELLED':
      return bus.publish(trx, 'order.cancelled', {
        ...who,
        reason: reason!, // transitionOrder fills in the default
        wasPaid: holdsPayment(before.status),
        cancelledBy: actor === 'system' ? 'system' : actor === 'admin' ? 'admin' : 'client',
      });
    default:
      throw new Error(`No event for a change to ${order.status}`);
  }
}

/**
 * A charge that arrived while the order was PENDING (reordered delivery) waits in parked_payments.
 * When the order leaves PENDING it is settled: reserved stock means the charge pays the order at
 * once; a rejected or cancelled order gets the charge refunded.
 */
async function settleParkedPayment(trx: Trx, bus: Bus, order: OrderRow): Promise<TransitionResult> {
  const from = 'PENDING';
  const parked = await takeParkedPayment(trx, order.id);
  if (!parked) return { changed: true, from, order };
  if (order.status === 'AWAITING_PAYMENT' && paymentCoversOrder(order, parked)) {
    const paid = await transitionOrder(trx, bus, {
      orderId: order.id,
      to: 'PAID',
      actor: 'payment',
      paymentId: parked.paymentId,
    });
    if (paid.changed) return { changed: true, from, order: paid.order };
  }
  const reason =
    order.status === 'AWAITING_PAYMENT'
      ? 'the charge does not match the order total'
      : `the order was ${order.status.toLowerCase()}`;
  await requestRefund(trx, bus, {
    orderId: order.id,
    userId: order.user_id,
    paymentId: parked.paymentId,
    reason,
  });
  return { changed: true, from, order };
}

/** Asks the payment service to refund a charge, once per charge however often we are told about it. */
export async function requestRefund(
  trx: Trx,
  bus: Bus,
  refund: { orderId: string; userId: string; paymentId: string; reason: string },
): Promise<boolean> {
  if (!(await recordRefundRequest(trx, refund))) return false;
  await bus.publish(trx, 'order.refund_requested', refund);
  return true;
}
