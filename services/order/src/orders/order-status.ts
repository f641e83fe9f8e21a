import type { OrderStatus } from '@souk/contracts';

/** Who asks for a change: a saga event (stock, payment), a person (client, admin) or the timeout sweep. */
export type Actor = 'stock' | 'payment' | 'client' | 'admin' | 'system';

/**
 * The allowed changes (docs/checkout-saga.md), and who may make each. Anything not listed is
 * refused: REJECTED, CANCELLED and DELIVERED are final.
 */
const TRANSITIONS: Readonly<Record<OrderStatus, Partial<Record<OrderStatus, readonly Actor[]>>>> = {
  PENDING: {
    AWAITING_PAYMENT: ['stock'],
    REJECTED: ['stock'],
    CANCELLED: ['client', 'admin', 'system'],
  },
  AWAITING_PAYMENT: { PAID: ['payment'], CANCELLED: ['client', 'admin', 'system'] },
  PAID: { SHIPPED: ['admin'], CANCELLED: ['client', 'admin'] },
  SHIPPED: { DELIVERED: ['admin'], CANCELLED: ['admin'] },
  DELIVERED: {},
  CANCELLED: {},
  REJECTED: {},
};

export function isTransitionAllowed(from: OrderStatus, to: OrderStatus, actor: Actor): boolean {
  return TRANSITIONS[from][to]?.includes(actor) ?? false;
}

/** Whether an order in this status holds a charge (a cancellation then means a refund). */
export function holdsPayment(status: OrderStatus): boolean {
  return status === 'PAID' || status === 'SHIPPED' || status === 'DELIVERED';
}

/** A charge pays an order only for its exact total and currency. */
export function paymentCoversOrder(
  order: { total: number; currency: string },
  payment: { amount: number; currency: string },
): boolean {
  return payment.amount === order.total && payment.currency === order.currency;
}
