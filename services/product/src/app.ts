import { eventSchemas, IMAGE_MAX_BYTES, type EventMap } from '@souk/contracts';
import { buildService, type App, type Logger, type ServiceDeps } from '@souk/platform';
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

// The package's public entry (package.json exports): another service's component tests start this
// service in-process through it, with the schema that turns their environment into its config.
export { configSchema, type ProductConfig } from './config.js';

export type ProductDeps = ServiceDeps;

/**
 * The product service, not listening: migrations applied, demo catalog seeded when asked, stock
 * consumers of the checkout saga registered, event bus started. Closing the app stops the bus,
 * the broker it created and the database pool.
 */
export async function buildApp(
  config: ProductConfig,
  logger: Logger,
  deps: ProductDeps = {},
): Promise<App> {
  return buildService<ProductDatabase, EventMap>(
    {
      name: 'product',
      description: 'Catalog: categories, products with stock, search, and product images.',
      config,
      logger,
      migrations,
      schemas: eventSchemas,
      deps,
    },
    async ({ app, database, bus }) => {
      if (config.DEMO_CATALOG) await seedDemoCatalog(database.db, logger);
      const store = await createImageStore({ uploadDir: config.UPLOAD_DIR });
      const catalog: Catalog = { db: database.db, bus };
      categoryRoutes(app, catalog);
      stockRoutes(app, catalog, { lowStockThreshold: config.LOW_STOCK_THRESHOLD });
      await productRoutes(app, catalog, store, { maxImageBytes: IMAGE_MAX_BYTES });
      await imageRoutes(app, catalog, store, { maxImageBytes: IMAGE_MAX_BYTES });
      registerStockConsumers(bus, { lowStockThreshold: config.LOW_STOCK_THRESHOLD });
    },
  );
}
