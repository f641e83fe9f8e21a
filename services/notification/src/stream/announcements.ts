import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { Uuid } from '@souk/contracts';
import { listenToChannel, type ChannelListener, type Logger } from '@souk/platform';
import { sql, type Transaction } from 'kysely';
import type { NotificationDatabase } from '../db/schema.js';

/**
 * New messages are announced to every instance of this service with a NOTIFY on its own
 * database, sent in the transaction that stores them: PostgreSQL delivers it when, and only
 * if, that transaction commits. The instance holding the reader's live stream then pushes the
 * message. Fan-out between copies of one service is not a domain event, so it does not go
 * through the outbox and the broker. A stream that misses one because its instance was
 * reconnecting to PostgreSQL still finds the message in the list.
 */
export const ANNOUNCE_CHANNEL = 'notification_created';

export const Announcement = Type.Object({
  notificationId: Uuid,
  userId: Type.Union([Uuid, Type.Null()]),
  audience: Type.Union([Type.Literal('USER'), Type.Literal('ADMIN')]),
});
export type Announcement = Static<typeof Announcement>;

export async function announce(
  trx: Transaction<NotificationDatabase>,
  announcements: Announcement[],
): Promise<void> {
  if (announcements.length === 0) return;
  const payloads = announcements.map((announcement) => JSON.stringify(announcement));
  await sql`SELECT pg_notify(${ANNOUNCE_CHANNEL}, payload) FROM unnest(${payloads}::text[]) WITH ORDINALITY AS p(payload, n) ORDER BY n`.execute(
    trx,
  );
}

/** Calls `onAnnounce` for each message stored by any instance, once its transaction committed. */
export function listenForAnnouncements(options: {
  databaseUrl: string;
  logger: Logger;
  onAnnounce: (announcement: Announcement) => void;
}): Promise<ChannelListener> {
  return listenToChannel({
    url: options.databaseUrl,
    channel: ANNOUNCE_CHANNEL,
    applicationName: 'notification-announcements',
    logger: options.logger,
    onNotify(payload) {
      let announcement: unknown;
      try {
        announcement = JSON.parse(payload);
      } catch {
        announcement = undefined;
      }
      if (Value.Check(Announcement, announcement)) options.onAnnounce(announcement);
      else
        options.logger.warn({ payload: payload.slice(0, 200) }, 'ignored a malformed announcement');
    },
  });
}
