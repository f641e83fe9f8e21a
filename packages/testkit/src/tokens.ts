import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet, type JWTPayload } from 'jose';

export interface TestKeys {
  jwks: JSONWebKeySet;
  /** Signs an access token the way the auth service does; `claims` may override anything. */
  sign(options: {
    sub?: string;
    roles?: string[];
    expiresIn?: string;
    claims?: JWTPayload;
  }): Promise<string>;
}

export const TEST_ISSUER = 'souk-auth';
export const TEST_AUDIENCE = 'souk';

/** An Ed25519 key pair and its JWKS, for driving services in-process without the auth service. */
export async function createTestKeys(): Promise<TestKeys> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', {
    crv: 'Ed25519',
    extractable: true,
  });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
  return {
    jwks: { keys: [jwk] },
    async sign({ sub = randomUUID(), roles = ['CLIENT'], expiresIn = '15m', claims = {} }) {
      // Standard claims first, then `claims`, so a test can override any of them (iss, aud...).
      return new SignJWT({
        iss: TEST_ISSUER,
        aud: TEST_AUDIENCE,
        sub,
        jti: randomUUID(),
        sid: randomUUID(),
        roles,
        ...claims,
      })
        .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
        .setIssuedAt()
        .setExpirationTime(expiresIn)
        .sign(privateKey);
    },
  };
}
