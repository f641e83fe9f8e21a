import { createHmac } from 'node:crypto';
import { createTestKeys, TEST_AUDIENCE, TEST_ISSUER, type TestKeys } from '@souk/testkit';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { createRevocations } from './revocations.js';
import { createTokenVerifier, type TokenVerifier } from './verifier.js';

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

describe('token verifier (used by every service)', () => {
  let keys: TestKeys;
  let verifier: TokenVerifier;
  let loads = 0;

  beforeAll(async () => {
    keys = await createTestKeys();
    verifier = createTokenVerifier({
      loadKeySet: async () => {
        loads += 1;
        return keys.jwks;
      },
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      reloadCooldownMs: 60_000,
    });
  });

  const rejects = (token: string) =>
    expect(verifier.verify(token)).rejects.toMatchObject({ code: 'unauthorized', status: 401 });

  it('accepts a token signed by the auth service key and reads who and what roles', async () => {
    const principal = await verifier.verify(
      await keys.sign({
        sub: '0b9e4d61-8f7c-4c2e-9f51-1d2c3b4a5e6f',
        roles: ['CLIENT', 'ADMIN', 'ROOT'],
      }),
    );
    expect(principal).toMatchObject({
      userId: '0b9e4d61-8f7c-4c2e-9f51-1d2c3b4a5e6f',
      roles: ['CLIENT', 'ADMIN'],
      isAdmin: true,
    });
  });

  it('refuses alg none', async () => {
    const header = base64url(
      JSON.stringify({ alg: 'none', typ: 'JWT', kid: keys.jwks.keys[0]!.kid }),
    );
    const payload = base64url(
      JSON.stringify({
        sub: 'x',
        roles: ['ADMIN'],
        iss: TEST_ISSUER,
        aud: TEST_AUDIENCE,
        jti: 'j',
        iat: 1,
        exp: 9_999_999_999,
      }),
    );
    await rejects(`${header}.${payload}.`);
  });

  it('refuses HS256 signed with the public key as the secret (algorithm confusion)', async () => {
    const jwk = keys.jwks.keys[0]!;
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: jwk.kid }));
    const payload = base64url(
      JSON.stringify({
        sub: 'x',
        roles: ['ADMIN'],
        iss: TEST_ISSUER,
        aud: TEST_AUDIENCE,
        jti: 'j',
        iat: 1,
        exp: 9_999_999_999,
      }),
    );
    for (const secret of [JSON.stringify(jwk), Buffer.from(jwk.x!, 'base64url')]) {
      const signature = createHmac('sha256', secret)
        .update(`${header}.${payload}`)
        .digest('base64url');
      await rejects(`${header}.${payload}.${signature}`);
    }
  });

  it('refuses a token carrying its own key in an embedded jwk header', async () => {
    const attacker = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const token = await new SignJWT({ roles: ['ADMIN'] })
      .setProtectedHeader({
        alg: 'EdDSA',
        jwk: await exportJWK(attacker.publicKey),
        kid: keys.jwks.keys[0]!.kid,
      })
      .setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE)
      .setSubject('x')
      .setJti('j')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(attacker.privateKey);
    await rejects(token);
  });

  it('refuses an expired token, a tampered payload, another issuer or audience, and garbage', async () => {
    await rejects(await keys.sign({ expiresIn: '-1m' }));
    const [header, payload, signature] = (await keys.sign({ roles: ['CLIENT'] })).split('.');
    const tampered = base64url(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload!, 'base64url').toString()),
        roles: ['ADMIN'],
      }),
    );
    await rejects(`${header}.${tampered}.${signature}`);
    await rejects(await keys.sign({ claims: { iss: 'someone-else' } }));
    await rejects(await keys.sign({ claims: { aud: 'another-app' } }));
    await rejects('not.a.token');
  });

  it('reads the session, the token version and the expiry, and refuses a token without a session or with a bad version', async () => {
    const principal = await verifier.verify(
      await keys.sign({ claims: { sid: 'session-1', ver: 4 } }),
    );
    expect(principal).toMatchObject({ sessionId: 'session-1', tokenVersion: 4 });
    expect(principal.expiresAt.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect((await verifier.verify(await keys.sign({}))).tokenVersion).toBe(0);
    await rejects(await keys.sign({ claims: { sid: undefined } }));
    await rejects(await keys.sign({ claims: { sid: '' } }));
    await rejects(await keys.sign({ claims: { ver: -1 } }));
    await rejects(await keys.sign({ claims: { ver: '2' } }));
  });

  it('refuses a token whose session or token version the revocation list names, and waits for the list before the first token', async () => {
    const userId = '0b9e4d61-8f7c-4c2e-9f51-1d2c3b4a5e6f';
    let release: () => void = () => {};
    const synced = new Promise<void>((resolve) => (release = resolve));
    const revocations = createRevocations({
      logger: createLogger({ name: 'verifier-test', level: 'silent' }),
      load: async () => {
        await synced;
        const at = new Date().toISOString();
        return {
          now: at,
          keepSeconds: 900,
          users: [{ userId, tokenVersion: 2, at }],
          sessions: [{ userId, sessionId: 'ended', at }],
        };
      },
    });
    const checking = createTokenVerifier({
      loadKeySet: async () => keys.jwks,
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      revocations,
    });
    const first = checking.verify(
      await keys.sign({ sub: userId, claims: { sid: 'ended', ver: 2 } }),
    );
    release();
    await expect(first).rejects.toMatchObject({
      code: 'unauthorized',
      message: 'The access token has been revoked',
    });
    await expect(
      checking.verify(await keys.sign({ sub: userId, claims: { sid: 'live', ver: 1 } })),
    ).rejects.toMatchObject({ status: 401 });
    await expect(
      checking.verify(await keys.sign({ sub: userId, claims: { sid: 'live', ver: 2 } })),
    ).resolves.toMatchObject({ userId });
    revocations.stop();
  });

  it('when the revocation list cannot be read at all, then tokens are not accepted blindly (503)', async () => {
    const revocations = createRevocations({
      logger: createLogger({ name: 'verifier-test', level: 'silent' }),
      load: async () => {
        throw new Error('auth unreachable');
      },
    });
    const checking = createTokenVerifier({
      loadKeySet: async () => keys.jwks,
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      revocations,
    });
    await expect(checking.verify(await keys.sign({}))).rejects.toMatchObject({
      code: 'unavailable',
      status: 503,
    });
  });

  it('reloads the key set for an unknown key id at most once per cooldown', async () => {
    const before = loads;
    const stranger = await createTestKeys();
    await rejects(await stranger.sign({}));
    await rejects(await stranger.sign({}));
    expect(loads - before).toBeLessThanOrEqual(1);
  });
});
