import { Type, type Static, type TObject } from '@sinclair/typebox';
import { defaultPortOf, Jwks, RevocationFeed } from '@souk/contracts';
import { ConfigError, env, loadConfig } from './config.js';
import { createRegistryDiscovery, createStaticDiscovery } from './discovery/discovery.js';
import { registerInstance } from './discovery/registration.js';
import type { Discovery, Registration } from './discovery/types.js';
import { createRevocations, type Revocations } from './auth/revocations.js';
import { createTokenVerifier, type TokenVerifier } from './auth/verifier.js';
import type { HttpClient } from './http/client.js';
import { startDraining } from './http/draining.js';
import type { App } from './http/server.js';
import { createLogger, type Logger } from './logger.js';
import { startMetrics, stopMetrics } from './metrics/metrics.js';
import { startTracing, stopTracing, TRACES_SAMPLERS, withoutTracing } from './tracing.js';
import { trustedProxiesVariable } from './trusted-proxies.js';

/** Shortest registry token accepted, by the registry and by the services. */
export const REGISTRY_TOKEN_MIN_LENGTH = 32;

/** Variables every HTTP service reads (gateway and registry included). */
export const httpConfig = (defaultPort: number) => ({
  HOST: env.host(),
  PORT: env.port(defaultPort),
  /** URL other services use to reach this instance; defaults to http://HOST:PORT. */
  PUBLIC_URL: Type.Optional(env.url()),
  INSTANCE_ID: Type.Optional(Type.String({ pattern: '^[\\w.-]{1,64}$' })),
  LOG_LEVEL: env.logLevel(),
  DISCOVERY: Type.Union([Type.Literal('registry'), Type.Literal('static')], {
    default: 'registry',
  }),
  REGISTRY_URL: env.url({ default: `http://127.0.0.1:${defaultPortOf('registry')}` }),
  /** Shared secret the registry requires on registrations; required with DISCOVERY=registry. */
  REGISTRY_TOKEN: Type.Optional(Type.String({ minLength: REGISTRY_TOKEN_MIN_LENGTH })),
  /** With DISCOVERY=static: `auth=http://auth:8080,product=http://product:8080,...` */
  SERVICE_URLS: Type.String({ default: '' }),
  JWT_ISSUER: Type.String({ default: 'souk-auth' }),
  JWT_AUDIENCE: Type.String({ default: 'souk' }),
  OTEL_EXPORTER_OTLP_ENDPOINT: Type.Optional(env.url()),
  /** Which traces are kept: OpenTelemetry's sampler names; the parent-based ones follow the caller. */
  OTEL_TRACES_SAMPLER: Type.Union(
    TRACES_SAMPLERS.map((name) => Type.Literal(name)),
    { default: 'parentbased_traceidratio' },
  ),
  /** Share of new traces kept by the ratio samplers, 0 to 1. */
  OTEL_TRACES_SAMPLER_ARG: Type.Number({ minimum: 0, maximum: 1, default: 1 }),
  /** The gateway in front, and nothing else: an instance reached directly counts the caller's own address. */
  TRUSTED_PROXIES: trustedProxiesVariable('loopback'),
  /**
   * After SIGTERM, how long the instance keeps serving while unready and deregistered, so that
   * load balancers and the gateway's discovery stop sending here before it stops listening.
   * 5 s here (Kubernetes endpoints and the registry's 5 s discovery cache); the launcher sets 1 s.
   */
  SHUTDOWN_DRAIN_MS: env.integer(5_000, { minimum: 0, maximum: 600_000 }),
  /** The whole shutdown, drain included, before the process gives up and exits 1: longer than the drain. */
  SHUTDOWN_TIMEOUT_MS: env.integer(15_000, { minimum: 0 }),
  /** Longest time a client may take to send a whole request (headers and body). */
  REQUEST_TIMEOUT_MS: env.integer(30_000, { minimum: 1_000 }),
  /** How often token verifiers catch up with the auth service's revocations (broadcasts come at once). */
  REVOCATION_SYNC_MS: env.integer(5_000, { minimum: 100, maximum: 600_000 }),
  /** Longest time a client may take to send its request headers. */
  HEADERS_TIMEOUT_MS: env.integer(10_000, { minimum: 1_000 }),
});

/** Variables of a service that owns a database and uses the bus. */
export const dataConfig = () => ({
  DATABASE_URL: env.url(),
  DATABASE_POOL_MAX: env.integer(10, { minimum: 1, maximum: 100 }),
  /** postgres://… uses pg-boss on that database; amqp://… uses RabbitMQ. */
  BROKER_URL: env.url(),
  /** How long a dead-lettered message stays in the broker's dead-letter queue. */
  BUS_DEAD_LETTER_RETENTION_DAYS: env.integer(14, { minimum: 1, maximum: 3_650 }),
});

export type HttpConfig = Static<TObject<ReturnType<typeof httpConfig>>>;
export type DataConfig = Static<TObject<ReturnType<typeof dataConfig>>>;

export function createDiscovery(config: HttpConfig, logger: Logger): Discovery {
  return config.DISCOVERY === 'static'
    ? createStaticDiscovery(config.SERVICE_URLS)
    : createRegistryDiscovery({ registryUrl: config.REGISTRY_URL, logger });
}

/** Path of the auth service's public keys, used by every token verifier. */
export const JWKS_PATH = '/api/auth/.well-known/jwks.json';
/** The auth service's revocation feed (outside /api: the gateway does not expose it). */
export const REVOCATIONS_PATH = '/internal/auth/revocations';

/** Revoked sessions and token versions, synced from the auth service found through discovery. */
export function createAuthServiceRevocations(
  http: HttpClient,
  config: Pick<HttpConfig, 'REVOCATION_SYNC_MS'>,
  logger: Logger,
): Revocations {
  return createRevocations({
    load: (since) =>
      withoutTracing(() =>
        http.json(
          'auth',
          { path: REVOCATIONS_PATH, query: { since }, timeoutMs: 3_000 },
          RevocationFeed,
        ),
      ),
    syncIntervalMs: config.REVOCATION_SYNC_MS,
    logger,
  });
}

/** Verifies access tokens with the keys the auth service publishes, found through discovery. */
export function createAuthServiceVerifier(
  http: HttpClient,
  config: HttpConfig,
  revocations: Revocations,
): TokenVerifier {
  return createTokenVerifier({
    loadKeySet: () => http.json('auth', { path: JWKS_PATH }, Jwks),
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    revocations,
  });
}

/**
 * The service's config, plus what only a running service needs: an instance that registers with
 * the registry must have its token (the registry refuses every registration without it).
 */
export function loadServiceConfig<S extends TObject>(
  definition: Pick<ServiceDefinition<S>, 'configSchema' | 'register'>,
  variables: Record<string, string | undefined> = process.env,
): Static<S> & HttpConfig {
  const config = loadConfig(definition.configSchema, variables) as Static<S> & HttpConfig;
  if (config.SHUTDOWN_TIMEOUT_MS <= config.SHUTDOWN_DRAIN_MS) {
    throw new ConfigError([
      `SHUTDOWN_TIMEOUT_MS: must be longer than SHUTDOWN_DRAIN_MS (${config.SHUTDOWN_DRAIN_MS}), which it includes, to leave time for requests in progress`,
    ]);
  }
  if (definition.register !== false && config.DISCOVERY === 'registry' && !config.REGISTRY_TOKEN) {
    throw new ConfigError([
      'REGISTRY_TOKEN: required with DISCOVERY=registry: the shared secret the registry was started with (npm start generates one for each run)',
    ]);
  }
  return config;
}

export interface ServiceDefinition<S extends TObject> {
  name: string;
  configSchema: S;
  /** Builds the app (without listening); its onClose hooks release what it opened. */
  build: (context: { config: Static<S> & HttpConfig; logger: Logger }) => Promise<App>;
  /** Whether to register with the registry (the registry itself does not). */
  register?: boolean;
}

/**
 * The whole life of a service process: config, tracing, logger, build, listen, register, and a
 * graceful shutdown on SIGTERM/SIGINT. A fatal error is logged and ends the process so the
 * supervisor (the launcher, or Kubernetes) restarts it.
 *
 * Shutdown: readiness turns 503 and the instance leaves the registry at once, but it goes on
 * serving for SHUTDOWN_DRAIN_MS (replies close their connections) while callers learn it is
 * going; then it stops listening, ends its event streams with a retry hint (preClose hooks),
 * finishes the requests and event handlers in progress, closes what it opened and exits 0.
 */
export async function runService<S extends TObject>(
  definition: ServiceDefinition<S>,
): Promise<void> {
  let config: Static<S> & HttpConfig;
  try {
    config = loadServiceConfig(definition);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`[${definition.name}] ${error.message}`);
      process.exit(78);
    }
    throw error;
  }
  await startTracing({
    serviceName: definition.name,
    serviceInstanceId: config.INSTANCE_ID,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
    sampler: config.OTEL_TRACES_SAMPLER,
    samplerRatio: config.OTEL_TRACES_SAMPLER_ARG,
  });
  startMetrics({ serviceName: definition.name, serviceInstanceId: config.INSTANCE_ID });
  const logger = createLogger({ name: definition.name, level: config.LOG_LEVEL });

  const fail = (error: unknown, what: string) => {
    logger.fatal({ err: error }, what);
    process.exit(1);
  };
  process.on('uncaughtException', (error) => fail(error, 'uncaught exception'));
  process.on('unhandledRejection', (error) => fail(error, 'unhandled promise rejection'));

  let app: App;
  try {
    app = await definition.build({ config, logger });
    await app.listen({ host: config.HOST, port: config.PORT });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') {
      logger.fatal(
        `port ${config.PORT} on ${config.HOST} is already in use; stop what holds it or set PORT`,
      );
      process.exit(1);
    }
    return fail(error, 'start-up failed');
  }

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = config.PUBLIC_URL ?? `http://${config.HOST}:${port}`;
  let registration: Registration | undefined;
  if (definition.register !== false && config.DISCOVERY === 'registry') {
    registration = await registerInstance({
      registryUrl: config.REGISTRY_URL,
      service: definition.name,
      url,
      logger,
      instanceId: config.INSTANCE_ID,
      token: config.REGISTRY_TOKEN,
    });
  }
  logger.info({ url }, `${definition.name} service ready`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, drainMs: config.SHUTDOWN_DRAIN_MS }, 'shutting down: draining first');
    const force = setTimeout(() => {
      logger.error('graceful shutdown timed out; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    try {
      startDraining(app);
      const drained = new Promise((resolve) => setTimeout(resolve, config.SHUTDOWN_DRAIN_MS));
      await registration?.deregister();
      await drained;
      logger.info('drained; closing');
      await app.close();
      await stopTracing();
      await stopMetrics();
      process.exit(0);
    } catch (error) {
      fail(error, 'shutdown failed');
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
