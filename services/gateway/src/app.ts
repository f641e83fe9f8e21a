import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
// The platform server registers @fastify/swagger: its types add `app.swagger()` and `schema.hide`.
import type {} from '@fastify/swagger';
import { request } from 'undici';
import {
  createAuthServiceRevocations,
  createAuthServiceVerifier,
  createDiscovery,
  createHttpClient,
  createServer,
  installAuth,
  parseServiceUrls,
  trustProxySetting,
  type App,
  type Broker,
  type Discovery,
  type Logger,
  type ReadinessCheck,
  type Revocations,
  type TokenVerifier,
} from '@souk/platform';
import { createCatalogCache, type CatalogCache } from './cache/catalog-cache.js';
import { purgeOnCatalogChanges } from './cache/catalog-purge.js';
import type { GatewayConfig } from './config.js';
import { createApiDocs } from './docs/api-docs.service.js';
import { OpenApiDocumentReply, type OpenApiDocument } from './docs/openapi-merge.js';
import { docsRoutes } from './docs/docs.routes.js';
import {
  corsOptions,
  helmetOptions,
  installSecurityHeaders,
  rateLimitOptions,
} from './edge/security.js';
import { createOpenStreams } from './proxy/open-streams.js';
import { proxyRoutes } from './proxy/proxy.routes.js';
import { UPSTREAM_SERVICES } from './proxy/route-table.js';
import { createUpstream } from './proxy/upstream.js';
import { systemRoutes } from './system/system.routes.js';
import { DEFAULT_WEB_DIR, webRoutes } from './web/web.routes.js';

// The package's public entry (package.json exports): another service's tests can start this
// service in-process through it, with the schema that turns their environment into its config.
export { gatewayConfigSchema as configSchema, type GatewayConfig } from './config.js';

export interface GatewayDeps {
  logger: Logger;
  /** Defaults to the registry or SERVICE_URLS, as configured. */
  discovery?: Discovery;
  /** Defaults to the auth service's JWKS, found through discovery. */
  verifier?: TokenVerifier;
  /** Defaults to the auth service's revocation feed, and the broker's broadcasts when there is one. */
  revocations?: Revocations;
  /** When given, catalog events purge the cache; the caller starts and stops it. */
  broker?: Broker;
}

const DOCS_TTL_MS = 60_000;

/** The gateway, wired by hand and not listening (tests drive it in-process). */
export async function buildApp(config: GatewayConfig, deps: GatewayDeps): Promise<App> {
  const { logger, broker } = deps;
  const discovery = deps.discovery ?? createDiscovery(config, logger);
  const http = createHttpClient({ discovery, defaultTimeoutMs: 3_000 });
  const revocations = deps.revocations ?? createAuthServiceRevocations(http, config, logger);
  const verifier = deps.verifier ?? createAuthServiceVerifier(http, config, revocations);
  const upstream = createUpstream({
    discovery,
    timeoutMs: config.UPSTREAM_TIMEOUT_MS,
    maxReplyBytes: config.MAX_REPLY_BYTES,
  });
  const cache: CatalogCache | undefined =
    config.CATALOG_CACHE_TTL_MS > 0
      ? createCatalogCache({
          maxEntries: config.CATALOG_CACHE_MAX_ENTRIES,
          maxBytes: config.CATALOG_CACHE_MAX_BYTES,
          ttlMs: config.CATALOG_CACHE_TTL_MS,
        })
      : undefined;

  const readiness = readinessChecks(config, broker);
  const app = createServer({
    name: 'gateway',
    logger,
    trustProxy: trustProxySetting(config.TRUSTED_PROXIES),
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    headersTimeoutMs: config.HEADERS_TIMEOUT_MS,
    readiness,
    // On METRICS_PORT instead (see main.ts): the public port never serves /metrics.
    metrics: false,
    description:
      'The edge of souk: routing, token checks, rate limits, the catalog cache, API docs and the web app.',
  });

  installSecurityHeaders(app, helmetOptions());
  await app.register(cors, corsOptions(config));
  await app.register(rateLimit, rateLimitOptions(config));
  installAuth(app, verifier);

  const docs = createApiDocs({
    services: UPSTREAM_SERVICES,
    fetchDocument: (service) => http.json(service, { path: '/openapi.json' }, OpenApiDocumentReply),
    ownDocument: () => app.swagger() as OpenApiDocument,
    ttlMs: DOCS_TTL_MS,
    logger,
  });
  await app.register(docsRoutes, { docs });
  await app.register(systemRoutes, {
    discovery,
    services: UPSTREAM_SERVICES,
    registryUrl: config.DISCOVERY === 'registry' ? config.REGISTRY_URL : undefined,
    self: () => ({
      instanceId: config.INSTANCE_ID ?? 'gateway',
      url: config.PUBLIC_URL ?? `http://${config.HOST}:${listeningPort(app) ?? config.PORT}`,
    }),
  });
  const openStreams = createOpenStreams();
  app.addHook('preClose', async () => openStreams.closeAll());
  await app.register(proxyRoutes, { config, upstream, verifier, cache, openStreams });
  await app.register(webRoutes, { webDir: config.WEB_DIR ?? DEFAULT_WEB_DIR });

  if (broker && cache) await purgeOnCatalogChanges(broker, cache, logger);
  if (broker) await revocations.listenOn(broker);

  app.addHook('onClose', async () => {
    if (!deps.revocations) revocations.stop();
    await Promise.allSettled([
      upstream.close(),
      http.close(),
      deps.discovery ? Promise.resolve() : discovery.close(),
    ]);
  });
  return app;
}

/**
 * Ready when the gateway can find services. The broker (catalog purges, revocation broadcasts) is
 * reported but not required: the cache expires by itself and revocations are also polled.
 */
function readinessChecks(config: GatewayConfig, broker: Broker | undefined): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [];
  if (config.DISCOVERY === 'registry') {
    checks.push({
      name: 'registry',
      check: async () => {
        const response = await request(`${config.REGISTRY_URL}/health/live`, {
          headersTimeout: 1_000,
          bodyTimeout: 1_000,
        });
        await response.body.dump();
        if (response.statusCode !== 200)
          throw new Error(`registry answered ${response.statusCode}`);
      },
    });
  } else {
    checks.push({
      name: 'discovery',
      check: async () => {
        if (parseServiceUrls(config.SERVICE_URLS).size === 0)
          throw new Error('SERVICE_URLS names no service');
      },
    });
  }
  if (broker) checks.push({ name: 'broker', check: () => broker.ping(), required: false });
  return checks;
}

function listeningPort(app: App): number | undefined {
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : undefined;
}
