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
  type Logger,
  type TokenVerifier,
} from '@souk/platform';
import type { PaymentConfig } from './config.js';
import type { PaymentContext } from './context.js';
import { migrations } from './db/migrations.js';
import type { PaymentDatabase } from './db/schema.js';
import { createOrderReader } from './payments/order-reader.js';
import { startRecoverySweep } from './payments/payment-recovery.js';
import { paymentRoutes } from './payments/payments.routes.js';
import { createSandboxProcessor } from './processor/sandbox-processor.js';
import { registerRefundConsumers } from './refunds/refunds.consumers.js';

export interface PaymentDeps {
  /** Token verifier; by default the auth service's JWKS found through discovery. */
  verifier?: TokenVerifier;
  /** Broker; by default one for BROKER_URL, stopped with the app. A given broker is left running. */
  broker?: Broker;
  /** Where peers (auth, order) are found; by default the registry or SERVICE_URLS. Closed with the app. */
  discovery?: Discovery;
}

type Cleanup = () => Promise<unknown>;

/**
 * The payment service, not listening: migrations applied, refund consumers and the recovery sweep
 * running. Closing the app stops them, then the bus, the broker it created and the pools.
 */
export async function buildApp(config: PaymentConfig, logger: Logger, deps: PaymentDeps = {}): Promise<App> {
  const cleanups: Cleanup[] = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => logger.warn({ err: error }, 'cleanup failed'));
  };
  try {
    const database = createDatabase<PaymentDatabase>({
      url: config.DATABASE_URL,
      poolMax: config.DATABASE_POOL_MAX,
      logger,
      applicationName: 'payment',
      traceQueries: Boolean(config.OTEL_EXPORTER_OTLP_ENDPOINT),
    });
    cleanups.push(() => database.close());
    await migrate(database.db, migrations, logger);

    const processor = createSandboxProcessor({ url: config.DATABASE_URL });
    cleanups.push(() => processor.close());
    const discovery = deps.discovery ?? createDiscovery(config, logger);
    const http = createHttpClient({ discovery });
    cleanups.push(() => discovery.close(), () => http.close());
    const verifier = deps.verifier ?? createAuthServiceVerifier(http, config);
    const broker = deps.broker ?? createBroker(config.BROKER_URL, { logger, service: 'payment' });
    if (!deps.broker) cleanups.push(() => broker.stop());
    const bus: EventBus<EventMap> = createEventBus<EventMap>({
      service: 'payment',
      db: database.db,
      broker,
      schemas: eventSchemas,
      logger,
      databaseUrl: config.DATABASE_URL,
    });
    const ctx: PaymentContext = { db: database.db, bus, processor, orders: createOrderReader(http), logger };

    const app = createServer({
      name: 'payment',
      logger,
      trustProxy: trustProxySetting(config.TRUST_PROXY),
      description: 'Card payments of orders through a simulated card processor, refunds, and the transaction log.',
      readiness: [
        { name: 'database', check: database.ping },
        { name: 'broker', check: () => bus.ping() },
      ],
    });
    installAuth(app, verifier);
    paymentRoutes(app, ctx);
    registerOpsRoutes(app, bus, 'payment', broker);
    registerRefundConsumers(bus, ctx);

    await bus.start();
    cleanups.push(() => bus.stop());
    const sweep = startRecoverySweep(ctx, config.RECOVERY_SWEEP_SECONDS);
    cleanups.push(() => sweep.stop());
    app.addHook('onClose', closeAll);
    return app;
  } catch (error) {
    await closeAll();
    throw error;
  }
}
