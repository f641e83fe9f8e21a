import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { BODY_LIMIT_BYTES, IMAGE_UPLOAD_BODY_LIMIT_BYTES } from '@souk/contracts';
import { AppError, JWKS_PATH, REVOCATIONS_PATH, type App } from '@souk/platform';
import { createTestKeys } from '@souk/testkit';
import {
  call,
  recordingDiscovery,
  startGateway,
  startUpstream,
  serveTokenKeys,
} from './support.js';

describe('body limits and instance health', () => {
  const upstreams: App[] = [];
  let gateway: { app: App; url: string };
  let failures: string[];
  let deadUrl = '';
  let adminToken = '';
  /** Requests the services saw, JWKS aside. */
  const seen: string[] = [];

  beforeAll(async () => {
    const keys = await createTestKeys();
    const record = (app: App) =>
      app.addHook('onRequest', async (request) => {
        if (request.url !== JWKS_PATH && !request.url.startsWith(REVOCATIONS_PATH))
          seen.push(`${request.method} ${request.url}`);
      });
    // Each fake service refuses bodies over its own limit, as the real ones do.
    const auth = await startUpstream(
      'auth',
      (app) => {
        record(app);
        serveTokenKeys(app, () => keys.jwks);
        app.post('/api/auth/login', async () => ({ accessToken: 'a.b.c' }));
      },
      { bodyLimit: BODY_LIMIT_BYTES.auth },
    );
    const product = await startUpstream(
      'product',
      (app) => {
        record(app);
        app.addContentTypeParser('image/png', { parseAs: 'buffer' }, (_request, body, done) =>
          done(null, body),
        );
        app.post('/api/products/:id/image', async () => ({ uploaded: true }));
        app.get('/api/products/missing', async () => {
          throw new AppError('not_found', 'No such product');
        });
        app.post('/api/products', async () => {
          throw new AppError('conflict', 'Already there');
        });
      },
      { bodyLimit: IMAGE_UPLOAD_BODY_LIMIT_BYTES },
    );
    // A service whose own limit is below the table's (a route that accepts less): it answers 413
    // and closes while the gateway still writes.
    const order = await startUpstream(
      'order',
      (app) => app.post('/api/orders', async () => ({ placed: true })),
      { bodyLimit: 1024 },
    );
    const dead = await startUpstream('client', () => {});
    await dead.app.close();
    deadUrl = dead.url;
    upstreams.push(auth.app, product.app, order.app);
    const recorded = recordingDiscovery({
      auth: auth.url,
      product: product.url,
      order: order.url,
      client: dead.url,
    });
    failures = recorded.failures;
    gateway = await startGateway(
      {},
      { CATALOG_CACHE_TTL_MS: '0' },
      { discovery: recorded.discovery },
    );
    adminToken = await keys.sign({ roles: ['ADMIN'] });
  });

  afterAll(async () => {
    await gateway?.app.close();
    await Promise.all(upstreams.map((app) => app.close()));
  });

  const login = (body: string | Buffer | Readable) =>
    request(`${gateway.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      headersTimeout: 5_000,
    });

  it('when a login body is over the auth service limit but under any other, then the gateway answers 413 and the service never sees it', async () => {
    seen.length = 0;
    failures.length = 0;
    const oversize = JSON.stringify({
      email: 'a@example.com',
      password: 'x'.repeat(BODY_LIMIT_BYTES.auth),
    });
    expect(oversize.length).toBeLessThan(BODY_LIMIT_BYTES.order);

    const declared = await login(oversize);
    expect(declared.statusCode).toBe(413);
    expect(declared.headers['content-type']).toContain('application/problem+json');
    expect(await declared.body.json()).toMatchObject({ status: 413, code: 'payload_too_large' });

    const chunked = await login(Readable.from([oversize.slice(0, 10_000), oversize.slice(10_000)]));
    expect(chunked.statusCode).toBe(413);
    expect(await chunked.body.json()).toMatchObject({ code: 'payload_too_large' });
    expect(seen).toEqual([]);

    // The instance is as healthy as before: the next login goes through at once.
    const next = await login(JSON.stringify({ email: 'a@example.com', password: 'secret' }));
    expect(next.statusCode).toBe(200);
    await next.body.dump();
    expect(seen).toEqual(['POST /api/auth/login']);
    expect(failures).toEqual([]);
  });

  it('when an image upload or a product created with its image is over the image limit, then the gateway answers 413; under it, the product service gets it', async () => {
    for (const path of ['/api/products/p1/image', '/api/products']) {
      seen.length = 0;
      const upload = (bytes: number) =>
        call(gateway.url, path, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'image/png' },
          body: Buffer.alloc(bytes, 1),
        });
      expect((await upload(IMAGE_UPLOAD_BODY_LIMIT_BYTES + 1)).json(), path).toMatchObject({
        status: 413,
        code: 'payload_too_large',
      });
      expect(seen).toEqual([]);
      expect((await upload(IMAGE_UPLOAD_BODY_LIMIT_BYTES)).status, path).toBeLessThan(500);
      expect(seen).toEqual([`POST ${path}`]);
    }
  });

  it('when the service answers 4xx, even refusing a body it will not read, then its instance is not reported failed', async () => {
    failures.length = 0;
    const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
    expect((await call(gateway.url, '/api/products/missing', { headers })).status).toBe(404);
    expect(
      (await call(gateway.url, '/api/products', { method: 'POST', headers, body: '{}' })).status,
    ).toBe(409);

    const refused = await call(gateway.url, '/api/orders', {
      method: 'POST',
      headers,
      body: JSON.stringify({ note: 'x'.repeat(50_000) }),
    });
    // Its 413 when it arrives before the connection breaks, else a 502: never a 503.
    expect([413, 502]).toContain(refused.status);
    expect(failures).toEqual([]);
    const next = await call(gateway.url, '/api/orders', { method: 'POST', headers, body: '{}' });
    expect(next.json()).toEqual({ placed: true });
  });

  it('when the instance refuses the connection, then it is a 503 and the instance is reported failed', async () => {
    failures.length = 0;
    const answer = await call(gateway.url, '/api/clients/me', {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(answer.status).toBe(503);
    expect(answer.json()).toMatchObject({ code: 'unavailable' });
    // A GET is tried once more (here on the same dead instance): two reports.
    expect(failures).toEqual([`client ${deadUrl}`, `client ${deadUrl}`]);
  });
});
