import { MAILED_KINDS, type EventMap, type MailedKind } from '@souk/contracts';
import { AppError, type EventEnvelope } from '@souk/platform';
import type { Transaction } from 'kysely';
import type { NotificationContext } from '../context.js';
import type { NotificationDatabase } from '../db/schema.js';
import type { StoredRef } from '../notifications/notification.repository.js';
import { renderMail } from './mail-layout.js';
import { findRecipient, saveRecipient } from './mail.repository.js';

const isMailed = (kind: string): kind is MailedKind =>
  (MAILED_KINDS as readonly string[]).includes(kind);

/** An account's address and first name, for the mail of its messages. */
export async function rememberRecipient(
  trx: Transaction<NotificationDatabase>,
  account: EventMap['auth.user.registered'],
): Promise<void> {
  await saveRecipient(trx, {
    userId: account.userId,
    email: account.email,
    firstName: account.firstName || null,
  });
}

/**
 * Asks for a mail for each new user message of a mailed kind, in the transaction that stores the
 * messages: it is sent by `sendRequestedMail`, from the bus, so a failing SMTP server delays the
 * mail and never the stored message. Nothing is asked when no SMTP server is configured.
 */
export async function requestMails(
  context: NotificationContext,
  trx: Transaction<NotificationDatabase>,
  stored: StoredRef[],
): Promise<void> {
  if (!context.mail) return;
  for (const message of stored) {
    if (message.audience !== 'USER' || !message.recipient_id || !isMailed(message.kind)) continue;
    await context.bus.publish(trx, 'notification.mail.requested', {
      userId: message.recipient_id,
      kind: message.kind,
      notificationId: message.id,
      title: message.title,
      body: message.body,
      link: message.link,
    });
  }
}

/**
 * Sends one requested mail in the recipient's language. A failure (SMTP server down or refusing,
 * address not known yet) throws: the bus delivers the request again later, and dead-letters it
 * after its last attempt. The Message-ID comes from the request, so the rare mail sent twice
 * (sent, then the process died before recording it) carries the same id both times.
 */
export async function sendRequestedMail(
  context: NotificationContext,
  event: EventEnvelope<'notification.mail.requested', EventMap['notification.mail.requested']>,
): Promise<void> {
  if (!context.mail) return;
  const request = event.data;
  const recipient = await findRecipient(context.db, request.userId);
  if (!recipient)
    throw new AppError(
      'not_found',
      `No e-mail address is known for user ${request.userId} yet (its account event has not arrived)`,
    );
  const locale = recipient.locale;
  const shopUrl = context.mail.shopUrl.replace(/\/$/, '');
  const mail = renderMail({
    locale,
    firstName: recipient.first_name,
    title: request.title[locale],
    body: request.body[locale],
    link: request.link ? `${shopUrl}${request.link}` : null,
    shopUrl,
  });
  await context.mail.sender.send({
    to: recipient.email,
    ...mail,
    messageId: `<${event.id}@mail.souk>`,
  });
  context.logger.info(
    { kind: request.kind, notificationId: request.notificationId, userId: request.userId },
    'mail sent',
  );
}
