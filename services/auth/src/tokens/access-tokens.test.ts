import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@souk/platform';
import { accessTokenClaims, createAccessTokenIssuer } from './access-tokens.js';
import { generatePrivateJwk, loadSigningKey } from './signing-key.js';

const settings = { issuer: 'souk-auth', audience: 'souk', ttlSeconds: 900 };
const subject = {
  userId: '3b241101-e2bb-4255-8caf-4136c566a962',
  roles: ['CLIENT' as const],
  sessionId: 'b7c0ad63-6c65-4f9c-9d5c-3c3bd0bd1b1a',
  tokenVersion: 3,
};

describe('access token claims', () => {
  it('when claims are built, then they carry iss, aud, sub, jti, roles, the session, the token version and expire after the TTL', () => {
    const now = new Date('2030-01-01T00:00:00.750Z');
    const claims = accessTokenClaims(subject, settings, now, 'token-1');
    expect(claims).toEqual({
      iss: 'souk-auth',
      aud: 'souk',
      sub: subject.userId,
      jti: 'token-1',
      iat: 1893456000,
      exp: 1893456000 + 900,
      roles: ['CLIENT'],
      sid: subject.sessionId,
      ver: 3,
    });
  });

  it('when two tokens are issued for the same user, then their jti differ', () => {
    const now = new Date();
    expect(accessTokenClaims(subject, settings, now).jti).not.toBe(
      accessTokenClaims(subject, settings, now).jti,
    );
  });
});

describe('access token issuer', () => {
  it('when a token is issued, then it is an EdDSA JWT with kid and typ that verifies against the published JWKS', async () => {
    const key = await loadSigningKey({
      privateJwk: JSON.stringify(await generatePrivateJwk()),
      logger: createLogger({ name: 't', level: 'silent' }),
    });
    const issuer = createAccessTokenIssuer(key, settings);
    const token = await issuer.issue({ ...subject, roles: ['CLIENT', 'ADMIN'] });

    expect(decodeProtectedHeader(token)).toEqual({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' });
    const { payload } = await jwtVerify(token, createLocalJWKSet(issuer.jwks()), {
      issuer: 'souk-auth',
      audience: 'souk',
      algorithms: ['EdDSA'],
    });
    expect(payload).toMatchObject({
      sub: subject.userId,
      roles: ['CLIENT', 'ADMIN'],
      sid: subject.sessionId,
    });
    expect(payload.exp! - payload.iat!).toBe(900);
    expect(issuer.jwks().keys).toEqual([key.publicJwk]);
  });
});
