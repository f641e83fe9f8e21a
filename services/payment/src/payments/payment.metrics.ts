import { DEFAULT_CURRENCY } from '@souk/contracts';
import { meter, type EventEnvelope } from '@souk/platform';

const OUTCOMES: Readonly<Record<string, string>> = {
  'payment.succeeded': 'succeeded',
  'payment.failed': 'declined',
  'payment.refunded': 'refunded',
};

/**
 * `souk.payments` by outcome, `souk.revenue` and `souk.revenue.refunded` (minor units, by
 * currency), counted from the events the relay published, i.e. after their transaction committed.
 * Returns the bus's `onPublished` listener; the outcome series, and the default currency's, start at 0.
 */
export function createPaymentMetrics(): (envelopes: EventEnvelope[]) => void {
  const payments = meter().createCounter('souk.payments', {
    description: 'Payments by outcome (succeeded, declined, refunded)',
    unit: '{payment}',
  });
  const revenue = meter().createCounter('souk.revenue', {
    description: 'Amounts charged, in minor units, by currency',
    unit: '{minor_unit}',
  });
  const refunded = meter().createCounter('souk.revenue.refunded', {
    description: 'Amounts refunded, in minor units, by currency',
    unit: '{minor_unit}',
  });
  for (const outcome of Object.values(OUTCOMES)) payments.add(0, { 'payment.outcome': outcome });
  revenue.add(0, { currency: DEFAULT_CURRENCY });
  refunded.add(0, { currency: DEFAULT_CURRENCY });
  return (envelopes) => {
    for (const envelope of envelopes) {
      const outcome = OUTCOMES[envelope.type];
      if (!outcome) continue;
      payments.add(1, { 'payment.outcome': outcome });
      const { amount, currency } = envelope.data as { amount: number; currency: string };
      if (envelope.type === 'payment.succeeded') revenue.add(amount, { currency });
      if (envelope.type === 'payment.refunded') refunded.add(amount, { currency });
    }
  };
}
