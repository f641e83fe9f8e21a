import { eventSchemas, type EventMap } from '@souk/contracts';
import {
  buildService,
  startPeriodicJob,
  type App,
  type Logger,
  type ServiceDeps,
} from '@souk/platform';
import { cartRoutes } from './carts/cart.routes.js';
import { createProductCatalog } from './catalog/product-catalog.js';
import type { OrderConfig } from './config.js';
import type { OrderContext } from './context.js';
import { migrations } from './db/migrations.js';
import type { OrderDatabase } from './db/schema.js';
import { registerOrderConsumers } from './orders/order.consumers.js';
import { orderRoutes } from './orders/order.routes.js';
import { cancelOverdueOrders } from './orders/payment-timeout.js';
import { statsRoutes } from './stats/stats.routes.js';
import { createOrderMetrics } from './orders/order.metrics.js';

// The package's public entry (package.json exports): another service's component tests start this
// service in-process through it, with the schema that turns their environment into its config.
export { configSchema, type OrderConfig } from './config.js';

export type OrderDeps = ServiceDeps;

/**
 * The order service, not listening: cart, orders, the order side of the checkout saga and the
 * payment-timeout sweep. Closing the app stops the sweep, the bus, what it created and the pool.
 */
export async function buildApp(
  config: OrderConfig,
  logger: Logger,
  deps: OrderDeps = {},
): Promise<App> {
  return buildService<OrderDatabase, EventMap>(
    {
      name: 'order',
      description: 'Cart, orders and the order side of the checkout saga.',
      config,
      logger,
      migrations,
      schemas: eventSchemas,
      deps,
      onPublished: createOrderMetrics(),
    },
    ({ app, database, http, bus, onClose }) => {
      const ctx: OrderContext = {
        db: database.db,
        bus,
        catalog: createProductCatalog(http),
        logger,
        paymentTimeoutMs: Math.round(config.PAYMENT_TIMEOUT_MINUTES * 60_000),
        limits: {
          unpaidOrdersPerClient: config.MAX_UNPAID_ORDERS_PER_CLIENT,
          unitsPerLine: config.MAX_UNITS_PER_LINE,
        },
      };
      cartRoutes(app, ctx);
      statsRoutes(app, ctx);
      orderRoutes(app, ctx);
      registerOrderConsumers(ctx);
      // One replica at a time sweeps: the orders are shared, and a cancellation is once per order anyway.
      const sweep = startPeriodicJob({
        name: 'order.payment-timeout',
        periodMs: config.EXPIRY_SWEEP_SECONDS * 1000,
        scope: { db: database.db },
        run: () => cancelOverdueOrders(ctx),
        logger,
      });
      onClose(() => sweep.stop());
    },
  );
}
