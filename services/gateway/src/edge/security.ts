import type { FastifyCorsOptions } from '@fastify/cors';
import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import { AppError } from '@souk/platform';
import type { GatewayConfig } from '../config.js';

/**
 * Security headers for a React single-page app served from this origin. Swagger UI at /api/docs
 * fits the same policy: its scripts are files, its inline styles are allowed, its icons are data:
 * URLs and it fetches the document from this origin.
 */
export function helmetOptions(): FastifyHelmetOptions {
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
