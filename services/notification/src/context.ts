import type { EventMap } from '@souk/contracts';
import type { EventBus, Logger } from '@souk/platform';
import type { Kysely } from 'kysely';
import type { NotificationDatabase } from './db/schema.js';
import type { MailSender } from './mail/mail-sender.js';

/** What the use cases need, wired once in app.ts. */
export interface NotificationContext {
  db: Kysely<NotificationDatabase>;
  bus: EventBus<EventMap>;
  logger: Logger;
  /** Mail, when an SMTP server is configured (SMTP_URL). */
  mail?: { sender: MailSender; shopUrl: string };
}
