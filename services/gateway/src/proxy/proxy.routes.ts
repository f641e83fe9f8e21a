import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { BODY_LIMIT_BYTES, bodyLimitOf, IMAGE_UPLOAD_BODY_LIMIT_BYTES } from '@souk/contracts';
import { AppError, type TokenVerifier } from '@souk/platform';
import {
  isCachedCatalogRead,
  loadCatalogRead,
  serveCachedCatalogRead,
} from '../cache/catalog-reads.js';
import type { CatalogCache } from '../cache/catalog-cache.js';
import type { GatewayConfig } from '../config.js';
import { createClientCap } from '../edge/client-caps.js';
import {
  adoptQueryToken,
  authenticateAtEdge,
  isEventStreamRoute,
  isPublicRoute,
} from '../edge/edge-auth.js';
import { forwardToService } from './forward.js';
import type { OpenStreams } from './open-streams.js';
import { ownerOf, routedPrefixes } from './route-table.js';
import type { Upstream } from './upstream.js';

type PreParsingDone = (error: Error | null, payload?: Readable) => void;

export interface ProxyRoutesOptions {
  config: GatewayConfig;
  upstream: Upstream;
  verifier: TokenVerifier;
  cache?: CatalogCache;
  /** Event streams in progress, ended by the app on shutdown. */
  openStreams: OpenStreams;
}

const PROXIED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** POSTs that may carry an image: a product created with it, and a product's new image. */
const IMAGE_UPLOAD_ROUTES = ['/api/products', '/api/products/:id/image'];
/** Entry points worth guessing passwords or tokens at: a much lower rate per client. */
const CREDENTIAL_ROUTES = [
  '/api/auth/login',
  '/api/auth/register',
  '/api/auth/refresh',
  '/api/auth/password-reset',
  '/api/auth/password-reset/confirm',
];
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;
const ONE_MINUTE_MS = 60_000;
/** A request finishes in well under a second; an event stream only when its tab closes. */
const REQUEST_RETRY_AFTER_SECONDS = 1;
const STREAM_RETRY_AFTER_SECONDS = 30;

/** `/api/<area>/...` to the owning service, after the edge checks. */
export async function proxyRoutes(
  app: FastifyInstance,
  options: ProxyRoutesOptions,
): Promise<void> {
  const { config, upstream, verifier, cache, openStreams } = options;
  const requests = createClientCap({
    what: 'requests in progress',
    perUser: config.MAX_REQUESTS_PER_USER,
    perIp: config.MAX_REQUESTS_PER_IP,
    retryAfterSeconds: REQUEST_RETRY_AFTER_SECONDS,
  });
  const streams = createClientCap({
    what: 'open event streams',
    perUser: config.MAX_STREAMS_PER_USER,
    perIp: config.MAX_STREAMS_PER_IP,
    retryAfterSeconds: STREAM_RETRY_AFTER_SECONDS,
  });

  // Bodies are read whole, up to the route's limit (Fastify answers 413 beyond it, before reading
  // when the length is declared), and only then sent on: see forward.ts.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  /**
   * Runs before any body byte is read: unknown route, missing or bad token, the client's share.
   * Callback style, so a public read (the cached catalog) goes through without a promise.
   */
  function checkAtEdge(
    request: FastifyRequest,
    reply: FastifyReply,
    payload: Readable,
    done: PreParsingDone,
  ): void {
    const path = pathOf(request.url);
    if (DOT_SEGMENT.test(path))
      return done(
        new AppError('validation_failed', 'The path must not contain "." or ".." segments'),
      );
    if (ownerOf(path) === undefined)
      return done(new AppError('not_found', `No service serves ${path}`));
    adoptQueryToken(request, path);
    const admit = (userId?: string) => {
      try {
        if (isEventStreamRoute(request.method, path)) streams.hold(request, reply, userId);
        // An anonymous catalog read is counted only when it misses the cache (see forward).
        else if (cache === undefined || !isCachedCatalogRead(request, path))
          requests.hold(request, reply, userId);
        done(null, payload);
      } catch (error) {
        done(error as Error);
      }
    };
    if (isPublicRoute(request.method, path)) return admit();
    authenticateAtEdge(verifier, request.headers.authorization).then(
      (principal) => admit(principal.userId),
      done,
    );
  }

  /** Returns nothing when the reply was sent at once (a cache hit), else the pending forward. */
  function forward(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply> | undefined {
    const path = pathOf(request.url);
    const service = ownerOf(path)!;
    if (cache !== undefined && isCachedCatalogRead(request, path)) {
      if (serveCachedCatalogRead(cache, request, reply)) return undefined;
      requests.hold(request, reply, undefined);
      return loadCatalogRead(cache, upstream, service, request, reply);
    }
    return forwardToService(upstream, request, reply, service, path, openStreams);
  }

  const route = (bodyLimit?: number): RouteShorthandOptions & { handler: typeof forward } => ({
    schema: { hide: true },
    bodyLimit,
    preParsing: checkAtEdge,
    handler: forward,
  });
  // One route per owner, so each carries the body limit its service has (contracts' table).
  for (const url of CREDENTIAL_ROUTES) {
    app.post(url, {
      ...route(BODY_LIMIT_BYTES.auth),
      config: { rateLimit: { max: config.LOGIN_RATE_LIMIT_MAX, timeWindow: ONE_MINUTE_MS } },
    });
  }
  for (const url of IMAGE_UPLOAD_ROUTES) app.post(url, route(IMAGE_UPLOAD_BODY_LIMIT_BYTES));
  for (const { prefix, service } of routedPrefixes()) {
    const methods = IMAGE_UPLOAD_ROUTES.includes(prefix)
      ? PROXIED_METHODS.filter((method) => method !== 'POST')
      : PROXIED_METHODS;
    app.route({ method: methods, url: prefix, ...route(bodyLimitOf(service)) });
    app.route({ method: PROXIED_METHODS, url: `${prefix}/*`, ...route(bodyLimitOf(service)) });
  }
  // Anything else under /api/: a 404 problem from checkAtEdge, before any body is read.
  app.route({ method: PROXIED_METHODS, url: '/api/*', ...route() });
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
