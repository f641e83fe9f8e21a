import { Type, type Static } from '@sinclair/typebox';
import { IMAGE_MAX_BYTES, defaultPortOf } from '@souk/contracts';
import { env, httpConfig, trustedProxiesVariable } from '@souk/platform';

const MIB = 1024 * 1024;

export const gatewayConfigSchema = Type.Object({
  ...httpConfig(defaultPortOf('gateway')),
  /**
   * The gateway is the edge: by default it trusts no X-Forwarded-* from its clients (they are
   * replaced). Set it to the load balancer's or ingress controller's addresses when one sits in front.
   */
  TRUSTED_PROXIES: trustedProxiesVariable(''),
  /**
   * Port of the gateway's own `GET /metrics`, apart from the public port (which never serves it):
   * Prometheus scrapes it, the deployment does not publish it. 0 = any free port (logged at start).
   */
  METRICS_PORT: env.port(0),
  /** postgres://… or amqp://…: catalog cache purges on product and stock events. Optional. */
  BROKER_URL: Type.Optional(env.url()),
  UPSTREAM_TIMEOUT_MS: env.integer(15_000, { minimum: 1 }),
  /**
   * Requests in progress at once (body, service, reply) per client IP and per user; beyond, 429.
   * Request bodies are limited per service by the contracts' table, not here. 0 = no cap.
   */
  MAX_REQUESTS_PER_IP: env.integer(32, { minimum: 0 }),
  MAX_REQUESTS_PER_USER: env.integer(16, { minimum: 0 }),
  /** Open event streams (`/api/notifications/stream`) per user and per client IP; 0 = no cap. */
  MAX_STREAMS_PER_USER: env.integer(5, { minimum: 0 }),
  MAX_STREAMS_PER_IP: env.integer(50, { minimum: 0 }),
  /** Largest reply read from a service (replies are read whole, then sent on); larger is a 502. */
  MAX_REPLY_BYTES: env.integer(8 * MIB, { minimum: IMAGE_MAX_BYTES }),
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
