import { eventSchemas, type EventMap } from '@souk/contracts';
import {
  buildService,
  startPeriodicJob,
  type App,
  type Logger,
  type ServiceDeps,
} from '@souk/platform';
import type { PaymentConfig } from './config.js';
import type { PaymentContext } from './context.js';
import { migrations } from './db/migrations.js';
import type { PaymentDatabase } from './db/schema.js';
import { createOrderReader } from './payments/order-reader.js';
import { recoverPayments } from './payments/payment-recovery.js';
import { paymentRoutes } from './payments/payments.routes.js';
import { createSandboxProcessor } from './processor/sandbox-processor.js';
import { registerRefundConsumers } from './refunds/refunds.consumers.js';
import { createPaymentMetrics } from './payments/payment.metrics.js';

// The package's public entry (package.json exports): another service's tests can start this
// service in-process through it, with the schema that turns their environment into its config.
export { configSchema, type PaymentConfig } from './config.js';

export type PaymentDeps = ServiceDeps;

/**
 * The payment service, not listening: migrations applied, refund consumers and the recovery sweep
 * running. Closing the app stops them, then the bus, the broker it created and the pools.
 */
export async function buildApp(
  config: PaymentConfig,
  logger: Logger,
  deps: PaymentDeps = {},
): Promise<App> {
  return buildService<PaymentDatabase, EventMap>(
    {
      name: 'payment',
      description:
        'Card payments of orders through a simulated card processor, refunds, and the transaction log.',
      config,
      logger,
      migrations,
      schemas: eventSchemas,
      deps,
      onPublished: createPaymentMetrics(),
    },
    ({ app, database, http, bus, onClose }) => {
      const processor = createSandboxProcessor({ url: config.DATABASE_URL });
      onClose(() => processor.close());
      const ctx: PaymentContext = {
        db: database.db,
        bus,
        processor,
        orders: createOrderReader(http),
        logger,
      };
      paymentRoutes(app, ctx);
      registerRefundConsumers(bus, ctx);
      // Due at once on a fresh database, then once per period across the replicas.
      const sweep = startPeriodicJob({
        name: 'payment.recovery',
        periodMs: config.RECOVERY_SWEEP_SECONDS * 1000,
        scope: { db: database.db },
        run: () => recoverPayments(ctx),
        logger,
      });
      onClose(() => sweep.stop());
    },
  );
}
