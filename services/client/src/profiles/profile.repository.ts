import { sql, type Selectable } from 'kysely';
import type { Queryable } from '../context.js';
import type { ClientsTable } from '../db/schema.js';

export type ClientRow = Selectable<Omit<ClientsTable, 'search_text'>>;

const clientColumns = [
  'id',
  'user_id',
  'email',
  'first_name',
  'last_name',
  'phone',
  'registered_at',
  'disabled',
  'access_changed_at',
  'deleted_at',
  'created_at',
  'updated_at',
] as const;

export interface ProfileChanges {
  firstName?: string;
  lastName?: string;
  phone?: string | null;
}

/**
 * A profile the API may show: placeholder rows (an access event that beat the registration
 * event) stay hidden until the registration arrives. `lock` holds the row until the transaction
 * ends, so concurrent changes of one client (its addresses above all) run one after the other.
 */
export async function selectClientByUserId(
  db: Queryable,
  userId: string,
  options: { lock?: boolean } = {},
): Promise<ClientRow | undefined> {
  let query = db
    .selectFrom('clients')
    .select(clientColumns)
    .where('user_id', '=', userId)
    .where('registered_at', 'is not', null);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function selectClientById(
  db: Queryable,
  id: string,
  options: { lock?: boolean } = {},
): Promise<ClientRow | undefined> {
  let query = db
    .selectFrom('clients')
    .select(clientColumns)
    .where('id', '=', id)
    .where('registered_at', 'is not', null);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function updateClientRow(
  db: Queryable,
  id: string,
  changes: ProfileChanges,
): Promise<ClientRow> {
  return db
    .updateTable('clients')
    .set({
      ...(changes.firstName === undefined ? {} : { first_name: changes.firstName }),
      ...(changes.lastName === undefined ? {} : { last_name: changes.lastName }),
      ...(changes.phone === undefined ? {} : { phone: changes.phone }),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .returning(clientColumns)
    .executeTakeFirstOrThrow();
}

/** Records that something under the profile (an address) changed. */
export async function touchClient(db: Queryable, id: string): Promise<void> {
  await db
    .updateTable('clients')
    .set({ updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

export { clientColumns };
