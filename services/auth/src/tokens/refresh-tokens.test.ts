import { describe, expect, it } from 'vitest';
import {
  decideRefresh,
  generateRefreshToken,
  hashRefreshToken,
  type StoredRefreshToken,
} from './refresh-tokens.js';

const now = new Date('2030-01-01T12:00:00Z');
const fresh: StoredRefreshToken = {
  usedAt: null,
  expiresAt: new Date('2030-01-31T12:00:00Z'),
  familyRevokedAt: null,
  userDisabledAt: null,
};

describe('refresh token rotation rules', () => {
  it('when an unused, unexpired token of a live family is presented, then it is rotated', () => {
    expect(decideRefresh(fresh, now)).toEqual({ outcome: 'rotate' });
  });

  it('when the token is unknown, then it is rejected without revoking anything', () => {
    expect(decideRefresh(undefined, now)).toEqual({
      outcome: 'reject',
      reason: 'unknown',
      revokeFamily: false,
    });
  });

  it('when an already used token comes back, then the whole family is revoked', () => {
    expect(decideRefresh({ ...fresh, usedAt: new Date('2030-01-01T11:00:00Z') }, now)).toEqual({
      outcome: 'reject',
      reason: 'reused',
      revokeFamily: true,
    });
  });

  it('when the family is already revoked, then even an unused token is rejected', () => {
    const decision = decideRefresh(
      { ...fresh, familyRevokedAt: new Date('2030-01-01T10:00:00Z') },
      now,
    );
    expect(decision).toEqual({ outcome: 'reject', reason: 'revoked', revokeFamily: false });
  });

  it('when the token expires exactly now, then it is rejected as expired', () => {
    expect(decideRefresh({ ...fresh, expiresAt: now }, now)).toMatchObject({
      outcome: 'reject',
      reason: 'expired',
    });
  });

  it('when the user was disabled, then the token is rejected and its family revoked', () => {
    const decision = decideRefresh(
      { ...fresh, userDisabledAt: new Date('2029-12-31T00:00:00Z') },
      now,
    );
    expect(decision).toEqual({ outcome: 'reject', reason: 'disabled', revokeFamily: true });
  });

  it('when tokens are generated, then they are 32 random bytes in base64url and hash to 64 hex digits', () => {
    const first = generateRefreshToken();
    const second = generateRefreshToken();
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(first, 'base64url')).toHaveLength(32);
    expect(first).not.toBe(second);
    expect(hashRefreshToken(first)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRefreshToken(first)).toBe(hashRefreshToken(first));
    expect(hashRefreshToken(first)).not.toBe(hashRefreshToken(second));
  });
});
