import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from 'jose';
import { JWKS_PATH, REVOCATIONS_PATH, type App, type RevocationFeed } from '@souk/platform';
import { createTestKeys, TEST_AUDIENCE, TEST_ISSUER, type TestKeys } from '@souk/testkit';
import { call, startGateway, startUpstream, serveTokenKeys } from './support.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('tokens at the edge', () => {
  let keys: TestKeys;
  /** A second key the fake auth service also publishes, to sign tokens with chosen claims. */
  let craftKey: { privateKey: CryptoKey; kid: string };
  let gateway: { app: App; url: string };
  const upstreams: App[] = [];
  const received: string[] = [];
  /** What the stand-in auth service's revocation feed lists. */
  const revoked: Partial<RevocationFeed> = { users: [], sessions: [] };

  beforeAll(async () => {
    keys = await createTestKeys();
    const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    craftKey = { privateKey: pair.privateKey, kid: randomUUID() };
    const craftJwk = {
      ...(await exportJWK(pair.publicKey)),
      kid: craftKey.kid,
      alg: 'EdDSA',
      use: 'sig',
    };

    const record = (service: string) => (app: App) => {
      app.addHook('onRequest', async (request) => {
        if (request.url !== JWKS_PATH && !request.url.startsWith(REVOCATIONS_PATH))
          received.push(`${service} ${request.method} ${request.url}`);
      });
      app.route({
        method: ['GET', 'HEAD', 'POST', 'DELETE'],
        url: '/api/*',
        handler: async () => ({ service }),
      });
    };
    const auth = await startUpstream('auth', (app) => {
      serveTokenKeys(
        app,
        () => ({ keys: [...keys.jwks.keys, craftJwk] }),
        () => revoked,
      );
      record('auth')(app);
    });
    const product = await startUpstream('product', record('product'));
    const order = await startUpstream('order', record('order'));
    const notification = await startUpstream('notification', record('notification'));
    upstreams.push(auth.app, product.app, order.app, notification.app);
    gateway = await startGateway(
      { auth: auth.url, product: product.url, order: order.url, notification: notification.url },
      { CATALOG_CACHE_TTL_MS: '0', REVOCATION_SYNC_MS: '100' },
    );
  });

  afterAll(async () => {
    await gateway?.app.close();
    await Promise.all(upstreams.map((app) => app.close()));
  });

  function craft(claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
    return new SignJWT({ roles: ['CLIENT'], sid: randomUUID(), ...claims })
      .setProtectedHeader({ alg: 'EdDSA', kid: craftKey.kid, typ: 'JWT', ...header })
      .setSubject(randomUUID())
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(craftKey.privateKey);
  }

  async function expectRefused(token: string, what: string) {
    received.length = 0;
    const answer = await call(gateway.url, '/api/orders', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(answer.status, what).toBe(401);
    expect(answer.headers['content-type'], what).toContain('application/problem+json');
    expect(answer.json(), what).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(received, `${what}: nothing may reach the service`).toEqual([]);
  }

  it('when a valid token is sent, then the protected call goes through', async () => {
    const answer = await call(gateway.url, '/api/orders', {
      headers: { authorization: `Bearer ${await keys.sign({})}` },
    });
    expect(answer.status).toBe(200);
    const crafted = await craft({ iss: TEST_ISSUER, aud: TEST_AUDIENCE });
    expect(
      (await call(gateway.url, '/api/orders', { headers: { authorization: `Bearer ${crafted}` } }))
        .status,
    ).toBe(200);
  });

  it('when the auth service revokes a session or every token of a user, then the edge refuses those tokens within a sync', async () => {
    const userId = randomUUID();
    const sessionId = randomUUID();
    const inSession = await keys.sign({ sub: userId, claims: { sid: sessionId } });
    const older = await keys.sign({ sub: userId, claims: { ver: 1 } });
    const newer = await keys.sign({ sub: userId, claims: { ver: 2 } });
    for (const token of [inSession, older, newer])
      expect(
        (await call(gateway.url, '/api/orders', { headers: { authorization: `Bearer ${token}` } }))
          .status,
      ).toBe(200);
    const at = new Date().toISOString();
    revoked.sessions = [{ userId, sessionId, at }];
    revoked.users = [{ userId, tokenVersion: 2, at }];
    await expect
      .poll(
        async () =>
          (
            await call(gateway.url, '/api/orders', {
              headers: { authorization: `Bearer ${older}` },
            })
          ).status,
        { timeout: 2_000 },
      )
      .toBe(401);
    await expectRefused(inSession, 'revoked session');
    await expectRefused(older, 'older token version');
    expect(
      (await call(gateway.url, '/api/orders', { headers: { authorization: `Bearer ${newer}` } }))
        .status,
    ).toBe(200);
  });

  it('when a token has alg none, then it is a 401', async () => {
    const valid = await keys.sign({ roles: ['ADMIN'] });
    const payload = valid.split('.')[1];
    await expectRefused(`${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`, 'alg none');
  });

  it('when a token is HS256-signed with the public key as the secret, then it is a 401', async () => {
    const jwk = keys.jwks.keys[0] as JWK;
    for (const secret of [
      Buffer.from(JSON.stringify(jwk)),
      Buffer.from(jwk.x!, 'base64url'),
      Buffer.from(jwk.x!),
    ]) {
      const token = await new SignJWT({ roles: ['ADMIN'] })
        .setProtectedHeader({ alg: 'HS256', kid: jwk.kid, typ: 'JWT' })
        .setIssuer(TEST_ISSUER)
        .setAudience(TEST_AUDIENCE)
        .setSubject(randomUUID())
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(secret);
      await expectRefused(token, 'HS256 with public key material');
    }
  });

  it('when a token embeds its own jwk in the header, then that key is not trusted', async () => {
    const attacker = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const attackerJwk = await exportJWK(attacker.publicKey);
    for (const kid of [(keys.jwks.keys[0] as JWK).kid, undefined]) {
      const token = await new SignJWT({ roles: ['ADMIN'] })
        .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', jwk: attackerJwk, ...(kid ? { kid } : {}) })
        .setIssuer(TEST_ISSUER)
        .setAudience(TEST_AUDIENCE)
        .setSubject(randomUUID())
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(attacker.privateKey);
      await expectRefused(token, `embedded jwk, kid ${kid ?? 'absent'}`);
    }
  });

  it('when a token has expired, then it is a 401', async () => {
    await expectRefused(await keys.sign({ expiresIn: '-1m' }), 'expired');
  });

  it('when a token payload is tampered with, then it is a 401', async () => {
    const [header, payload, signature] = (await keys.sign({ roles: ['CLIENT'] })).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    await expectRefused(
      `${header}.${b64({ ...claims, roles: ['ADMIN'] })}.${signature}`,
      'tampered',
    );
  });

  it('when a token names another issuer or audience, then it is a 401', async () => {
    await expectRefused(await craft({ iss: 'someone-else', aud: TEST_AUDIENCE }), 'wrong issuer');
    await expectRefused(await craft({ iss: TEST_ISSUER, aud: 'another-app' }), 'wrong audience');
  });

  it('when no token or a malformed Authorization is sent on a protected route, then it is a 401', async () => {
    received.length = 0;
    for (const headers of [
      {},
      { authorization: 'Basic dXNlcjpwYXNz' },
      { authorization: 'Bearer not-a-jwt' },
    ] as Array<Record<string, string>>) {
      const answer = await call(gateway.url, '/api/orders', {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(answer.status).toBe(401);
    }
    for (const path of [
      '/api/auth/me',
      '/api/auth/users',
      '/api/notifications',
      '/api/ops/product/dead-letters',
      '/api/images',
    ]) {
      expect((await call(gateway.url, path)).status, path).toBe(401);
    }
    expect(
      (
        await call(gateway.url, '/api/products', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(401);
    expect((await call(gateway.url, '/api/products/p1', { method: 'DELETE' })).status).toBe(401);
    expect(received).toEqual([]);
  });

  it('when a public route is called without a token, then it goes through', async () => {
    received.length = 0;
    const publicCalls: Array<[string, 'GET' | 'HEAD' | 'POST']> = [
      ['/api/products?q=tea', 'GET'],
      ['/api/products/p1', 'HEAD'],
      ['/api/categories', 'GET'],
      ['/api/images/p1.webp', 'GET'],
      ['/api/auth/register', 'POST'],
      ['/api/auth/login', 'POST'],
      ['/api/auth/refresh', 'POST'],
      ['/api/auth/logout', 'POST'],
      [JWKS_PATH, 'GET'],
    ];
    for (const [path, method] of publicCalls) {
      const body =
        method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {};
      expect((await call(gateway.url, path, { method, ...body })).status, `${method} ${path}`).toBe(
        200,
      );
    }
    expect(received.length).toBe(publicCalls.length - 1);
  });

  it('when access_token is given on the event stream, then it is verified like a header', async () => {
    const expired = await keys.sign({ expiresIn: '-1m' });
    expect(
      (await call(gateway.url, `/api/notifications/stream?access_token=${expired}`)).status,
    ).toBe(401);
    expect((await call(gateway.url, '/api/notifications/stream?access_token=garbage')).status).toBe(
      401,
    );
    const valid = await keys.sign({});
    expect(
      (
        await call(
          gateway.url,
          `/api/notifications/stream?access_token=${valid}&access_token=${valid}`,
        )
      ).status,
    ).toBe(401);
    expect((await call(gateway.url, `/api/notifications/other?access_token=${valid}`)).status).toBe(
      401,
    );
  });

  it('when the system view is asked for, then it needs an ADMIN token', async () => {
    expect((await call(gateway.url, '/api/system/services')).status).toBe(401);
    const client = await call(gateway.url, '/api/system/services', {
      headers: { authorization: `Bearer ${await keys.sign({ roles: ['CLIENT'] })}` },
    });
    expect(client.status).toBe(403);
    expect(client.json()).toMatchObject({ code: 'forbidden' });
    const admin = await call(gateway.url, '/api/system/services', {
      headers: { authorization: `Bearer ${await keys.sign({ roles: ['ADMIN'] })}` },
    });
    expect(admin.status).toBe(200);
  });
});
