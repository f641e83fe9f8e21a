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
  type EventBus,
  type Logger,
  type TokenVerifier,
} from '@souk/platform';
import type { Catalog } from './catalog.js';
import { categoryRoutes } from './categories/category.routes.js';
import type { ProductConfig } from './config.js';
import { migrations } from './db/migrations.js';
import type { ProductDatabase } from './db/schema.js';
import { seedDemoCatalog } from './demo/demo.seed.js';
import { imageRoutes } from './images/image.routes.js';
import { createImageStore } from './images/image.store.js';
import { productRoutes } from './products/product.routes.js';
import { registerStockConsumers } from './stock/stock.consumers.js';
import { stockRoutes } from './stock/stock.routes.js';

export interface ProductDeps {
  /** Token verifier; by default the auth service's JWKS found through discovery. */
  verifier?: TokenVerifier;
  /** Broker; by default one for BROKER_URL, stopped with the app. A given broker is left running. */
  broker?: Broker;
}

type Cleanup = () => Promise<unknown>;

/**
 * The product service, not listening: migrations applied, demo catalog seeded when asked, event
 * bus started. Closing the app stops the bus, the broker it created and the database pool.
 */
export async function buildApp(config: ProductConfig, logger: Logger, deps: ProductDeps = {}): Promise<App> {
  const cleanups: Cleanup[] = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => logger.warn({ err: error }, 'cleanup failed'));
  };
  try {
    const database = createDatabase<ProductDatabase>({
      url: config.DATABASE_URL,
      poolMax: config.DATABASE_POOL_MAX,
      logger,
      applicationName: 'product',
      traceQueries: Boolean(config.OTEL_EXPORTER_OTLP_ENDPOINT),
    });
    cleanups.push(() => database.close());
    await migrate(database.db, migrations, logger);
    if (config.DEMO_CATALOG) await seedDemoCatalog(database.db, logger);

    const store = await createImageStore({ uploadDir: config.UPLOAD_DIR });
    const verifier = deps.verifier ?? peerVerifier(config, logger, cleanups);
    const broker = deps.broker ?? createBroker(config.BROKER_URL, { logger, service: 'product' });
    if (!deps.broker) cleanups.push(() => broker.stop());
    const bus = createEventBus<EventMap>({
      service: 'product',
      db: database.db,
      broker,
      schemas: eventSchemas,
      logger,
      databaseUrl: config.DATABASE_URL,
    });
    const catalog: Catalog = { db: database.db, bus };

    const app = createServer({
      name: 'product',
      logger,
      trustProxy: trustProxySetting(config.TRUST_PROXY),
      description: 'Catalog: categories, products with stock, search, and product images.',
      readiness: [
        { name: 'database', check: database.ping },
        { name: 'broker', check: () => bus.ping() },
      ],
    });
    installAuth(app, verifier);
    // Let the platform's plugins (OpenAPI among them) load first, so they see every route below.
    await app.after();
    categoryRoutes(app, catalog);
    stockRoutes(app, catalog, { lowStockThreshold: config.LOW_STOCK_THRESHOLD });
    productRoutes(app, catalog, store);
    await imageRoutes(app, catalog, store, { maxImageBytes: config.MAX_IMAGE_BYTES });
    registerOpsRoutes(app, bus, 'product', broker);
    registerStockConsumers(bus, { lowStockThreshold: config.LOW_STOCK_THRESHOLD });

    await bus.start();
    cleanups.push(() => bus.stop());
    app.addHook('onClose', closeAll);
    return app;
  } catch (error) {
    await closeAll();
    throw error;
  }
}

function peerVerifier(config: ProductConfig, logger: Logger, cleanups: Cleanup[]): TokenVerifier {
  const discovery = createDiscovery(config, logger);
  const http = createHttpClient({ discovery });
  cleanups.push(() => discovery.close(), () => http.close());
  return createAuthServiceVerifier(http, config);
}
