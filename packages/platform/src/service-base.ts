import type { JSONWebKeySet } from 'jose';
import { bodyLimitOf, busTopology } from '@souk/contracts';
import type { Migration } from 'kysely';
import { createTokenVerifier, type TokenVerifier } from './auth/verifier.js';
import { installAuth } from './auth/hooks.js';
import { createRevocations, type RevocationFeed, type Revocations } from './auth/revocations.js';
import { createBroker } from './bus/broker.js';
import { createEventBus } from './bus/event-bus.js';
import { registerOpsRoutes } from './bus/ops.routes.js';
import type { Broker, EventBus, EventEnvelope, EventMapBase, EventSchemas } from './bus/types.js';
import { createDatabase, migrate, type Database } from './db/database.js';
import type { Discovery } from './discovery/types.js';
import { createHttpClient, type HttpClient } from './http/client.js';
import { createServer, type App } from './http/server.js';
import type { Logger } from './logger.js';
import { observeBroker, observeOutbox } from './metrics/observers.js';
import {
  createAuthServiceRevocations,
  createAuthServiceVerifier,
  createDiscovery,
  type DataConfig,
  type HttpConfig,
} from './service.js';
import { trustProxySetting } from './trusted-proxies.js';

/** What tests (or a caller) may hand in instead of what the config describes. */
export interface ServiceDeps {
  /** Token verifier; by default the auth service's JWKS found through discovery. */
  verifier?: TokenVerifier;
  /** Revoked sessions and token versions; by default synced from the auth service. */
  revocations?: Revocations;
  /** Broker; by default one for BROKER_URL, stopped with the app. A given broker is left running. */
  broker?: Broker;
  /** Discovery; by default from the config (registry or static). A given one is left open. */
  discovery?: Discovery;
}

export interface ServiceBaseOptions<DB, Events extends EventMapBase> {
  name: string;
  /** One line for the OpenAPI document. */
  description: string;
  config: HttpConfig & DataConfig;
  logger: Logger;
  migrations: Record<string, Migration>;
  schemas: EventSchemas<Events>;
  deps?: ServiceDeps;
  /**
   * Where tokens are checked against, when not the auth service over HTTP: the auth service
   * itself reads its own keys and database.
   */
  tokenSource?: (database: Database<DB>) => TokenSource;
  /** Told of the events this service published, once the broker confirmed them (business metrics). */
  onPublished?: (envelopes: EventEnvelope[]) => void;
}

export interface TokenSource {
  loadKeySet: () => Promise<JSONWebKeySet>;
  loadRevocations: (since: string | undefined) => Promise<RevocationFeed>;
}

/** The parts every service with a database and the bus is made of, ready for its own routes. */
export interface ServiceParts<DB, Events extends EventMapBase> {
  app: App;
  database: Database<DB>;
  discovery: Discovery;
  http: HttpClient;
  verifier: TokenVerifier;
  /** Revocations the verifier checks; listeners hear each new one (open streams end). */
  revocations: Revocations;
  broker: Broker;
  bus: EventBus<Events>;
  /** Adds work to do when the app closes (run in reverse order of registration). */
  onClose(cleanup: () => Promise<unknown>): void;
}

/**
 * The plumbing of a data service, the same everywhere (eShop's ServiceDefaults): the database
 * with its migrations, discovery, the HTTP client, the token verifier, the broker and the event
 * bus, and a platform server with auth hooks, readiness checks and the dead-letter routes. The
 * service adds its own routes and consumers in `register`; then the bus starts. Whatever fails on
 * the way, everything opened so far is released; closing the app releases it all in reverse.
 */
export async function buildService<DB, Events extends EventMapBase>(
  options: ServiceBaseOptions<DB, Events>,
  register: (parts: ServiceParts<DB, Events>) => void | Promise<void>,
): Promise<App> {
  const { name, config, logger, deps = {} } = options;
  const cleanups: Array<() => Promise<unknown>> = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => logger.warn({ err: error }, 'clean-up failed'));
    }
  };
  try {
    const database = createDatabase<DB>({
      url: config.DATABASE_URL,
      poolMax: config.DATABASE_POOL_MAX,
      logger,
      applicationName: name,
      traceQueries: Boolean(config.OTEL_EXPORTER_OTLP_ENDPOINT),
    });
    cleanups.push(() => database.close());
    await migrate(database.db, options.migrations, logger);

    const discovery = deps.discovery ?? createDiscovery(config, logger);
    if (!deps.discovery) cleanups.push(() => discovery.close());
    const http = createHttpClient({ discovery });
    cleanups.push(() => http.close());
    const source = options.tokenSource?.(database);
    const revocations =
      deps.revocations ??
      (source
        ? createRevocations({
            load: source.loadRevocations,
            syncIntervalMs: config.REVOCATION_SYNC_MS,
            logger,
          })
        : createAuthServiceRevocations(http, config, logger));
    if (!deps.revocations) cleanups.push(async () => revocations.stop());
    const verifier =
      deps.verifier ??
      (source
        ? createTokenVerifier({
            loadKeySet: source.loadKeySet,
            issuer: config.JWT_ISSUER,
            audience: config.JWT_AUDIENCE,
            revocations,
          })
        : createAuthServiceVerifier(http, config, revocations));
    const broker =
      deps.broker ??
      createBroker(config.BROKER_URL, {
        logger,
        service: name,
        deadLetterRetentionDays: config.BUS_DEAD_LETTER_RETENTION_DAYS,
      });
    if (!deps.broker) cleanups.push(() => broker.stop());
    await revocations.listenOn(broker);
    const bus = createEventBus<Events>({
      service: name,
      db: database.db,
      broker,
      schemas: options.schemas,
      logger,
      databaseUrl: config.DATABASE_URL,
      topology: busTopology,
      onPublished: options.onPublished,
    });
    const consumes = Object.hasOwn(busTopology, name);
    const stopObserving = [
      observeOutbox(database.db, name),
      observeBroker(
        () => broker.ping(),
        broker.kind,
        name,
        consumes ? () => broker.deadLetterCount(name) : undefined,
      ),
    ];
    cleanups.push(async () => stopObserving.forEach((stop) => stop()));

    const app = createServer({
      name,
      logger,
      // The same table the gateway reads, so it refuses a larger body before it gets here.
      bodyLimit: bodyLimitOf(name),
      description: options.description,
      trustProxy: trustProxySetting(config.TRUSTED_PROXIES),
      requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
      headersTimeoutMs: config.HEADERS_TIMEOUT_MS,
      readiness: [
        { name: 'database', check: database.ping },
        // Not required: without the broker the service still serves, and the outbox keeps every
        // event until the broker is back. A blip must not take every instance out of service.
        { name: 'broker', check: () => bus.ping(), required: false },
      ],
    });
    installAuth(app, verifier);
    registerOpsRoutes(app, bus, name, broker);
    await register({
      app,
      database,
      discovery,
      http,
      verifier,
      revocations,
      broker,
      bus,
      onClose: (cleanup) => cleanups.push(cleanup),
    });

    await bus.start();
    cleanups.push(() => bus.stop());
    app.addHook('onClose', closeAll);
    return app;
  } catch (error) {
    await closeAll();
    throw error;
  }
}
