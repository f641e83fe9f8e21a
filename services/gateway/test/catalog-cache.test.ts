import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, createBroker, type App, type Broker, type EventEnvelope } from '@souk/platform';
import {
  createTestDatabase,
  createTestKeys,
  testDatabaseServerUrl,
  type TestDatabase,
} from '@souk/testkit';
import { call, silentLogger, startGateway, startUpstream, serveTokenKeys } from './support.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A catalog whose every answer says how many times the service was asked. */
async function startCatalog() {
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
      await sleep(200);
      return { served: count(request.url) };
    });
    app.get('/api/products/missing', async (request) => {
      count(request.url);
      throw new AppError('not_found', 'Product missing not found');
    });
  });
  return { ...upstream, calls };
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
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => call(gateway.url, '/api/products/slow')),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((answer) => answer.text)).size).toBe(1);
    expect(catalog.calls.get('/api/products/slow')).toBe(1);
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
  it('when the TTL has passed, then the next read goes to the service again', async () => {
    const catalog = await startCatalog();
    const gateway = await startGateway({ product: catalog.url }, { CATALOG_CACHE_TTL_MS: '150' });
    try {
      expect((await call(gateway.url, '/api/categories')).headers['x-cache']).toBe('MISS');
      expect((await call(gateway.url, '/api/categories')).headers['x-cache']).toBe('HIT');
      await sleep(250);
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
  async function waitForMiss(path: string): Promise<boolean> {
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      if ((await call(gateway.url, path)).headers['x-cache'] === 'MISS') return true;
      await sleep(50);
    }
    return false;
  }

  it('when a product or stock event is published, then every cached page is dropped', async () => {
    for (const type of ['product.updated', 'stock.reserved', 'category.deleted']) {
      await call(gateway.url, '/api/products');
      await call(gateway.url, '/api/categories');
      expect((await call(gateway.url, '/api/products')).headers['x-cache']).toBe('HIT');
      await publisher.publish([event(type)]);
      expect(await waitForMiss('/api/products'), type).toBe(true);
      expect((await call(gateway.url, '/api/categories')).headers['x-cache'], type).toBe('MISS');
    }
  });

  it('when an unrelated event is published, then the cache is kept', async () => {
    let delivered!: () => void;
    const seen = new Promise<void>((resolve) => (delivered = resolve));
    await publisher.listen(['auth.user.registered'], () => delivered());
    await call(gateway.url, '/api/categories');
    await publisher.publish([event('auth.user.registered')]);
    // The test's own listener got it, so the gateway's has had it too (give it a moment).
    await Promise.race([seen, sleep(5_000)]);
    await sleep(100);
    expect((await call(gateway.url, '/api/categories')).headers['x-cache']).toBe('HIT');
  });
});
