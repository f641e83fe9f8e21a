import { createHash } from 'node:crypto';
import type { OutgoingHeaders } from '../proxy/forward-headers.js';

/** An upstream reply read into memory. */
export interface BufferedReply {
  status: number;
  headers: OutgoingHeaders;
  body: Buffer;
}

/** A stored 200 JSON reply, ready to be sent as is. */
export interface CachedReply {
  body: Buffer;
  etag: string;
  /** Upstream headers worth replaying (content-type and the like), computed once. */
  headers: OutgoingHeaders;
  expiresAt: number;
}

export interface LoadResult {
  /** Set when the reply was a cacheable 200 JSON reply. */
  cached?: CachedReply;
  reply: BufferedReply;
}

export interface CatalogCache {
  /** A live entry, or undefined (an expired one is dropped on the way). */
  get(key: string): CachedReply | undefined;
  /** Runs `fetch` once for concurrent misses of one key, and stores what may be stored. */
  load(key: string, fetch: () => Promise<BufferedReply>): Promise<LoadResult>;
  /** Drops every entry; loads already running are not stored. */
  purge(): void;
  readonly size: number;
}

export interface CatalogCacheOptions {
  maxEntries: number;
  maxBytes: number;
  ttlMs: number;
  now?: () => number;
}

/** Headers that belong to one transfer, or are set again by the gateway for each reply. */
const NOT_REPLAYED: ReadonlySet<string> = new Set([
  'content-length',
  'date',
  'etag',
  'cache-control',
  'last-modified',
  'age',
  'expires',
]);

/**
 * In-memory LRU of public catalog replies with a TTL. Map iteration order is insertion order, so
 * the first key is the least recently used one.
 */
export function createCatalogCache(options: CatalogCacheOptions): CatalogCache {
  // Read Date.now at each call (not the function as it was when the cache was made), so a clock
  // set later, e.g. by a test's fake timers, is the one the cache follows.
  const now = options.now ?? (() => Date.now());
  const entries = new Map<string, CachedReply>();
  const inflight = new Map<string, Promise<LoadResult>>();
  let bytes = 0;
  let generation = 0;

  function remove(key: string, entry: CachedReply): void {
    entries.delete(key);
    bytes -= entry.body.length;
  }

  function store(key: string, reply: BufferedReply): CachedReply | undefined {
    if (!isStorable(reply) || reply.body.length > options.maxBytes) return undefined;
    const headers: OutgoingHeaders = {};
    for (const name in reply.headers)
      if (!NOT_REPLAYED.has(name)) headers[name] = reply.headers[name]!;
    const entry: CachedReply = {
      body: reply.body,
      etag: strongEtag(reply.body),
      headers,
      expiresAt: now() + options.ttlMs,
    };
    const previous = entries.get(key);
    if (previous) remove(key, previous);
    entries.set(key, entry);
    bytes += entry.body.length;
    for (const [oldestKey, oldest] of entries) {
      if (entries.size <= options.maxEntries && bytes <= options.maxBytes) break;
      remove(oldestKey, oldest);
    }
    return entry;
  }

  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresAt <= now()) {
        remove(key, entry);
        return undefined;
      }
      // Most recently used goes last.
      entries.delete(key);
      entries.set(key, entry);
      return entry;
    },
    load(key, fetch) {
      const running = inflight.get(key);
      if (running) return running;
      const startedIn = generation;
      const pending = fetch()
        .then((reply): LoadResult => {
          // A purge while the upstream answered means this reply may predate the change.
          const cached = startedIn === generation ? store(key, reply) : undefined;
          return cached ? { cached, reply } : { reply };
        })
        .finally(() => {
          if (inflight.get(key) === pending) inflight.delete(key);
        });
      inflight.set(key, pending);
      return pending;
    },
    purge() {
      generation++;
      entries.clear();
      inflight.clear();
      bytes = 0;
    },
    get size() {
      return entries.size;
    },
  };
}

function isStorable(reply: BufferedReply): boolean {
  if (reply.status !== 200) return false;
  const type = header(reply.headers, 'content-type');
  if (type === undefined || !/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) return false;
  if (reply.headers['set-cookie'] !== undefined) return false;
  const control = header(reply.headers, 'cache-control');
  if (control !== undefined && /\b(?:no-store|private|no-cache)\b/i.test(control)) return false;
  const vary = header(reply.headers, 'vary');
  return vary === undefined || /^\s*(?:(?:origin|accept-encoding)\s*,?\s*)*$/i.test(vary);
}

function header(headers: OutgoingHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Strong validator: the same bytes always give the same tag, on every gateway instance. */
export function strongEtag(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** RFC 9110 If-None-Match: weak comparison, `*` matches any current representation. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header === etag) return true;
  for (const part of header.split(',')) {
    const tag = part.trim();
    if (tag === '*' || tag === etag || tag === `W/${etag}`) return true;
  }
  return false;
}

/** Path plus query parameters sorted by name (values of one name keep their order). */
export function catalogCacheKey(url: string): string {
  const start = url.indexOf('?');
  if (start === -1) return url;
  const pairs = url
    .slice(start + 1)
    .split('&')
    .filter((pair) => pair !== '');
  if (pairs.length === 0) return url.slice(0, start);
  if (pairs.length > 1) pairs.sort(compareNames);
  return `${url.slice(0, start)}?${pairs.join('&')}`;
}

function compareNames(a: string, b: string): number {
  const nameA = nameOf(a);
  const nameB = nameOf(b);
  return nameA < nameB ? -1 : nameA > nameB ? 1 : 0;
}

function nameOf(pair: string): string {
  const equals = pair.indexOf('=');
  return equals === -1 ? pair : pair.slice(0, equals);
}
