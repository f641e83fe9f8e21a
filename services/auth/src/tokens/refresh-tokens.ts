import { createHash, randomBytes } from 'node:crypto';

/** An opaque refresh token: 32 random bytes, base64url. Only its hash is ever stored. */
export function generateRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** What the database knows about a presented refresh token, its family and its user. */
export interface StoredRefreshToken {
  usedAt: Date | null;
  expiresAt: Date;
  familyRevokedAt: Date | null;
  userDisabledAt: Date | null;
}

export type RefreshRejection = 'unknown' | 'revoked' | 'reused' | 'expired' | 'disabled';

export type RefreshDecision =
  { outcome: 'rotate' } | { outcome: 'reject'; reason: RefreshRejection; revokeFamily: boolean };

/**
 * Whether a presented refresh token may be exchanged for a new pair. A token that was already
 * used means two parties hold it (one of them a thief, or a replay): the whole family is revoked
 * so the thief's copy and the victim's newer tokens all stop working, and the user logs in again.
 */
export function decideRefresh(stored: StoredRefreshToken | undefined, now: Date): RefreshDecision {
  if (!stored) return { outcome: 'reject', reason: 'unknown', revokeFamily: false };
  if (stored.familyRevokedAt) return { outcome: 'reject', reason: 'revoked', revokeFamily: false };
  if (stored.usedAt) return { outcome: 'reject', reason: 'reused', revokeFamily: true };
  if (stored.expiresAt.getTime() <= now.getTime())
    return { outcome: 'reject', reason: 'expired', revokeFamily: false };
  if (stored.userDisabledAt) return { outcome: 'reject', reason: 'disabled', revokeFamily: true };
  return { outcome: 'rotate' };
}
