import { sql } from 'kysely';
import type { Role } from '@souk/contracts';
import type { UserRow } from '../accounts/accounts.repository.js';
import type { Queryable } from '../context.js';

export interface UserFilter {
  q?: string;
  role?: Role;
  disabled?: boolean;
}

/** `%` and `_` typed by an admin are searched for literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
}

function filteredUsers(db: Queryable, filter: UserFilter) {
  let query = db.selectFrom('users');
  const q = filter.q?.trim();
  if (q) {
    const pattern = containsPattern(q);
    query = query.where((eb) =>
      eb.or([
        eb('email', 'ilike', pattern),
        eb('first_name', 'ilike', pattern),
        eb('last_name', 'ilike', pattern),
        eb(sql<string>`first_name || ' ' || last_name`, 'ilike', pattern),
      ]),
    );
  }
  if (filter.role) query = query.where(sql<boolean>`${filter.role}::text = ANY(roles)`);
  if (filter.disabled !== undefined)
    query = query.where('disabled_at', filter.disabled ? 'is not' : 'is', null);
  return query;
}

export async function findUsers(
  db: Queryable,
  filter: UserFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: UserRow[]; total: number }> {
  const [rows, counted] = await Promise.all([
    filteredUsers(db, filter)
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    filteredUsers(db, filter)
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(counted.total) };
}

export async function lockUser(db: Queryable, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Locks every active administrator, always in id order so two admin changes cannot deadlock. */
export async function lockActiveAdminIds(db: Queryable): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where(sql<boolean>`'ADMIN' = ANY(roles)`)
    .where('disabled_at', 'is', null)
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map((row) => row.id);
}

export async function saveAccountState(
  db: Queryable,
  id: string,
  state: { roles: Role[]; disabled: boolean },
): Promise<UserRow> {
  return db
    .updateTable('users')
    .set({
      roles: state.roles,
      disabled_at: state.disabled ? sql`coalesce(disabled_at, now())` : null,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
