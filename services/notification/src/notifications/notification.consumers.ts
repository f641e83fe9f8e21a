import { NOTIFICATION_KINDS, type NotificationKind } from '@souk/contracts';
import type { Transaction } from 'kysely';
import type { NotificationContext } from '../context.js';
import type { NotificationDatabase } from '../db/schema.js';
import { messagesFor } from '../messages/messages.js';
import { recordMessages } from './notification.service.js';

/**
 * One consumer per event type. Each runs in the bus's inbox transaction, so a redelivered event
 * is skipped; the unique (event, audience, recipient) index makes each message once even after
 * the inbox forgot the event. Order does not matter: every event makes its own messages.
 */
export function registerNotificationConsumers(context: NotificationContext): void {
  for (const kind of NOTIFICATION_KINDS) consume(context, kind);
}

function consume<K extends NotificationKind>(context: NotificationContext, kind: K): void {
  context.bus.on(kind, async (event, trx) => {
    const messages = messagesFor(kind, event.data);
    await recordMessages(trx as Transaction<NotificationDatabase>, event.id, messages);
  });
}
