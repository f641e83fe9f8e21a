import { sql } from 'kysely';
import type { Queryable } from '../context.js';

/** Stores a new link's token hash; the account's earlier unused links stop working. */
export async function insertPasswordReset(
  db: Queryable,
  reset: { tokenHash: string; userId: string; expiresAt: Date },
): Promise<void> {
  await db
    .updateTable('password_resets')
    .set({ used_at: sql`now()` })
    .where('user_id', '=', reset.userId)
    .where('used_at', 'is', null)
    .execute();
  await db
    .insertInto('password_resets')
    .values({ token_hash: reset.tokenHash, user_id: reset.userId, expires_at: reset.expiresAt })
    .execute();
}

export interface LockedPasswordReset {
  userId: string;
  expired: boolean;
  usedAt: Date | null;
}

/** The link with this token hash, locked until the transaction ends (two confirmations race). */
export async function lockPasswordReset(
  db: Queryable,
  tokenHash: string,
): Promise<LockedPasswordReset | undefined> {
  const row = await db
    .selectFrom('password_resets')
    .select(['user_id', 'used_at', sql<boolean>`expires_at <= now()`.as('expired')])
    .where('token_hash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst();
  return row && { userId: row.user_id, expired: row.expired, usedAt: row.used_at };
}

export async function markPasswordResetUsed(db: Queryable, tokenHash: string): Promise<void> {
  await db
    .updateTable('password_resets')
    .set({ used_at: sql`now()` })
    .where('token_hash', '=', tokenHash)
    .execute();
}

/** Forgets links that expired more than a day ago (a day to still say "expired" rather than "unknown"). */
export async function purgeExpiredPasswordResets(db: Queryable): Promise<number> {
  const result = await db
    .deleteFrom('password_resets')
    .where('expires_at', '<', sql<Date>`now() - interval '1 day'`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
