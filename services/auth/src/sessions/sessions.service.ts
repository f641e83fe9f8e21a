import { randomUUID } from 'node:crypto';
import type { AuthTokens, Role } from '@souk/contracts';
import { AppError, type Revocation } from '@souk/platform';
import { canonicalRoles } from '../accounts/account-rules.js';
import type { AuthContext, Queryable } from '../context.js';
import { announceRevokedSessions, applyLocally } from '../revocations/revocations.service.js';
import {
  decideRefresh,
  generateRefreshToken,
  hashRefreshToken,
  type RefreshRejection,
} from '../tokens/refresh-tokens.js';
import {
  findFamilyIdOfToken,
  insertFamily,
  insertRefreshToken,
  lockRefreshToken,
  type LockedRefreshToken,
  markRefreshTokenUsed,
  revokeFamily,
} from './sessions.repository.js';

export interface SessionUser {
  id: string;
  email: string;
  roles: Role[];
  token_version: number;
}

// One answer for every refusal: a caller learns nothing about why a token stopped working.
const invalidRefreshToken = () =>
  new AppError('unauthorized', 'The refresh token is invalid, expired or revoked');

/** Starts a login session (a new refresh token family) inside the caller's transaction. */
export async function openSession(
  context: AuthContext,
  trx: Queryable,
  user: SessionUser,
): Promise<AuthTokens> {
  const familyId = randomUUID();
  await insertFamily(trx, { id: familyId, userId: user.id });
  return issueTokens(context, trx, familyId, user);
}

/**
 * Swaps a refresh token for a new pair. The token row is locked, so of two concurrent refreshes
 * with one token the second sees it used: that counts as reuse and ends the session.
 */
export async function refreshSession(
  context: AuthContext,
  refreshToken: string,
): Promise<AuthTokens> {
  const tokenHash = hashRefreshToken(refreshToken);
  type Outcome =
    | { tokens: AuthTokens }
    | { rejected: RefreshRejection; stored: LockedRefreshToken | undefined; revoked: Revocation[] };
  const outcome = await context.db.transaction().execute(async (trx): Promise<Outcome> => {
    const stored = await lockRefreshToken(trx, tokenHash);
    const decision = decideRefresh(stored, new Date());
    if (decision.outcome === 'reject') {
      // The revocation must commit even though the caller gets a 401, so it is not thrown here.
      const revoked =
        stored && decision.revokeFamily
          ? await announceRevokedSessions(
              context,
              trx,
              await revokeFamily(trx, stored.familyId, `refresh token ${decision.reason}`),
            )
          : [];
      return { rejected: decision.reason, stored, revoked };
    }
    await markRefreshTokenUsed(trx, tokenHash);
    const user = {
      id: stored!.userId,
      email: stored!.email,
      roles: stored!.roles,
      token_version: stored!.tokenVersion,
    };
    return { tokens: await issueTokens(context, trx, stored!.familyId, user) };
  });
  if ('tokens' in outcome) return outcome.tokens;
  applyLocally(context, outcome.revoked);
  logRejection(context, outcome.rejected, outcome.stored);
  throw invalidRefreshToken();
}

/**
 * Logs out: the token's whole family stops working, and so do the access tokens signed in that
 * session. An unknown token is not an error.
 */
export async function endSession(context: AuthContext, refreshToken: string): Promise<void> {
  const familyId = await findFamilyIdOfToken(context.db, hashRefreshToken(refreshToken));
  if (!familyId) return;
  const revoked = await context.db
    .transaction()
    .execute(async (trx) =>
      announceRevokedSessions(context, trx, await revokeFamily(trx, familyId, 'logout')),
    );
  applyLocally(context, revoked);
}

async function issueTokens(
  context: AuthContext,
  trx: Queryable,
  familyId: string,
  user: SessionUser,
): Promise<AuthTokens> {
  const refreshToken = generateRefreshToken();
  await insertRefreshToken(trx, {
    tokenHash: hashRefreshToken(refreshToken),
    familyId,
    expiresAt: new Date(Date.now() + context.refreshTokenTtlSeconds * 1000),
  });
  const roles = canonicalRoles(user.roles);
  const accessToken = await context.accessTokens.issue({
    userId: user.id,
    roles,
    sessionId: familyId,
    tokenVersion: user.token_version,
  });
  return {
    user: { id: user.id, email: user.email, roles },
    accessToken,
    refreshToken,
    expiresIn: context.accessTokens.ttlSeconds,
  };
}

function logRejection(
  context: AuthContext,
  reason: RefreshRejection,
  stored: { userId: string; familyId: string } | undefined,
): void {
  if (reason === 'reused') {
    context.logger.warn(
      { userId: stored?.userId, familyId: stored?.familyId },
      'refresh token reused: session revoked',
    );
  } else {
    context.logger.info({ reason, userId: stored?.userId }, 'refresh refused');
  }
}
