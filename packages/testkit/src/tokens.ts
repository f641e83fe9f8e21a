import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet, type JWTPayload } from 'jose';

export interface TestKeys {
  jwks: JSONWebKeySet;
  /** Signs an access token the way the auth service does; `claims` may override anything. */
  sign(options: { sub?: string; roles?: string[]; expiresIn?: string; claims?: JWTPayload }): Promise<string>;
}

export const TEST_ISSUER = 'souk-auth';
export const TEST_AUDIENCE = 'souk';

/** An Ed25519 key pair and its JWKS, for driving services in-process without the auth service. */
export async function createTestKeys(): Promise<TestKeys> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
  return {
    jwks: { keys: [jwk] },
    async sign({ sub = randomUUID(), roles = ['CLIENT'], expiresIn = '15m', claims = {} }) {
      return new SignJWT({ roles, ...claims })
        .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
        .setIssuer(TEST_ISSUER)
        .setAudience(TEST_AUDIENCE)
        .setSubject(sub)
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime(expiresIn)
        .sign(privateKey);
    },
  };
}
