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
import { cartRoutes } from './carts/cart.routes.js';
import { createProductCatalog } from './catalog/product-catalog.js';
import type { OrderConfig } from './config.js';
import type { OrderContext } from './context.js';
import { migrations } from './db/migrations.js';
import type { OrderDatabase } from './db/schema.js';
import { registerOrderConsumers } from './orders/order.consumers.js';
import { orderRoutes } from './orders/order.routes.js';
import { startPaymentTimeoutSweep } from './orders/payment-timeout.js';
import { statsRoutes } from './stats/stats.routes.js';

export interface OrderDeps {
  /** Token verifier; by default the auth service's JWKS found through discovery. */
  verifier?: TokenVerifier;
  /** Broker; by default one for BROKER_URL, stopped with the app. A given broker is left running. */
  broker?: Broker;
  /** How peers (product, auth) are found; by default from the config. A given one is left open. */
  discovery?: Discovery;
}

type Cleanup = () => Promise<unknown>;

/**
 * The order service, not listening: cart, orders, the order side of the checkout saga and the
 * payment-timeout sweep. Closing the app stops the sweep, the bus, what it created and the pool.
 */
export async function buildApp(config: OrderConfig, logger: Logger, deps: OrderDeps = {}): Promise<App> {
  const cleanups: Cleanup[] = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => logger.warn({ err: error }, 'cleanup failed'));
  };
  try {
    const database = createDatabase<OrderDatabase>({
      url: config.DATABASE_URL,
      poolMax: config.DATABASE_POOL_MAX,
      logger,
      applicationName: 'order',
      traceQueries: Boolean(config.OTEL_EXPORTER_OTLP_ENDPOINT),
    });
    cleanups.push(() => database.close());
    await migrate(database.db, migrations, logger);

    const discovery = deps.discovery ?? createDiscovery(config, logger);
    if (!deps.discovery) cleanups.push(() => discovery.close());
    const http = createHttpClient({ discovery });
    cleanups.push(() => http.close());
    const verifier = deps.verifier ?? createAuthServiceVerifier(http, config);
    const broker = deps.broker ?? createBroker(config.BROKER_URL, { logger, service: 'order' });
    if (!deps.broker) cleanups.push(() => broker.stop());
    const bus: EventBus<EventMap> = createEventBus<EventMap>({
      service: 'order',
      db: database.db,
      broker,
      schemas: eventSchemas,
      logger,
      databaseUrl: config.DATABASE_URL,
    });
    const ctx: OrderContext = {
      db: database.db,
      bus,
      catalog: createProductCatalog(http),
      logger,
      paymentTimeoutMs: Math.round(config.PAYMENT_TIMEOUT_MINUTES * 60_000),
    };

    const app = createServer({
      name: 'order',
      logger,
      trustProxy: trustProxySetting(config.TRUST_PROXY),
      description: 'Cart, orders and the order side of the checkout saga.',
      readiness: [
        { name: 'database', check: database.ping },
        { name: 'broker', check: () => bus.ping() },
      ],
    });
    installAuth(app, verifier);
    cartRoutes(app, ctx);
    statsRoutes(app, ctx);
    orderRoutes(app, ctx);
    registerOpsRoutes(app, bus, 'order', broker);
    registerOrderConsumers(ctx);

    await bus.start();
    cleanups.push(() => bus.stop());
    const sweeper = startPaymentTimeoutSweep(ctx, config.EXPIRY_SWEEP_SECONDS * 1000);
    cleanups.push(() => sweeper.stop());
    app.addHook('onClose', closeAll);
    return app;
  } catch (error) {
    await closeAll();
    throw error;
  }
}
