import type { EventBus, EventEnvelope, Logger } from '@souk/platform';
import { tidyText, type ClientServiceEventMap, type Queryable } from '../context.js';
import { applyAccessChange, upsertRegistration } from './account.repository.js';

/**
 * The auth service's account events shape the profiles. Each handler runs in the bus's inbox
 * transaction (one effect per event id) and is also safe against a re-published event with a new
 * id and against any delivery order (see account.repository.ts).
 */
export function consumeAccountEvents(bus: EventBus<ClientServiceEventMap>, logger: Logger): void {
  bus.on('auth.user.registered', async (event, trx) => {
    const { userId, email, firstName, lastName, phone } = event.data;
    const created = await upsertRegistration(trx as Queryable, {
      userId,
      email,
      firstName: tidyText(firstName),
      lastName: tidyText(lastName),
      phone,
      registeredAt: occurredAt(event),
    });
    if (!created)
      logger.info({ userId, eventId: event.id }, 'registration for an existing profile ignored');
  });

  bus.on('auth.user.disabled', async (event, trx) => {
    await applyAccessChange(trx as Queryable, {
      userId: event.data.userId,
      disabled: true,
      at: occurredAt(event),
    });
  });

  bus.on('auth.user.enabled', async (event, trx) => {
    await applyAccessChange(trx as Queryable, {
      userId: event.data.userId,
      disabled: false,
      at: occurredAt(event),
    });
  });
}

/** The producer's clock orders the access changes; an envelope without a usable time cannot be placed. */
function occurredAt(event: EventEnvelope): Date {
  const at = new Date(event.occurredAt);
  if (Number.isNaN(at.getTime()))
    throw new Error(`Event ${event.id} has no valid occurredAt (${event.occurredAt})`);
  return at;
}
