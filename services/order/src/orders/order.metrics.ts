import type { EventEnvelope } from '@souk/platform';
import { meter } from '@souk/platform';

/** Order events that count as business outcomes, and the `order.state` each is counted under. */
const COUNTED: Readonly<Record<string, string>> = {
  'order.placed': 'placed',
  'order.paid': 'paid',
  'order.cancelled': 'cancelled',
  'order.rejected': 'rejected',
};

/**
 * `souk.orders`: orders placed, paid, cancelled and rejected. Counted from the events the relay
 * published, i.e. after their transaction committed: a rolled-back transition is never counted.
 */
export function countOrderEvents(envelopes: EventEnvelope[]): void {
  const orders = meter().createCounter('souk.orders', { description: 'Orders placed, paid, cancelled and rejected', unit: '{order}' });
  for (const { type } of envelopes) {
    const state = COUNTED[type];
    if (state) orders.add(1, { 'order.state': state });
  }
}
