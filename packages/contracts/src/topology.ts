import type { EventType } from './events.js';
import { NOTIFICATION_KINDS } from './notification.js';

/**
 * Which service consumes which event types: the one declared bus topology. Every service's
 * broker declares all of it at start, before its outbox relay publishes anything, and the
 * `souk-bus-topology` command applies it before traffic; so an event published while its
 * consumer has never run waits in that consumer's queue instead of being dropped. A service's
 * `bus.on(type, …)` registrations must equal its entry here (checked at start).
 *
 * Best-effort broadcasts (cache purges, revocations, live pushes) are not listed: they reach
 * only the instances listening at that moment, by design.
 */
export const busTopology = {
  auth: ['client.deleted'],
  client: ['auth.user.registered', 'auth.user.disabled', 'auth.user.enabled'],
  notification: [
    ...NOTIFICATION_KINDS,
    'notification.mail.requested',
    'auth.password_reset.requested',
  ],
  order: ['stock.reserved', 'stock.rejected', 'payment.succeeded', 'payment.failed'],
  payment: ['order.cancelled', 'order.refund_requested'],
  product: ['order.placed', 'order.cancelled', 'order.paid'],
} as const satisfies Record<string, readonly EventType[]>;

export type ConsumingService = keyof typeof busTopology;
