import type { EventEnvelope } from '@souk/platform';
import { meter } from '@souk/platform';

const OUTCOMES: Readonly<Record<string, string>> = {
  'payment.succeeded': 'succeeded',
  'payment.failed': 'declined',
  'payment.refunded': 'refunded',
};

/**
 * `souk.payments` by outcome and `souk.revenue` (minor units, by currency: charged less refunded
 * comes out of the two series). Counted from the events the relay published, after commit.
 */
export function countPaymentEvents(envelopes: EventEnvelope[]): void {
  const payments = meter().createCounter('souk.payments', { description: 'Payments by outcome (succeeded, declined, refunded)', unit: '{payment}' });
  const revenue = meter().createCounter('souk.revenue', { description: 'Amounts charged, in minor units, by currency', unit: '{minor_unit}' });
  const refunded = meter().createCounter('souk.revenue.refunded', { description: 'Amounts refunded, in minor units, by currency', unit: '{minor_unit}' });
  for (const envelope of envelopes) {
    const outcome = OUTCOMES[envelope.type];
    if (!outcome) continue;
    payments.add(1, { 'payment.outcome': outcome });
    const { amount, currency } = envelope.data as { amount: number; currency: string };
    if (envelope.type === 'payment.succeeded') revenue.add(amount, { currency });
    if (envelope.type === 'payment.refunded') refunded.add(amount, { currency });
  }
}
