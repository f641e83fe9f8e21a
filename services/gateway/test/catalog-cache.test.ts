import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError, createBroker, type App, type Broker, type EventEnvelope } from '@souk/platform';
import {
  createTestDatabase,
  createTestKeys,
  testDatabaseServerUrl,
  type TestDatabase,
} from '@souk/testkit';
import { call, silentLogger, startGateway, startUpstream, serveTokenKeys } from './support.js';

/** A catalog whose every answer says how many times the service was asked. */
async function startCatalog() {
  // `/api/products/slow` answers only once `release()` is called.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const calls = new Map<string, number>();
  const count = (url: string) => {
    const next = (calls.get(url) ?? 0) + 1;
    calls.set(url, next);
    return next;
  };
  const upstream = await startUpstream('product', (app) => {
    app.get('/api/products', async (request) => ({
      items: [{ id: 'p1', name: 'Tajine' }],
      served: count(request.url),
    }));
    app.get('/api/categories', async (request) => [{ id: 'c1', served: count(request.url) }]);
    app.get('/api/products/slow', async (request) => {
      const served = count(request.url);
      await released;
      return { served };
    });
    app.get('/api/products/missing', async (request) => {
      count(request.url);
      throw new AppError('not_found', 'Product missing not found');
    });
  });
  return { ...upstream, calls, release };
}

function event(type: string): EventEnvelope {
  return {
    id: randomUUID(),
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    source: 'product',
    data: { productId: 'p1' },
  };
}

describe('catalog cache', () => {
  let catalog: Awaited<ReturnType<typeof startCatalog>>;
  let gateway: { app: App; url: string };
  let auth: { app: App; url: string };
  let token: string;

  beforeAll(async () => {
    const keys = await createTestKeys();
    token = await keys.sign({});
    auth = await startUpstream('auth', (app) => serveTokenKeys(app, () => keys.jwks));
    catalog = await startCatalog();
    gateway = await startGateway({ product: catalog.url, auth: auth.url });
  });

  afterAll(async () => {
    await gateway?.app.close();
    await catalog?.app.close();
    await auth?.app.close();
  });

  it('when the same anonymous read comes twice, then the second is a HIT with the same body and ETag', async () => {
    const first = await call(gateway.url, '/api/products?page=1&q=tajine');
    expect(first.status).toBe(200);
    expect(first.headers['x-cache']).toBe('MISS');
    expect(first.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    expect(first.headers.etag).toMatch(/^"[\w-]{27}"$/);
    expect(first.headers['content-type']).toContain('application/json');

    const second = await call(gateway.url, '/api/products?q=tajine&page=1');
    expect(second.headers['x-cache']).toBe('HIT');
    expect(second.text).toBe(first.text);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(catalog.calls.get('/api/products?page=1&q=tajine')).toBe(1);
    expect(catalog.calls.get('/api/products?q=tajine&page=1')).toBeUndefined();
  });

  it('when If-None-Match carries the current ETag, then it is a 304 without a body', async () => {
    const fresh = await call(gateway.url, '/api/categories');
    const revalidated = await call(gateway.url, '/api/categories', {
      headers: { 'if-none-match': fresh.headers.etag as string },
    });
    expect(revalidated.status).toBe(304);
    expect(revalidated.text).toBe('');
    expect(revalidated.headers.etag).toBe(fresh.headers.etag);
    const changed = await call(gateway.url, '/api/categories', {
      headers: { 'if-none-match': '"something-else"' },
    });
    expect(changed.status).toBe(200);
    expect(changed.text).toBe(fresh.text);
  });

  it('when a HEAD comes for a cached page, then it gets the headers without the body', async () => {
    await call(gateway.url, '/api/products?page=7');
    const head = await call(gateway.url, '/api/products?page=7', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['x-cache']).toBe('HIT');
    expect(head.text).toBe('');
  });

  it('when the read carries an Authorization header, then the cache is bypassed', async () => {
    const headers = { authorization: `Bearer ${token}` };
    const first = await call(gateway.url, '/api/products?page=3', { headers });
    const second = await call(gateway.url, '/api/products?page=3', { headers });
    expect(first.headers['x-cache']).toBeUndefined();
    expect(second.json()).toMatchObject({ served: 2 });
  });

  it('when misses for one page arrive together, then the service is asked once', async () => {
    // The service holds its answer until the gateway has taken in all five requests.
    let arrived = 0;
    const onRequest = (request: { url?: string }) => {
      if (request.url === '/api/products/slow') arrived++;
    };
    gateway.app.server.on('request', onRequest);
    try {
      const answering = Promise.all(
        Array.from({ length: 5 }, () => call(gateway.url, '/api/products/slow')),
      );
      await vi.waitFor(() => {
        expect(arrived).toBe(5);
        expect(catalog.calls.get('/api/products/slow')).toBe(1);
      });
      catalog.release();
      const answers = await answering;
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
      // All five waited for the same load: none came after it, as a hit.
      expect(answers.map((answer) => answer.headers['x-cache'])).toEqual(Array(5).fill('MISS'));
      expect(new Set(answers.map((answer) => answer.text)).size).toBe(1);
      expect(catalog.calls.get('/api/products/slow')).toBe(1);
    } finally {
      gateway.app.server.off('request', onRequest);
    }
  });

  it('when the service answers a problem, then it is passed on and not cached', async () => {
    const first = await call(gateway.url, '/api/products/missing');
    const second = await call(gateway.url, '/api/products/missing');
    expect(first.status).toBe(404);
    expect(second.json()).toMatchObject({ code: 'not_found' });
    expect(second.headers['x-cache']).toBe('MISS');
    expect(catalog.calls.get('/api/products/missing')).toBe(2);
  });

  it('when the service is gone, then cached pages are still served', async () => {
    const path = '/api/products?page=9';
    await call(gateway.url, path);
    const other = await startCatalog();
    try {
      // A gateway whose catalog dies once the page is cached.
      const isolated = await startGateway({ product: other.url });
      try {
        expect((await call(isolated.url, path)).headers['x-cache']).toBe('MISS');
        await other.app.close();
        const hit = await call(isolated.url, path);
        expect(hit.status).toBe(200);
        expect(hit.headers['x-cache']).toBe('HIT');
        expect((await call(isolated.url, '/api/products?page=10')).status).toBe(503);
      } finally {
        await isolated.app.close();
      }
    } finally {
      await other.app.close();
    }
  });
});

describe('catalog cache expiry', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('when the TTL has passed, then the next read goes to the service again', async () => {
    const catalog = await startCatalog();
    const gateway = await startGateway({ product: catalog.url }, { CATALOG_CACHE_TTL_MS: '150' });
    try {
      // The clock moves only when the test says so.
      vi.useFakeTimers({ toFake: ['Date'] });
      const storedAt = Date.now();
      expect((await call(gateway.url, '/api/categories')).headers['x-cache']).toBe('MISS');
      vi.setSystemTime(storedAt + 149);
      expect((await call(gateway.url, '/api/categories')).headers['x-cache']).toBe('HIT');
      vi.setSystemTime(storedAt + 150);
      const expired = await call(gateway.url, '/api/categories');
      expect(expired.headers['x-cache']).toBe('MISS');
      expect(catalog.calls.get('/api/categories')).toBe(2);
    } finally {
      await gateway.app.close();
      await catalog.app.close();
    }
  });

  it('when the TTL is 0, then nothing is cached', async () => {
    const catalog = await startCatalog();
    const gateway = await startGateway({ product: catalog.url }, { CATALOG_CACHE_TTL_MS: '0' });
    try {
      await call(gateway.url, '/api/categories');
      const second = await call(gateway.url, '/api/categories');
      expect(second.headers['x-cache']).toBeUndefined();
      expect(catalog.calls.get('/api/categories')).toBe(2);
    } finally {
      await gateway.app.close();
      await catalog.app.close();
    }
  });
});

describe('catalog cache purge through the broker', () => {
  let database: TestDatabase;
  let listener: Broker;
  let publisher: Broker;
  let catalog: Awaited<ReturnType<typeof startCatalog>>;
  let gateway: { app: App; url: string };

  beforeAll(async () => {
    database = await createTestDatabase(testDatabaseServerUrl(), 'gateway_purge');
    listener = createBroker(database.url, { logger: silentLogger, service: 'gateway' });
    publisher = createBroker(database.url, { logger: silentLogger, service: 'product' });
    catalog = await startCatalog();
    gateway = await startGateway({ product: catalog.url }, {}, { broker: listener });
    await listener.start();
    await publisher.start();
  });

  afterAll(async () => {
    await gateway?.app.close();
    await catalog?.app.close();
    await listener?.stop();
    await publisher?.stop();
    await database?.drop();
  });

  /** Polls until the page is no longer served from the cache (at most a few seconds). */
  async function waitForMiss(path: string, type: string): Promise<void> {
    await vi.waitFor(
      async () => expect((await call(gateway.url, path)).headers['x-cache'], type).toBe('MISS'),
      { timeout: 5_000, interval: 50 },
    );
  }

  it('when a product or stock event is published, then every cached page is dropped', async () => {
    for (const type of ['product.updated', 'stock.reserved', 'category.deleted']) {
      await call(gateway.url, '/api/products');
      await call(gateway.url, '/api/categories');
      expect((await call(gateway.url, '/api/products')).headers['x-cache']).toBe('HIT');
      await publisher.publish([event(type)]);
      await waitForMiss('/api/products', type);
      expect((await call(gateway.url, '/api/categories')).headers['x-cache'], type).toBe('MISS');
    }
  });

  it('when an unrelated event is published, then the cache is kept', async () => {
    // Heard on the gateway's own connection, which hands each event to the gateway's listener
    // (registered first) and then to this one, in the same turn.
    const heard: string[] = [];
    await listener.listen(['auth.user.registered'], (envelope) => heard.push(envelope.id));
    await call(gateway.url, '/api/categories');
    const unrelated = event('auth.user.registered');
    await publisher.publish([unrelated]);
    await vi.waitFor(() => expect(heard).toContain(unrelated.id), { timeout: 5_000 });
    expect((await call(gateway.url, '/api/categories')).headers['x-cache']).toBe('HIT');
  });
});
