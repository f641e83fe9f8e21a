import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, request } from 'undici';
import { BODY_LIMIT_BYTES } from '@souk/contracts';
import { AppError, startTracing, stopTracing, type App } from '@souk/platform';
import { createTestKeys, type TestKeys } from '@souk/testkit';
import { call, startGateway, startUpstream, serveTokenKeys } from './support.js';

/** Each fake service answers any /api path with what it received. */
function echo(app: App, service: string): void {
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 },
    (_request, body, done) => done(null, body),
  );
  app.route({
    method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/api/*',
    handler: async (request) => ({
      service,
      method: request.method,
      url: request.url,
      headers: request.headers,
      bodyLength: Buffer.isBuffer(request.body)
        ? request.body.length
        : request.body
          ? JSON.stringify(request.body).length
          : 0,
    }),
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('gateway proxy', () => {
  const upstreams: App[] = [];
  let keys: TestKeys;
  let token: string;
  let gateway: { app: App; url: string };
  const streams: ServerResponse[] = [];
  let streamRequestHeaders: Record<string, unknown> = {};
  let streamRequestUrl = '';

  async function upstream(name: string, routes: (app: App) => void = (app) => echo(app, name)) {
    const started = await startUpstream(name, routes);
    upstreams.push(started.app);
    return started.url;
  }

  beforeAll(async () => {
    await startTracing({ serviceName: 'gateway-test' });
    keys = await createTestKeys();
    token = await keys.sign({ roles: ['CLIENT'] });
    const urls = {
      auth: await upstream('auth', (app) => {
        serveTokenKeys(app, () => keys.jwks);
        echo(app, 'auth');
      }),
      product: await upstream('product', (app) => {
        app.get('/api/products/missing', async () => {
          throw new AppError('not_found', 'Product missing not found');
        });
        app.post('/api/products/bad', async () => {
          throw new AppError('validation_failed', 'Invalid body: body.price must be an integer', {
            extensions: { errors: [{ path: 'body.price', message: 'must be an integer' }] },
          });
        });
        app.get('/api/products/slow', async () => {
          await sleep(1_500);
          return { late: true };
        });
        echo(app, 'product');
      }),
      client: await upstream('client'),
      order: await upstream('order'),
      payment: await upstream('payment'),
      notification: await upstream('notification', (app) => {
        app.get('/api/notifications/stream', (request, reply) => {
          streamRequestHeaders = request.headers;
          streamRequestUrl = request.url;
          reply.hijack();
          reply.raw.writeHead(200, {
            'content-type': 'text/event-stream',
            'cache-control': 'no-cache',
          });
          reply.raw.flushHeaders();
          streams.push(reply.raw);
        });
        echo(app, 'notification');
      }),
    };
    gateway = await startGateway(urls, { CATALOG_CACHE_TTL_MS: '0', UPSTREAM_TIMEOUT_MS: '500' });
  });

  afterAll(async () => {
    for (const stream of streams) stream.destroy();
    await gateway?.app.close();
    await Promise.all(upstreams.map((app) => app.close()));
    await stopTracing();
  });

  const authorized = () => ({ authorization: `Bearer ${token}` });

  it('when a path is under a known area, then the owning service gets it unchanged', async () => {
    const cases: Array<[string, string]> = [
      ['/api/auth/me', 'auth'],
      ['/api/products?page=2&q=tea%20pot', 'product'],
      ['/api/categories/7', 'product'],
      ['/api/images/abc.webp', 'product'],
      ['/api/clients/me', 'client'],
      ['/api/cart/items', 'order'],
      ['/api/orders/42', 'order'],
      ['/api/payments/9', 'payment'],
      ['/api/notifications', 'notification'],
      ['/api/ops/order/dead-letters?status=open', 'order'],
      ['/api/ops/product/dead-letters', 'product'],
    ];
    for (const [path, service] of cases) {
      const answer = await call(gateway.url, path, { headers: authorized() });
      expect(answer.status, path).toBe(200);
      expect(answer.json(), path).toMatchObject({ service, url: path, method: 'GET' });
    }
  });

  it('when the area or the ops service is unknown, then it is a 404 problem and nothing is forwarded', async () => {
    for (const path of [
      '/api/unknown/1',
      '/api/',
      '/api/ops/registry/services',
      '/api/ops',
      '/api/productsX',
    ]) {
      const answer = await call(gateway.url, path, { headers: authorized() });
      expect(answer.status, path).toBe(404);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.json()).toMatchObject({ code: 'not_found', status: 404 });
    }
  });

  it('when the path has dot segments, then it is refused instead of being normalised upstream', async () => {
    const client = new Client(gateway.url);
    try {
      for (const path of [
        '/api/products/../orders/1',
        '/api/products/%2e%2e/ops/product/dead-letters',
      ]) {
        const response = await client.request({ method: 'GET', path });
        expect(response.statusCode, path).toBe(400);
        await response.body.dump();
      }
    } finally {
      await client.close();
    }
  });

  it('when a client sends identity or forwarding headers, then they are dropped and the gateway sets its own', async () => {
    const traceId = 'a'.repeat(32);
    const answer = await call(gateway.url, '/api/orders/1', {
      headers: {
        ...authorized(),
        'x-user-id': 'admin-1',
        'x-user-roles': 'ADMIN',
        'x-internal-call': 'yes',
        'x-auth-subject': 'someone',
        'x-roles': 'ADMIN',
        'x-client-id': 'c-9',
        'x-forwarded-for': '203.0.113.9',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'https',
        forwarded: 'for=203.0.113.9',
        'x-request-id': 'req-from-client-1',
        traceparent: `00-${traceId}-${'b'.repeat(16)}-01`,
        'accept-language': 'fr',
      },
    });
    const { headers } = answer.json<{ headers: Record<string, string> }>();
    for (const name of Object.keys(headers))
      expect(name).not.toMatch(/^(x-user-|x-internal-|x-auth-|x-roles|x-client-id|forwarded$)/);
    expect(headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(headers['x-forwarded-proto']).toBe('http');
    expect(headers['x-forwarded-host']).toBe(new URL(gateway.url).host);
    expect(headers.authorization).toBe(`Bearer ${token}`);
    expect(headers['accept-language']).toBe('fr');
    expect(headers['x-request-id']).toBe('req-from-client-1');
    expect(answer.headers['x-request-id']).toBe('req-from-client-1');
    // Same trace, but the parent is now the gateway's own span.
    expect(headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(headers.traceparent).not.toContain('b'.repeat(16));
  });

  it('when the service answers a 400 or 404 problem, then the client gets it unchanged', async () => {
    const missing = await call(gateway.url, '/api/products/missing');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json()).toMatchObject({
      code: 'not_found',
      detail: 'Product missing not found',
      instance: '/api/products/missing',
    });

    const bad = await call(gateway.url, '/api/products/bad', {
      method: 'POST',
      headers: { ...authorized(), 'content-type': 'application/json' },
      body: JSON.stringify({ price: 'x' }),
    });
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'body.price', message: 'must be an integer' }],
    });
  });

  it('when a body is sent, then it reaches the service whole', async () => {
    const body = JSON.stringify({ items: [{ productId: 'p1', quantity: 2 }] });
    const answer = await call(gateway.url, '/api/cart/items', {
      method: 'POST',
      headers: { ...authorized(), 'content-type': 'application/json' },
      body,
    });
    expect(answer.status).toBe(200);
    expect(answer.json()).toMatchObject({
      service: 'order',
      method: 'POST',
      bodyLength: body.length,
    });
  });

  it('when a body is over what the service accepts, declared or chunked, then it is a 413 problem', async () => {
    const limit = BODY_LIMIT_BYTES.order;
    const declared = await call(gateway.url, '/api/orders', {
      method: 'POST',
      headers: { ...authorized(), 'content-type': 'application/octet-stream' },
      body: Buffer.alloc(limit + 1, 1),
    });
    expect(declared.status).toBe(413);
    expect(declared.json()).toMatchObject({ code: 'payload_too_large' });

    const chunked = await request(`${gateway.url}/api/orders`, {
      method: 'POST',
      headers: { ...authorized(), 'content-type': 'application/octet-stream' },
      body: Readable.from([Buffer.alloc(limit / 2 + 1, 1), Buffer.alloc(limit / 2, 1)]),
    });
    expect(chunked.statusCode).toBe(413);
    expect(await chunked.body.json()).toMatchObject({ code: 'payload_too_large' });
  });

  it('when an image is uploaded, then its route allows a bigger body than the rest', async () => {
    const answer = await call(gateway.url, '/api/products/p1/image', {
      method: 'POST',
      headers: { ...authorized(), 'content-type': 'image/png' },
      body: Buffer.alloc(BODY_LIMIT_BYTES.product * 2, 1),
    });
    expect(answer.status).toBe(200);
    expect(answer.json()).toMatchObject({
      service: 'product',
      bodyLength: BODY_LIMIT_BYTES.product * 2,
    });
  });

  it('when the service is slower than the upstream timeout, then it is a 504 problem', async () => {
    const answer = await call(gateway.url, '/api/products/slow');
    expect(answer.status).toBe(504);
    expect(answer.json()).toMatchObject({ code: 'timeout', status: 504 });
  });

  it('when the event stream is opened with access_token, then events pass through as they are written', async () => {
    const response = await request(
      `${gateway.url}/api/notifications/stream?since=5&access_token=${token}`,
      {
        headersTimeout: 5_000,
        bodyTimeout: 5_000,
      },
    );
    try {
      // The head arrives before any event is written: nothing waits for a first chunk.
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/event-stream');
      expect(streamRequestHeaders.authorization).toBe(`Bearer ${token}`);
      expect(streamRequestUrl).toBe('/api/notifications/stream?since=5');

      const chunks = response.body[Symbol.asyncIterator]();
      const stream = streams.at(-1)!;
      for (const id of ['1', '2']) {
        stream.write(`id: ${id}\ndata: {"n":${id}}\n\n`);
        const next = await chunks.next();
        expect(Buffer.from(next.value as Buffer).toString()).toBe(
          `id: ${id}\ndata: {"n":${id}}\n\n`,
        );
      }
    } finally {
      response.body.destroy();
    }
  });

  it('when access_token is sent on any other route, then it does not authenticate', async () => {
    const answer = await call(gateway.url, `/api/orders?access_token=${token}`);
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Bearer');
  });
});

describe('gateway proxy when services are down', () => {
  let gateway: { app: App; url: string };
  let order: { app: App; url: string };

  beforeAll(async () => {
    const keys = await createTestKeys();
    const auth = await startUpstream('auth', (app) => serveTokenKeys(app, () => keys.jwks));
    order = await startUpstream('order', (app) =>
      app.get('/api/orders', async () => ({ items: [] })),
    );
    const closed = await startUpstream('client', () => {});
    await closed.app.close();
    gateway = await startGateway(
      { auth: auth.url, order: order.url, client: closed.url },
      { UPSTREAM_TIMEOUT_MS: '2000' },
    );
    (gateway as { token?: string }).token = await keys.sign({});
    afterAll(async () => {
      await gateway.app.close();
      await auth.app.close();
      await order.app.close();
    });
  });

  const headers = () => ({ authorization: `Bearer ${(gateway as { token?: string }).token}` });

  it('when a service has no instance at all, then it is a 503 problem', async () => {
    const answer = await call(gateway.url, '/api/payments/1', { headers: headers() });
    expect(answer.status).toBe(503);
    expect(answer.json()).toMatchObject({ code: 'unavailable' });
  });

  it('when the only instance refuses connections, then it is a 503 problem', async () => {
    const answer = await call(gateway.url, '/api/clients/me', { headers: headers() });
    expect(answer.status).toBe(503);
    expect(answer.json()).toMatchObject({ code: 'unavailable' });
  });

  it('when the service dies after serving, then the next call is a 503 problem', async () => {
    expect((await call(gateway.url, '/api/orders', { headers: headers() })).status).toBe(200);
    await order.app.close();
    const answer = await call(gateway.url, '/api/orders', { headers: headers() });
    expect(answer.status).toBe(503);
    expect(answer.json()).toMatchObject({ code: 'unavailable' });
  });
});
