import { Transform, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type TokenVerifier } from '@souk/platform';
import { isCachedCatalogRead, serveCatalogRead } from '../cache/catalog-reads.js';
import type { CatalogCache } from '../cache/catalog-cache.js';
import type { GatewayConfig } from '../config.js';
import { adoptQueryToken, authenticateAtEdge, isPublicRoute } from '../edge/edge-auth.js';
import { forwardToService } from './forward.js';
import { ownerOf } from './route-table.js';
import type { Upstream } from './upstream.js';

type PreParsingDone = (error: Error | null, payload?: Readable) => void;

export interface ProxyRoutesOptions {
  config: GatewayConfig;
  upstream: Upstream;
  verifier: TokenVerifier;
  cache?: CatalogCache;
}

const PROXIED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** Entry points worth guessing passwords or tokens at: a much lower rate per client. */
const CREDENTIAL_ROUTES = ['/api/auth/login', '/api/auth/register', '/api/auth/refresh'];
const IMAGE_UPLOAD = /^\/api\/products\/[^/]+\/image$/;
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;
const ONE_MINUTE_MS = 60_000;

/** `/api/<area>/...` to the owning service, after the edge checks. */
export async function proxyRoutes(app: FastifyInstance, options: ProxyRoutesOptions): Promise<void> {
  const { config, upstream, verifier, cache } = options;

  // Bodies travel upstream as streams, untouched: the owning service parses and validates them.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  /**
   * Runs before any body byte is read: unknown route, missing or bad token, too large a body.
   * Callback style, so a public read (the cached catalog) goes through without a promise.
   */
  function checkAtEdge(request: FastifyRequest, _reply: FastifyReply, payload: Readable, done: PreParsingDone): void {
    const path = pathOf(request.url);
    if (DOT_SEGMENT.test(path)) return done(new AppError('validation_failed', 'The path must not contain "." or ".." segments'));
    if (ownerOf(path) === undefined) return done(new AppError('not_found', `No service serves ${path}`));
    adoptQueryToken(request, path);
    const proceed = () => {
      try {
        done(null, limitBody(request, payload, path));
      } catch (error) {
        done(error as Error);
      }
    };
    if (isPublicRoute(request.method, path)) return proceed();
    authenticateAtEdge(verifier, request.headers.authorization).then(proceed, done);
  }

  function limitBody(request: FastifyRequest, payload: Readable, path: string): Readable {
    if (request.method === 'GET' || request.method === 'HEAD') return payload;
    const limit = request.method === 'POST' && IMAGE_UPLOAD.test(path) ? config.IMAGE_BODY_LIMIT_BYTES : config.BODY_LIMIT_BYTES;
    const declared = request.headers['content-length'];
    if (declared !== undefined) {
      if (Number(declared) > limit) throw tooLarge(limit);
      // Node's parser already holds the body to the declared length.
      return payload;
    }
    return request.headers['transfer-encoding'] === undefined ? payload : capped(payload, limit);
  }

  /** Returns nothing when the reply was sent at once (a cache hit), else the pending forward. */
  function forward(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> | undefined {
    const path = pathOf(request.url);
    const service = ownerOf(path)!;
    if (cache !== undefined && isCachedCatalogRead(request, path)) return serveCatalogRead(cache, upstream, service, request, reply);
    return forwardToService(upstream, request, reply, service, path);
  }

  const route = { schema: { hide: true }, preParsing: checkAtEdge, handler: forward };
  for (const url of CREDENTIAL_ROUTES) {
    app.post(url, { ...route, config: { rateLimit: { max: config.LOGIN_RATE_LIMIT_MAX, timeWindow: ONE_MINUTE_MS } } });
  }
  app.route({ method: PROXIED_METHODS, url: '/api/*', ...route });
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function tooLarge(limit: number): AppError {
  return new AppError('payload_too_large', `The request body is larger than this endpoint accepts (${limit} bytes)`);
}

/** A chunked body counted on the way through; past the limit the upload is cut off with a 413. */
function capped(payload: Readable, limit: number): Readable {
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > limit) callback(tooLarge(limit));
      else callback(null, chunk);
    },
  });
  payload.on('error', (error) => counter.destroy(error));
  return payload.pipe(counter);
}
