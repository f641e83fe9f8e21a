import type { EventMap } from '@souk/contracts';
import type { EventEnvelope } from '@souk/platform';
import type { NotificationContext } from '../context.js';
import { formatDateTime } from '../messages/format.js';
import { say } from '../messages/message-kit.js';
import { renderMail } from './mail-layout.js';
import { findRecipient } from './mail.repository.js';

/**
 * Mails a password reset link to the address in the event (the account's current one). Not a
 * stored message: the link is a secret and the bell is for what happened, not for this. The
 * token travels in the URL's fragment, which browsers never send to a server or in a Referer.
 * A failure throws, so the bus retries and dead-letters it like any event.
 */
export async function sendPasswordResetMail(
  context: NotificationContext,
  event: EventEnvelope<'auth.password_reset.requested', EventMap['auth.password_reset.requested']>,
): Promise<void> {
  if (!context.mail) {
    context.logger.warn(
      { userId: event.data.userId },
      'password reset asked for, but SMTP_URL is not set: no mail sent',
    );
    return;
  }
  const request = event.data;
  const locale = (await findRecipient(context.db, request.userId))?.locale ?? 'fr';
  const shopUrl = context.mail.shopUrl.replace(/\/$/, '');
  const until = formatDateTime(request.expiresAt, locale);
  const mail = renderMail({
    locale,
    firstName: request.firstName || null,
    title: say(locale, 'Réinitialiser votre mot de passe', 'Reset your password'),
    body: say(
      locale,
      `Vous avez demandé à changer le mot de passe de votre compte Souk. Le lien ci-dessous est valable jusqu’au ${until} (heure du Maroc) et ne sert qu’une fois. Si vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change pas.`,
      `You asked to change the password of your Souk account. The link below works until ${until} (Morocco time), once. If you did not ask for it, ignore this message: your password stays as it is.`,
    ),
    link: `${shopUrl}/reset-password#token=${request.token}`,
    action: say(locale, 'Choisir un nouveau mot de passe', 'Choose a new password'),
    shopUrl,
  });
  await context.mail.sender.send({
    to: request.email,
    ...mail,
    messageId: `<${event.id}@mail.souk>`,
  });
  context.logger.info({ userId: request.userId }, 'password reset mail sent');
}
