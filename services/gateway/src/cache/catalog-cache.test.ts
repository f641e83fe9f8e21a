import { describe, expect, it } from 'vitest';
import {
  catalogCacheKey,
  createCatalogCache,
  matchesIfNoneMatch,
  strongEtag,
  type BufferedReply,
} from './catalog-cache.js';

const json = (body: unknown, headers: Record<string, string> = {}): BufferedReply => ({
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: Buffer.from(JSON.stringify(body)),
});

function clock() {
  let now = 1_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('catalogCacheKey', () => {
  it('when the same parameters come in another order, then the key is the same', () => {
    expect(catalogCacheKey('/api/products?sort=name&page=2&q=tea')).toBe(
      catalogCacheKey('/api/products?q=tea&page=2&sort=name'),
    );
    expect(catalogCacheKey('/api/products?page=2&page=3')).not.toBe(
      catalogCacheKey('/api/products?page=3&page=2'),
    );
    expect(catalogCacheKey('/api/products?')).toBe('/api/products');
    expect(catalogCacheKey('/api/products')).toBe('/api/products');
  });
});

describe('matchesIfNoneMatch', () => {
  const etag = strongEtag(Buffer.from('x'));
  it('when the header lists the tag, weak or not, or is a star, then it matches', () => {
    expect(matchesIfNoneMatch(etag, etag)).toBe(true);
    expect(matchesIfNoneMatch(`"other", W/${etag}`, etag)).toBe(true);
    expect(matchesIfNoneMatch('*', etag)).toBe(true);
    expect(matchesIfNoneMatch('"other"', etag)).toBe(false);
    expect(matchesIfNoneMatch(undefined, etag)).toBe(false);
  });
});

describe('createCatalogCache', () => {
  it('when a 200 JSON reply is loaded, then it is served until its TTL ends', async () => {
    const time = clock();
    const cache = createCatalogCache({
      maxEntries: 10,
      maxBytes: 10_000,
      ttlMs: 1_000,
      now: time.now,
    });
    const { cached } = await cache.load('/a', async () =>
      json({ a: 1 }, { date: 'Mon', 'content-length': '7' }),
    );
    expect(cached?.etag).toBe(strongEtag(Buffer.from('{"a":1}')));
    expect(cached?.headers).toEqual({ 'content-type': 'application/json; charset=utf-8' });
    time.advance(999);
    expect(cache.get('/a')).toBe(cached);
    time.advance(1);
    expect(cache.get('/a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('when replies are not 200 JSON, or private, or set cookies, then they are not stored', async () => {
    const cache = createCatalogCache({ maxEntries: 10, maxBytes: 10_000, ttlMs: 1_000 });
    const replies: BufferedReply[] = [
      { ...json({}), status: 404 },
      { status: 200, headers: { 'content-type': 'text/html' }, body: Buffer.from('<p>') },
      json({}, { 'cache-control': 'private, max-age=60' }),
      json({}, { 'cache-control': 'no-store' }),
      json({}, { 'set-cookie': 'a=b' }),
      json({}, { vary: 'Authorization' }),
    ];
    for (const [index, reply] of replies.entries()) {
      const result = await cache.load(`/k${index}`, async () => reply);
      expect(result.cached, `reply ${index}`).toBeUndefined();
      expect(result.reply).toBe(reply);
    }
    expect(cache.size).toBe(0);
    expect(
      (
        await cache.load('/problem+json', async () =>
          json({}, { 'content-type': 'application/problem+json' }),
        )
      ).cached,
    ).toBeDefined();
  });

  it('when there are more entries than allowed, then the least recently used goes first', async () => {
    const cache = createCatalogCache({ maxEntries: 2, maxBytes: 10_000, ttlMs: 60_000 });
    await cache.load('/1', async () => json(1));
    await cache.load('/2', async () => json(2));
    cache.get('/1');
    await cache.load('/3', async () => json(3));
    expect(cache.size).toBe(2);
    expect(cache.get('/2')).toBeUndefined();
    expect(cache.get('/1')).toBeDefined();
    expect(cache.get('/3')).toBeDefined();
  });

  it('when the bodies stored pass the byte budget, then the least recently used go until it fits', async () => {
    const cache = createCatalogCache({ maxEntries: 100, maxBytes: 20, ttlMs: 60_000 });
    await cache.load('/1', async () => json('aaaaaa')); // 8 bytes with the quotes
    await cache.load('/2', async () => json('bbbbbb'));
    await cache.load('/3', async () => json('cccccc')); // 24 bytes: /1 must go
    expect(cache.size).toBe(2);
    expect(cache.get('/1')).toBeUndefined();
    expect((await cache.load('/huge', async () => json('x'.repeat(40)))).cached).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('when misses for one key overlap, then the fetch runs once', async () => {
    const cache = createCatalogCache({ maxEntries: 10, maxBytes: 10_000, ttlMs: 60_000 });
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fetch = async () => {
      calls++;
      await gate;
      return json({ calls });
    };
    const pending = [cache.load('/k', fetch), cache.load('/k', fetch), cache.load('/k', fetch)];
    release();
    const results = await Promise.all(pending);
    expect(calls).toBe(1);
    expect(new Set(results.map((result) => result.cached))).toHaveProperty('size', 1);
  });

  it('when a purge happens while a fetch is running, then its reply is not stored', async () => {
    const cache = createCatalogCache({ maxEntries: 10, maxBytes: 10_000, ttlMs: 60_000 });
    await cache.load('/old', async () => json(1));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = cache.load('/k', async () => {
      await gate;
      return json('before the change');
    });
    cache.purge();
    expect(cache.get('/old')).toBeUndefined();
    const fresh = cache.load('/k', async () => json('after the change'));
    release();
    expect((await running).cached).toBeUndefined();
    expect((await fresh).cached?.body.toString()).toBe('"after the change"');
    expect(cache.get('/k')?.body.toString()).toBe('"after the change"');
  });
});
