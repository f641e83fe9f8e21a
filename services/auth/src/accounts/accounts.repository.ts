import { sql, type Selectable } from 'kysely';
import type { Role } from '@souk/contracts';
import type { Queryable } from '../context.js';
import type { UsersTable } from '../db/schema.js';

export type UserRow = Selectable<UsersTable>;

export interface NewUserRow {
  id: string;
  email: string;
  passwordHash: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  roles: Role[];
}

export async function findUserByEmail(
  db: Queryable,
  normalizedEmail: string,
): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql<string>`lower(email)`, '=', normalizedEmail)
    .executeTakeFirst();
}

export async function findUserById(db: Queryable, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts the user unless the email is taken (case-insensitively); undefined when it was. */
export async function insertUser(db: Queryable, user: NewUserRow): Promise<UserRow | undefined> {
  return db
    .insertInto('users')
    .values({
      id: user.id,
      email: user.email,
      password_hash: user.passwordHash,
      first_name: user.firstName,
      last_name: user.lastName,
      phone: user.phone,
      roles: user.roles,
    })
    .onConflict((conflict) => conflict.expression(sql`lower(email)`).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function updatePasswordHash(
  db: Queryable,
  userId: string,
  passwordHash: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, updated_at: sql`now()` })
    .where('id', '=', userId)
    .execute();
}

/** Adds a role unless the user has it; true when something changed. */
export async function addRole(db: Queryable, userId: string, role: Role): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ roles: sql`array_append(roles, ${role}::text)`, updated_at: sql`now()` })
    .where('id', '=', userId)
    .where(sql<boolean>`NOT (${role}::text = ANY(roles))`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
