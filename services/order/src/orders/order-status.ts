import type { OrderActor } from '@souk/contracts';

// The transition table itself lives in contracts (ORDER_TRANSITIONS), so the web app offers exactly
// the changes this service accepts; the guarded transition (order-transition.ts) checks it.

/** Who asks for a change: a saga event (stock, payment), a person (client, admin) or the timeout sweep. */
export type Actor = OrderActor;

/** A charge pays an order only for its exact total and currency. */
export function paymentCoversOrder(
  order: { total: number; currency: string },
  payment: { amount: number; currency: string },
): boolean {
  return payment.amount === order.total && payment.currency === order.currency;
}
