import type {
  Notification,
  NotificationListQuery,
  NotificationPage,
  ReadAllQuery,
} from '@souk/contracts';
import { AppError, forbidden, type Principal } from '@souk/platform';
import type { Kysely, Transaction } from 'kysely';
import type { NotificationContext } from '../context.js';
import type { NotificationDatabase } from '../db/schema.js';
import type { Message } from '../messages/messages.js';
import { announce } from '../stream/announcements.js';
import {
  countUnread,
  insertMessages,
  listAfter,
  listNotifications,
  markAllRead,
  markRead,
  toNotification,
  type Scope,
  type StoredRef,
} from './notification.repository.js';

/** Who reads: enough of the caller's identity to decide what they see. */
export type Reader = Pick<Principal, 'userId' | 'isAdmin'>;

/** What a caller sees by default: their own messages, plus the shared ADMIN ones for administrators. */
export function defaultScope(principal: Reader): Scope {
  return { recipientId: principal.userId, includeAdmin: principal.isAdmin };
}

/**
 * The caller's view narrowed by filters. `audience` and `userId` are administrator filters:
 * `userId` shows that user's own messages (and only those), `audience` one side of the view.
 */
export function filteredScope(
  principal: Principal,
  filters: { audience?: 'USER' | 'ADMIN'; userId?: string },
): Scope {
  if (!principal.isAdmin && (filters.audience !== undefined || filters.userId !== undefined)) {
    throw forbidden('Only administrators can filter by audience or user');
  }
  const recipientId = filters.audience === 'ADMIN' ? null : (filters.userId ?? principal.userId);
  const includeAdmin =
    principal.isAdmin && filters.userId === undefined && filters.audience !== 'USER';
  return { recipientId, includeAdmin };
}

export async function listNotificationsFor(
  context: NotificationContext,
  principal: Principal,
  query: NotificationListQuery,
): Promise<NotificationPage> {
  const scope: Scope = { ...filteredScope(principal, query), kind: query.kind };
  const { page, pageSize } = query;
  const result = await listNotifications(context.db, scope, {
    unreadOnly: query.unread === true,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return {
    items: result.rows.map(toNotification),
    page,
    pageSize,
    total: result.total,
    unreadCount: result.unreadCount,
  };
}

/** Marks a message the caller can see as read; anyone else's answers 404, as if it did not exist. */
export async function readNotification(
  context: NotificationContext,
  principal: Principal,
  id: string,
): Promise<Notification> {
  const row = await markRead(context.db, id, defaultScope(principal));
  if (!row) throw new AppError('not_found', 'Notification not found');
  return toNotification(row);
}

export async function readAllNotifications(
  context: NotificationContext,
  principal: Principal,
  query: ReadAllQuery,
): Promise<{ updated: number }> {
  return { updated: await markAllRead(context.db, filteredScope(principal, query)) };
}

export async function unreadCountFor(
  db: Kysely<NotificationDatabase>,
  principal: Reader,
): Promise<number> {
  return countUnread(db, defaultScope(principal));
}

/** At most this many missed messages are replayed to a reconnecting stream; the rest are in the list. */
export const MAX_REPLAYED = 100;

/** What a reconnecting stream missed since the last message it got (`Last-Event-ID`), oldest first. */
export async function missedSince(
  db: Kysely<NotificationDatabase>,
  principal: Reader,
  lastId: string,
): Promise<Notification[]> {
  const rows = await listAfter(db, defaultScope(principal), lastId, MAX_REPLAYED);
  return rows.map(toNotification);
}

/**
 * Stores the messages an event makes and announces each new one to every notification instance
 * (same transaction), so whichever holds the reader's live stream pushes it.
 */
export async function recordMessages(
  trx: Transaction<NotificationDatabase>,
  sourceEventId: string,
  messages: Message[],
): Promise<StoredRef[]> {
  const stored = await insertMessages(trx, sourceEventId, messages);
  await announce(
    trx,
    stored.map((row) => ({
      notificationId: row.id,
      userId: row.recipient_id,
      audience: row.audience,
    })),
  );
  return stored;
}
