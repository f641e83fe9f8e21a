import { Type, type Static } from '@sinclair/typebox';
import { env, httpConfig, trustedProxiesVariable } from '@souk/platform';

const MIB = 1024 * 1024;

export const gatewayConfigSchema = Type.Object({
  ...httpConfig(8080),
  /**
   * The gateway is the edge: by default it trusts no X-Forwarded-* from its clients (they are
   * replaced). Set it to the load balancer's or ingress controller's addresses when one sits in front.
   */
  TRUSTED_PROXIES: trustedProxiesVariable(''),
  /** postgres://… or amqp://…: catalog cache purges on product and stock events. Optional. */
  BROKER_URL: Type.Optional(env.url()),
  UPSTREAM_TIMEOUT_MS: env.integer(15_000, { minimum: 1 }),
  BODY_LIMIT_BYTES: env.integer(MIB, { minimum: 1 }),
  /** Larger limit of `POST /api/products/:id/image` only. */
  IMAGE_BODY_LIMIT_BYTES: env.integer(6 * MIB, { minimum: 1 }),
  /** Requests per minute and client IP; 0 turns the global limit off (benchmarks). */
  RATE_LIMIT_MAX: env.integer(1200, { minimum: 0 }),
  /** Requests per minute and client IP on login, register and refresh. */
  LOGIN_RATE_LIMIT_MAX: env.integer(20, { minimum: 1 }),
  /** Comma-separated origins allowed to call the API from a browser. */
  CORS_ORIGINS: Type.String({ default: 'http://localhost:5173,http://127.0.0.1:5173' }),
  CATALOG_CACHE_MAX_ENTRIES: env.integer(2000, { minimum: 1 }),
  CATALOG_CACHE_MAX_BYTES: env.integer(64 * MIB, { minimum: 1 }),
  /** How long a cached catalog reply is served; 0 turns the cache off. */
  CATALOG_CACHE_TTL_MS: env.integer(30_000, { minimum: 0 }),
  /** Built web app; defaults to `<repo>/apps/web/dist`. */
  WEB_DIR: Type.Optional(Type.String({ minLength: 1 })),
});

export type GatewayConfig = Static<typeof gatewayConfigSchema>;
