import { meter, type EventEnvelope } from '@souk/platform';

/** Order events that count as business outcomes, and the `order.state` each is counted under. */
const COUNTED: Readonly<Record<string, string>> = {
  'order.placed': 'placed',
  'order.paid': 'paid',
  'order.cancelled': 'cancelled',
  'order.rejected': 'rejected',
};

/**
 * `souk.orders`: orders placed, paid, cancelled and rejected, counted from the events the relay
 * published, i.e. after their transaction committed: a rolled-back transition is never counted.
 * Returns the bus's `onPublished` listener; every series starts at 0.
 */
export function createOrderMetrics(): (envelopes: EventEnvelope[]) => void {
  const orders = meter().createCounter('souk.orders', {
    description: 'Orders placed, paid, cancelled and rejected',
    unit: '{order}',
  });
  for (const state of Object.values(COUNTED)) orders.add(0, { 'order.state': state });
  return (envelopes) => {
    for (const { type } of envelopes) {
      const state = COUNTED[type];
      if (state) orders.add(1, { 'order.state': state });
    }
  };
}
