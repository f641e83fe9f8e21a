import type { RevocationFeed } from '@souk/contracts';
import type { Revocation } from '@souk/platform';
import type { AuthContext, Queryable } from '../context.js';
import { revokeFamiliesOfUser, type RevokedFamily } from '../sessions/sessions.repository.js';
import { findRevocationsSince, raiseTokenVersion } from './revocations.repository.js';

/**
 * Ends every session of a user and revokes every access token already signed for it (disabled,
 * deleted or demoted): its refresh tokens stop working at once, and its access tokens as soon as
 * each verifier hears `auth.user.tokens_revoked` (a broadcast, or its next sync of the feed).
 * The caller hands the result to `applyLocally` once its transaction has committed.
 */
export async function revokeUserTokens(
  context: AuthContext,
  trx: Queryable,
  userId: string,
  reason: string,
): Promise<Revocation[]> {
  const tokenVersion = await raiseTokenVersion(trx, userId);
  await revokeFamiliesOfUser(trx, userId, reason);
  await context.bus.publish(trx, 'auth.user.tokens_revoked', { userId, tokenVersion });
  context.logger.info({ userId, tokenVersion, reason }, 'every token of the user revoked');
  return [{ kind: 'user', userId, tokenVersion, at: new Date() }];
}

/** Tells every verifier that these sessions ended, so their access tokens are refused too. */
export async function announceRevokedSessions(
  context: AuthContext,
  trx: Queryable,
  families: RevokedFamily[],
): Promise<Revocation[]> {
  for (const family of families) {
    await context.bus.publish(trx, 'auth.session.revoked', {
      userId: family.userId,
      sessionId: family.familyId,
    });
  }
  return families.map((family) => ({
    kind: 'session',
    userId: family.userId,
    sessionId: family.familyId,
    at: new Date(),
  }));
}

/**
 * After the commit: this instance refuses the tokens at once, without waiting for its own
 * broadcast to come back (the other instances and services hear the broadcast).
 */
export function applyLocally(context: AuthContext, revocations: Revocation[]): void {
  context.revocations.apply(revocations);
}

/**
 * The revocations a verifier must know: those since `since`, and never older than an access
 * token lives (plus a minute), since older ones only concern tokens that have expired.
 */
export async function readRevocationFeed(
  context: Pick<AuthContext, 'db' | 'accessTokens'>,
  since: string | undefined,
): Promise<RevocationFeed> {
  const keepSeconds = context.accessTokens.ttlSeconds;
  const floor = new Date(Date.now() - (keepSeconds + 60) * 1000);
  const asked = since === undefined ? undefined : new Date(since);
  const recent = await findRevocationsSince(context.db, asked && asked > floor ? asked : floor);
  return {
    now: recent.now.toISOString(),
    keepSeconds,
    users: recent.users.map((user) => ({ ...user, at: user.at.toISOString() })),
    sessions: recent.sessions.map((session) => ({ ...session, at: session.at.toISOString() })),
  };
}
