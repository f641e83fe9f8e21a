import { NOTIFICATION_KINDS, type EventMap, type NotificationKind } from '@souk/contracts';
import type { Transaction } from 'kysely';
import type { NotificationContext } from '../context.js';
import type { NotificationDatabase } from '../db/schema.js';
import { sendPasswordResetMail } from '../mail/account-mail.service.js';
import { rememberRecipient, requestMails, sendRequestedMail } from '../mail/mail.service.js';
import { messagesFor } from '../messages/messages.js';
import { recordMessages } from './notification.service.js';

/**
 * One consumer per event type. Each runs in the bus's inbox transaction, so a redelivered event
 * is skipped; the unique (event, audience, recipient) index makes each message once even after
 * the inbox forgot the event. Order does not matter: every event makes its own messages. The
 * messages that go out by mail are sent by a consumer of their own (`notification.mail.requested`).
 */
export function registerNotificationConsumers(context: NotificationContext): void {
  for (const kind of NOTIFICATION_KINDS) consume(context, kind);
  context.bus.on('notification.mail.requested', (event) => sendRequestedMail(context, event));
  context.bus.on('auth.password_reset.requested', (event) => sendPasswordResetMail(context, event));
}

function consume<K extends NotificationKind>(context: NotificationContext, kind: K): void {
  context.bus.on(kind, async (event, untyped) => {
    const trx = untyped as Transaction<NotificationDatabase>;
    if (kind === 'auth.user.registered')
      await rememberRecipient(trx, event.data as EventMap['auth.user.registered']);
    const stored = await recordMessages(trx, event.id, messagesFor(kind, event.data));
    await requestMails(context, trx, stored);
  });
}
