import { eventSchemas, type EventMap } from '@souk/contracts';
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
  type EventMapBase,
  type Logger,
  type TokenVerifier,
} from '@souk/platform';
import type { NotificationConfig } from './config.js';
import type { NotificationContext } from './context.js';
import { migrations } from './db/migrations.js';
import type { NotificationDatabase } from './db/schema.js';
import { registerNotificationConsumers } from './notifications/notification.consumers.js';
import { notificationRoutes } from './notifications/notification.routes.js';
import { pushNotification } from './stream/live-push.js';
import { createStreamHub, type StreamHubOptions } from './stream/stream-hub.js';
import { streamRoutes } from './stream/stream.routes.js';

export interface AppDeps {
  /** Token verifier; by default the auth service's JWKS found through discovery. */
  verifier?: TokenVerifier;
  /** Broker; by default one for BROKER_URL, stopped with the app. A given broker is left running. */
  broker?: Broker;
  discovery?: Discovery;
  /** Live stream tuning (tests shorten the heartbeat). */
  stream?: Omit<StreamHubOptions, 'logger'>;
}

type Cleanup = () => Promise<unknown>;

/**
 * The notification service, not listening: migrations applied, one consumer per event that makes
 * a message, the live-stream hub fed by the `notification.created` broadcast. Closing the app
 * ends the live streams first, then stops the bus, the broker it made and the database pool.
 */
export async function buildApp(config: NotificationConfig, logger: Logger, deps: AppDeps = {}): Promise<App> {
  const cleanups: Cleanup[] = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => logger.warn({ err: error }, 'cleanup failed'));
  };
  try {
    const database = createDatabase<NotificationDatabase>({
      url: config.DATABASE_URL,
      poolMax: config.DATABASE_POOL_MAX,
      logger,
      applicationName: 'notification',
      traceQueries: Boolean(config.OTEL_EXPORTER_OTLP_ENDPOINT),
    });
    cleanups.push(() => database.close());
    await migrate(database.db, migrations, logger);

    const verifier = deps.verifier ?? peerVerifier(config, logger, deps.discovery, cleanups);
    const broker = deps.broker ?? createBroker(config.BROKER_URL, { logger, service: 'notification' });
    if (!deps.broker) cleanups.push(() => broker.stop());
    const bus: EventBus<EventMap> = createEventBus<EventMap>({
      service: 'notification',
      db: database.db,
      broker,
      schemas: eventSchemas,
      logger,
      databaseUrl: config.DATABASE_URL,
    });
    const context: NotificationContext = { db: database.db, bus, logger };
    const hub = createStreamHub({ logger, ...deps.stream });

    const app = createServer({
      name: 'notification',
      logger,
      trustProxy: trustProxySetting(config.TRUST_PROXY),
      description: 'Messages for every step of an order, in French and English, with a live stream for the browser.',
      readiness: [
        { name: 'database', check: database.ping },
        { name: 'broker', check: () => bus.ping() },
      ],
    });
    installAuth(app, verifier);
    notificationRoutes(app, context);
    streamRoutes(app, context, hub);
    registerOpsRoutes(app, bus as unknown as EventBus<EventMapBase>, 'notification', broker);

    registerNotificationConsumers(context);
    bus.onBroadcast(['notification.created'], (event) => {
      pushNotification(context, hub, event.data).catch((error: unknown) =>
        logger.warn({ err: error, notificationId: event.data?.notificationId }, 'live push failed'),
      );
    });
    await bus.start();
    cleanups.push(() => bus.stop());
    // Open streams would keep the HTTP server from closing: end them before it waits for requests.
    app.addHook('preClose', async () => hub.closeAll());
    app.addHook('onClose', closeAll);
    return app;
  } catch (error) {
    await closeAll();
    throw error;
  }
}

function peerVerifier(config: NotificationConfig, logger: Logger, given: Discovery | undefined, cleanups: Cleanup[]): TokenVerifier {
  const discovery = given ?? createDiscovery(config, logger);
  const http = createHttpClient({ discovery });
  cleanups.push(() => http.close());
  if (!given) cleanups.push(() => discovery.close());
  return createAuthServiceVerifier(http, config);
}
