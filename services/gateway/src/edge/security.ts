import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyCorsOptions } from '@fastify/cors';
import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { AppError } from '@souk/platform';
import type { GatewayConfig } from '../config.js';

/**
 * Security headers for a React single-page app served from this origin. Swagger UI at /api/docs
 * fits the same policy: its scripts are files, its inline styles are allowed, its icons are data:
 * URLs and it fetches the document from this origin.
 */
export function helmetOptions(): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        // Local runs and clusters behind a TLS-terminating ingress both serve plain http here.
        upgradeInsecureRequests: null,
      },
    },
    // Same intent as frame-ancestors 'none', for browsers that only know the older header.
    frameguard: { action: 'deny' },
  };
}

/**
 * Helmet's headers, worked out once: they are the same on every reply. (@fastify/helmet builds
 * the helmet middleware again, CSP parsing included, on each request: about a quarter of the
 * gateway's CPU time on a cached catalog read.)
 */
export function installSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const headers = securityHeaders(options);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}

export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  // Helmet's middleware only sets and removes response headers; collect what it sets.
  const collector = {
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)(
    {} as IncomingMessage,
    collector as unknown as ServerResponse,
    (error?: unknown) => {
      if (error)
        throw error instanceof Error ? error : new Error('helmet failed', { cause: error });
    },
  );
  return headers;
}

export function corsOptions(config: GatewayConfig): FastifyCorsOptions {
  const allowed = new Set(
    config.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  );
  return {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    exposedHeaders: ['x-request-id', 'x-cache', 'etag', 'retry-after', 'location'],
    maxAge: 600,
  };
}

/** Per client IP, in memory; the credential routes set a stricter limit of their own. */
export function rateLimitOptions(config: GatewayConfig): RateLimitPluginOptions {
  return {
    global: config.RATE_LIMIT_MAX > 0,
    max: config.RATE_LIMIT_MAX,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', `Too many requests; retry in ${context.after}`, {
        headers: { 'retry-after': String(Math.max(1, Math.ceil(context.ttl / 1000))) },
      }),
  };
}
