import type { FastifyReply, FastifyRequest } from 'fastify';
import { areaOf, type UpstreamService } from '../proxy/route-table.js';
import { clientResponseHeaders, upstreamRequestHeaders } from '../proxy/forward-headers.js';
import type { Upstream } from '../proxy/upstream.js';
import {
  catalogCacheKey,
  matchesIfNoneMatch,
  type CatalogCache,
  type CachedReply,
} from './catalog-cache.js';

/** Clients may keep a copy but must revalidate it (a cheap 304) before each use. */
const CACHE_CONTROL = 'public, max-age=0, must-revalidate';

/** Anonymous catalog reads: the same for every visitor, so one copy serves them all. */
export function isCachedCatalogRead(request: FastifyRequest, path: string): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (request.headers.authorization !== undefined) return false;
  const area = areaOf(path);
  return area === 'products' || area === 'categories';
}

/**
 * Serves a catalog read from memory when it can: one map lookup, a few headers and a buffer that
 * is already serialized, sent at once. A hit touches neither discovery nor the product service.
 * False on a miss, with nothing sent.
 */
export function serveCachedCatalogRead(
  cache: CatalogCache,
  request: FastifyRequest,
  reply: FastifyReply,
): boolean {
  const hit = cache.get(catalogCacheKey(request.url));
  if (hit === undefined) return false;
  sendCached(request, reply, hit, 'HIT');
  return true;
}

/** A miss: concurrent misses of one key share one upstream call; the reply is stored when it may be. */
export async function loadCatalogRead(
  cache: CatalogCache,
  upstream: Upstream,
  service: UpstreamService,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const { cached, reply: fresh } = await cache.load(catalogCacheKey(request.url), async () => {
    // Always a GET, so a HEAD fills the cache too; the body must be uncompressed to be shared.
    const response = await upstream.sendBuffered({
      service,
      method: 'GET',
      path: request.url,
      headers: upstreamRequestHeaders(request, { dropAcceptEncoding: true }),
    });
    return {
      status: response.status,
      headers: clientResponseHeaders(response.headers),
      body: response.body,
    };
  });
  if (cached !== undefined) return sendCached(request, reply, cached, 'MISS');
  return reply.code(fresh.status).headers(fresh.headers).header('x-cache', 'MISS').send(fresh.body);
}

function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  entry: CachedReply,
  state: 'HIT' | 'MISS',
): FastifyReply {
  reply
    .headers(entry.headers)
    .header('etag', entry.etag)
    .header('cache-control', CACHE_CONTROL)
    .header('x-cache', state);
  if (matchesIfNoneMatch(request.headers['if-none-match'], entry.etag))
    return reply.code(304).send();
  return reply.send(entry.body);
}
