import {
  createAuthServiceVerifier,
  createBroker,
  createDatabase,
  createDiscovery,
  createEventBus,
  createHttpClient,
  createServer,
  installAuth,
  migrate,
  registerOpsRoutes,
  trustProxySetting,
  type App,
  type Broker,
  type Discovery,
  type EventBus,
  type Logger,
  type TokenVerifier,
} from '@souk/platform';
import { consumeAccountEvents } from './accounts/account-events.consumers.js';
import { addressRoutes } from './addresses/address.routes.js';
import { adminRoutes } from './admin/admin.routes.js';
import type { ClientConfig } from './config.js';
import { clientServiceEvents, type ClientContext, type ClientServiceEventMap } from './context.js';
import { migrations } from './db/migrations.js';
import type { ClientDatabase } from './db/schema.js';
import { profileRoutes } from './profiles/profile.routes.js';

export interface ClientDeps {
  /** Token verifier; by default the auth service's JWKS found through discovery. */
  verifier?: TokenVerifier;
  /** Broker; by default one for BROKER_URL, stopped with the app. A given broker is left running. */
  broker?: Broker;
  /** Discovery; by default from the config (registry or static). A given one is left open. */
  discovery?: Discovery;
}

type Cleanup = () => Promise<unknown>;

/**
 * The client service, not listening: migrations applied, consumers of the auth account events
 * registered, event bus started. Closing the app releases what it opened, in reverse order.
 */
export async function buildApp(config: ClientConfig, logger: Logger, deps: ClientDeps = {}): Promise<App> {
  const cleanups: Cleanup[] = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => logger.warn({ err: error }, 'cleanup failed'));
  };
  try {
    const database = createDatabase<ClientDatabase>({
      url: config.DATABASE_URL,
      poolMax: config.DATABASE_POOL_MAX,
      logger,
      applicationName: 'client',
      traceQueries: Boolean(config.OTEL_EXPORTER_OTLP_ENDPOINT),
    });
    cleanups.push(() => database.close());
    await migrate(database.db, migrations, logger);

    const discovery = deps.discovery ?? createDiscovery(config, logger);
    if (!deps.discovery) cleanups.push(() => discovery.close());
    const http = createHttpClient({ discovery });
    cleanups.push(() => http.close());
    const verifier = deps.verifier ?? createAuthServiceVerifier(http, config);
    const broker = deps.broker ?? createBroker(config.BROKER_URL, { logger, service: 'client' });
    if (!deps.broker) cleanups.push(() => broker.stop());
    const bus: EventBus<ClientServiceEventMap> = createEventBus<ClientServiceEventMap>({
      service: 'client',
      db: database.db,
      broker,
      schemas: clientServiceEvents,
      logger,
      databaseUrl: config.DATABASE_URL,
    });
    const context: ClientContext = { db: database.db, bus };

    const app = createServer({
      name: 'client',
      logger,
      trustProxy: trustProxySetting(config.TRUST_PROXY),
      description: 'Client profiles (created from auth.user.registered), saved addresses, and client administration.',
      readiness: [
        { name: 'database', check: database.ping },
        { name: 'broker', check: () => bus.ping() },
      ],
    });
    installAuth(app, verifier);
    profileRoutes(app, context);
    addressRoutes(app, context);
    adminRoutes(app, context);
    registerOpsRoutes(app, bus, 'client', broker);
    consumeAccountEvents(bus, logger);

    await bus.start();
    cleanups.push(() => bus.stop());
    app.addHook('onClose', closeAll);
    return app;
  } catch (error) {
    await closeAll();
    throw error;
  }
}
