import { sql } from 'kysely';
import type { Role } from '@souk/contracts';
import type { Queryable } from '../context.js';
import type { StoredRefreshToken } from '../tokens/refresh-tokens.js';

export interface LockedRefreshToken extends StoredRefreshToken {
  familyId: string;
  userId: string;
  email: string;
  roles: Role[];
  tokenVersion: number;
}

export async function insertFamily(
  db: Queryable,
  family: { id: string; userId: string },
): Promise<void> {
  await db
    .insertInto('refresh_token_families')
    .values({ id: family.id, user_id: family.userId, revoked_at: null, revoked_reason: null })
    .execute();
}

export async function insertRefreshToken(
  db: Queryable,
  token: { tokenHash: string; familyId: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('refresh_tokens')
    .values({
      token_hash: token.tokenHash,
      family_id: token.familyId,
      expires_at: token.expiresAt,
      used_at: null,
    })
    .execute();
}

/**
 * Reads a refresh token with its family and user, locking the token and family rows until the
 * transaction ends: a second refresh with the same token waits, then sees it used.
 */
export async function lockRefreshToken(
  db: Queryable,
  tokenHash: string,
): Promise<LockedRefreshToken | undefined> {
  const row = await db
    .selectFrom('refresh_tokens as t')
    .innerJoin('refresh_token_families as f', 'f.id', 't.family_id')
    .innerJoin('users as u', 'u.id', 'f.user_id')
    .select([
      't.used_at',
      't.expires_at',
      'f.id as family_id',
      'f.revoked_at',
      'u.id as user_id',
      'u.email',
      'u.roles',
      'u.disabled_at',
      'u.token_version',
    ])
    .where('t.token_hash', '=', tokenHash)
    .forUpdate(['t', 'f'])
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    usedAt: row.used_at,
    expiresAt: row.expires_at,
    familyRevokedAt: row.revoked_at,
    userDisabledAt: row.disabled_at,
    familyId: row.family_id,
    userId: row.user_id,
    email: row.email,
    roles: row.roles,
    tokenVersion: row.token_version,
  };
}

export async function markRefreshTokenUsed(db: Queryable, tokenHash: string): Promise<void> {
  await db
    .updateTable('refresh_tokens')
    .set({ used_at: sql`now()` })
    .where('token_hash', '=', tokenHash)
    .execute();
}

export async function findFamilyIdOfToken(
  db: Queryable,
  tokenHash: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('refresh_tokens')
    .select('family_id')
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row?.family_id;
}

/** A login session that has just been revoked. */
export interface RevokedFamily {
  familyId: string;
  userId: string;
}

/** Revokes one session unless it already is; what was revoked comes back. */
export async function revokeFamily(
  db: Queryable,
  familyId: string,
  reason: string,
): Promise<RevokedFamily[]> {
  const rows = await db
    .updateTable('refresh_token_families')
    .set({ revoked_at: sql`now()`, revoked_reason: reason })
    .where('id', '=', familyId)
    .where('revoked_at', 'is', null)
    .returning(['id', 'user_id'])
    .execute();
  return rows.map((row) => ({ familyId: row.id, userId: row.user_id }));
}

/** Revokes every live session of a user, except `keepFamilyId` when given. */
export async function revokeFamiliesOfUser(
  db: Queryable,
  userId: string,
  reason: string,
  keepFamilyId?: string,
): Promise<RevokedFamily[]> {
  let query = db
    .updateTable('refresh_token_families')
    .set({ revoked_at: sql`now()`, revoked_reason: reason })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (keepFamilyId) query = query.where('id', '!=', keepFamilyId);
  const rows = await query.returning(['id', 'user_id']).execute();
  return rows.map((row) => ({ familyId: row.id, userId: row.user_id }));
}

/**
 * Drops refresh tokens past expiry and sessions that can no longer be used. A grace period keeps
 * recently expired rows, so a late replay of a stolen token still finds its (revoked) family.
 */
export async function purgeDeadSessions(db: Queryable, graceSeconds: number): Promise<number> {
  const cutoff = sql<Date>`now() - make_interval(secs => ${graceSeconds})`;
  const tokens = await db
    .deleteFrom('refresh_tokens')
    .where('expires_at', '<', cutoff)
    .executeTakeFirst();
  const families = await db
    .deleteFrom('refresh_token_families')
    .where((eb) =>
      eb.or([
        eb('revoked_at', '<', cutoff),
        eb.not(
          eb.exists(
            eb
              .selectFrom('refresh_tokens')
              .select(sql`1`.as('one'))
              .whereRef('refresh_tokens.family_id', '=', 'refresh_token_families.id'),
          ),
        ),
      ]),
    )
    .where('created_at', '<', cutoff)
    .executeTakeFirst();
  return Number(tokens.numDeletedRows) + Number(families.numDeletedRows);
}
