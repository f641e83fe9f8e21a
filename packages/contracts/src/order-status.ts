import type { OrderStatus } from './order.js';

/** Who asks for a change: a saga event (stock, payment), a person (client, admin) or the timeout sweep. */
export type OrderActor = 'stock' | 'payment' | 'client' | 'admin' | 'system';

/**
 * The allowed changes of an order's status (docs/checkout-saga.md), and who may make each. Anything
 * not listed is refused: REJECTED, CANCELLED and DELIVERED are final. The order service's guarded
 * transition enforces it; the web app offers exactly the buttons it allows.
 */
export const ORDER_TRANSITIONS: Readonly<
  Record<OrderStatus, Readonly<Partial<Record<OrderStatus, readonly OrderActor[]>>>>
> = {
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

export function isTransitionAllowed(
  from: OrderStatus,
  to: OrderStatus,
  actor: OrderActor,
): boolean {
  return ORDER_TRANSITIONS[from][to]?.includes(actor) ?? false;
}

/** No change is possible any more. */
export function isFinalStatus(status: OrderStatus): boolean {
  return Object.keys(ORDER_TRANSITIONS[status]).length === 0;
}

/** Whether an order in this status holds a charge (a cancellation then means a refund). */
export function holdsPayment(status: OrderStatus): boolean {
  return status === 'PAID' || status === 'SHIPPED' || status === 'DELIVERED';
}

/**
 * What a person may do to an order: ship it, mark it delivered, cancel it (with a refund when it
 * holds a charge). Derived from the transition table, so a button is offered exactly when the
 * order service would accept it.
 */
export type OrderAction = 'ship' | 'deliver' | 'cancel' | 'cancelRefund';

export function orderActionsFor(status: OrderStatus, actor: 'client' | 'admin'): OrderAction[] {
  const actions: OrderAction[] = [];
  if (isTransitionAllowed(status, 'SHIPPED', actor)) actions.push('ship');
  if (isTransitionAllowed(status, 'DELIVERED', actor)) actions.push('deliver');
  if (isTransitionAllowed(status, 'CANCELLED', actor))
    actions.push(holdsPayment(status) ? 'cancelRefund' : 'cancel');
  return actions;
}
