import { sql, type SqlBool } from 'kysely';
import type { ClientStats } from '@souk/contracts';
import type { Queryable } from '../context.js';
import { clientColumns, type ClientRow } from '../profiles/profile.repository.js';

export interface ClientFilter {
  /** LIKE patterns that must all match the folded names and email. */
  patterns: string[];
  includeDeleted: boolean;
  limit: number;
  offset: number;
}

/** Newest first, ties broken by id so paging never repeats or skips a client. */
export async function selectClientPage(
  db: Queryable,
  filter: ClientFilter,
): Promise<{ rows: ClientRow[]; total: number }> {
  let query = db.selectFrom('clients').where('registered_at', 'is not', null);
  if (!filter.includeDeleted) query = query.where('deleted_at', 'is', null);
  for (const pattern of filter.patterns)
    query = query.where(sql<SqlBool>`search_text LIKE client_fold(${pattern})`);
  const [rows, count] = await Promise.all([
    query
      .select(clientColumns)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

/**
 * Marks the profile deleted, once: a second delete (even a concurrent one, which waits for the
 * first's row lock and then sees deleted_at set) changes nothing and returns undefined.
 */
export async function markClientDeleted(db: Queryable, id: string): Promise<ClientRow | undefined> {
  return db
    .updateTable('clients')
    .set({ deleted_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('registered_at', 'is not', null)
    .where('deleted_at', 'is', null)
    .returning(clientColumns)
    .executeTakeFirst();
}

export async function countClients(db: Queryable): Promise<ClientStats> {
  const row = await db
    .selectFrom('clients')
    .select([
      sql<number>`count(*)`.as('total'),
      sql<number>`count(*) FILTER (WHERE deleted_at IS NULL AND NOT disabled)`.as('active'),
      sql<number>`count(*) FILTER (WHERE deleted_at IS NULL AND disabled)`.as('disabled'),
      sql<number>`count(*) FILTER (WHERE deleted_at IS NOT NULL)`.as('deleted'),
      sql<number>`count(*) FILTER (WHERE created_at > now() - interval '30 days')`.as(
        'newLast30Days',
      ),
    ])
    .where('registered_at', 'is not', null)
    .executeTakeFirstOrThrow();
  return {
    total: Number(row.total),
    active: Number(row.active),
    disabled: Number(row.disabled),
    deleted: Number(row.deleted),
    newLast30Days: Number(row.newLast30Days),
  };
}
