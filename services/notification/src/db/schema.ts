import type {
  LocalizedText,
  NotificationAudience,
  NotificationKind,
  NotificationParams,
} from '@souk/contracts';
import type { PlatformTables } from '@souk/platform';
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

export interface NotificationsTable {
  id: Generated<string>;
  /** The user it is for; null exactly when the audience is ADMIN (CHECK). */
  recipient_id: string | null;
  audience: NotificationAudience;
  kind: NotificationKind;
  params: JSONColumnType<NotificationParams>;
  title: JSONColumnType<LocalizedText>;
  body: JSONColumnType<LocalizedText>;
  link: string | null;
  /** ADMIN-audience messages have one read state shared by every administrator. */
  read_at: Date | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  source_event_id: string;
}

export interface MailRecipientsTable {
  user_id: string;
  email: string;
  first_name: string | null;
  locale: ColumnType<'fr' | 'en', 'fr' | 'en' | undefined, 'fr' | 'en'>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface NotificationDatabase extends PlatformTables {
  notifications: NotificationsTable;
  mail_recipients: MailRecipientsTable;
}
