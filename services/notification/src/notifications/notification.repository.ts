import type { Notification, NotificationKind } from '@souk/contracts';
import {
  sql,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  type Transaction,
} from 'kysely';
import type { NotificationDatabase, NotificationsTable } from '../db/schema.js';
import type { Message } from '../messages/messages.js';

type Db = Kysely<NotificationDatabase> | Transaction<NotificationDatabase>;
type Row = Selectable<NotificationsTable>;

/** Which messages a query may touch: one user's own, the admins' shared ones, or both. */
export interface Scope {
  /** USER-audience messages of this user; null for none. */
  recipientId: string | null;
  /** ADMIN-audience messages. */
  includeAdmin: boolean;
  kind?: NotificationKind;
}

function inScope(scope: Scope) {
  return (eb: ExpressionBuilder<NotificationDatabase, 'notifications'>) => {
    const audiences = [];
    if (scope.recipientId !== null)
      audiences.push(
        eb.and([eb('audience', '=', 'USER'), eb('recipient_id', '=', scope.recipientId)]),
      );
    if (scope.includeAdmin) audiences.push(eb('audience', '=', 'ADMIN'));
    const visible = audiences.length > 0 ? eb.or(audiences) : eb.lit(false);
    return scope.kind ? eb.and([visible, eb('kind', '=', scope.kind)]) : visible;
  };
}

export type StoredRef = Pick<
  Row,
  'id' | 'recipient_id' | 'audience' | 'kind' | 'title' | 'body' | 'link'
>;

/** Inserts the messages of one event; a message this event already made is skipped, not returned. */
export async function insertMessages(
  trx: Db,
  sourceEventId: string,
  messages: Message[],
): Promise<StoredRef[]> {
  if (messages.length === 0) return [];
  return trx
    .insertInto('notifications')
    .values(
      messages.map((message) => ({
        recipient_id: message.recipientId,
        audience: message.audience,
        kind: message.kind,
        params: JSON.stringify(message.params),
        title: JSON.stringify(message.title),
        body: JSON.stringify(message.body),
        link: message.link,
        source_event_id: sourceEventId,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .returning(['id', 'recipient_id', 'audience', 'kind', 'title', 'body', 'link'])
    .execute();
}

export async function findNotification(db: Db, id: string): Promise<Row | undefined> {
  return db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listNotifications(
  db: Db,
  scope: Scope,
  options: { unreadOnly: boolean; limit: number; offset: number },
): Promise<{ rows: Row[]; total: number; unreadCount: number }> {
  let matching = db.selectFrom('notifications').where(inScope(scope));
  if (options.unreadOnly) matching = matching.where('read_at', 'is', null);
  const [rows, totals] = await Promise.all([
    matching
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit)
      .offset(options.offset)
      .execute(),
    db
      .selectFrom('notifications')
      .where(inScope(scope))
      .select((eb) => [
        eb.fn.countAll<number>().as('total'),
        eb.fn.countAll<number>().filterWhere('read_at', 'is', null).as('unread'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  return {
    rows,
    total: Number(options.unreadOnly ? totals.unread : totals.total),
    unreadCount: Number(totals.unread),
  };
}

/**
 * The newest `limit` messages in scope stored after the message `afterId` (by creation time, then
 * id, as the list orders them), oldest first. Nothing when `afterId` is not a message in scope.
 */
export async function listAfter(
  db: Db,
  scope: Scope,
  afterId: string,
  limit: number,
): Promise<Row[]> {
  const cursor = db
    .selectFrom('notifications')
    .select(['created_at', 'id'])
    .where('id', '=', afterId)
    .where(inScope(scope));
  const rows = await db
    .selectFrom('notifications')
    .selectAll()
    .where(inScope(scope))
    .where(sql<boolean>`(created_at, id) > (${cursor})`)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse();
}

export async function countUnread(db: Db, scope: Scope): Promise<number> {
  const { count } = await db
    .selectFrom('notifications')
    .where(inScope(scope))
    .where('read_at', 'is', null)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** Marks one message read (keeping the first read time) when it is in scope; undefined otherwise. */
export async function markRead(db: Db, id: string, scope: Scope): Promise<Row | undefined> {
  return db
    .updateTable('notifications')
    .set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.fn<Date>('now')) }))
    .where('id', '=', id)
    .where(inScope(scope))
    .returningAll()
    .executeTakeFirst();
}

export async function markAllRead(db: Db, scope: Scope): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set((eb) => ({ read_at: eb.fn<Date>('now') }))
    .where(inScope(scope))
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function toNotification(row: Row): Notification {
  return {
    id: row.id,
    recipient: row.recipient_id,
    audience: row.audience,
    kind: row.kind,
    params: row.params,
    title: row.title,
    body: row.body,
    link: row.link,
    readAt: row.read_at ? row.read_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    sourceEventId: row.source_event_id,
  };
}
