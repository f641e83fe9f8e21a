import { sql } from 'kysely';
import type { Queryable } from '../context.js';

/** Raises the user's token version (every access token signed before carries a lower `ver`). */
export async function raiseTokenVersion(db: Queryable, userId: string): Promise<number> {
  const row = await db
    .updateTable('users')
    .set({
      token_version: sql`token_version + 1`,
      tokens_revoked_at: sql`now()`,
      updated_at: sql`now()`,
    })
    .where('id', '=', userId)
    .returning('token_version')
    .executeTakeFirstOrThrow();
  return row.token_version;
}

export interface RecentRevocations {
  now: Date;
  users: Array<{ userId: string; tokenVersion: number; at: Date }>;
  sessions: Array<{ userId: string; sessionId: string; at: Date }>;
}

/** Token versions raised and sessions revoked since `since` (both indexed on their time). */
export async function findRevocationsSince(db: Queryable, since: Date): Promise<RecentRevocations> {
  const [users, sessions, clock] = await Promise.all([
    db
      .selectFrom('users')
      .select(['id', 'token_version', 'tokens_revoked_at'])
      .where('tokens_revoked_at', '>=', since)
      .execute(),
    db
      .selectFrom('refresh_token_families')
      .select(['id', 'user_id', 'revoked_at'])
      .where('revoked_at', '>=', since)
      .execute(),
    sql<{ now: Date }>`SELECT now() AS now`.execute(db),
  ]);
  return {
    now: clock.rows[0]!.now,
    users: users.map((row) => ({
      userId: row.id,
      tokenVersion: row.token_version,
      at: row.tokens_revoked_at!,
    })),
    sessions: sessions.map((row) => ({
      userId: row.user_id,
      sessionId: row.id,
      at: row.revoked_at!,
    })),
  };
}
