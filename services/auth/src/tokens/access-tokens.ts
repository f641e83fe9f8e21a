import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Jwks, Role } from '@souk/contracts';
import type { SigningKey } from './signing-key.js';

export interface AccessTokenSubject {
  userId: string;
  roles: Role[];
  /** The refresh token family (login session) this token belongs to. */
  sessionId: string;
  /** The account's token version: raising it revokes this token. */
  tokenVersion: number;
}

export interface AccessTokenSettings {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/**
 * The claims of an access token. Besides the registered claims every verifier checks (iss, aud,
 * sub, jti, iat, exp), `roles` drives authorization in every service, `sid` names the login
 * session (logging out revokes it) and `ver` the account's token version (disabling, deleting or
 * demoting the account raises it): verifiers refuse tokens whose session or version is revoked.
 */
export function accessTokenClaims(
  subject: AccessTokenSubject,
  settings: AccessTokenSettings,
  now: Date,
  tokenId: string = randomUUID(),
) {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return {
    iss: settings.issuer,
    aud: settings.audience,
    sub: subject.userId,
    jti: tokenId,
    iat: issuedAt,
    exp: issuedAt + settings.ttlSeconds,
    roles: [...subject.roles],
    sid: subject.sessionId,
    ver: subject.tokenVersion,
  };
}

export interface AccessTokenIssuer {
  readonly ttlSeconds: number;
  issue(subject: AccessTokenSubject, now?: Date): Promise<string>;
  /** The public keys verifiers need, as served at /.well-known/jwks.json. */
  jwks(): Jwks;
}

export function createAccessTokenIssuer(
  key: SigningKey,
  settings: AccessTokenSettings,
): AccessTokenIssuer {
  const jwks: Jwks = { keys: [key.publicJwk] };
  return {
    ttlSeconds: settings.ttlSeconds,
    issue(subject, now = new Date()) {
      return new SignJWT(accessTokenClaims(subject, settings, now))
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
        .sign(key.privateKey);
    },
    jwks: () => jwks,
  };
}
