import type { EventMap } from '@souk/contracts';
import type { EventBus, Logger } from '@souk/platform';
import type { Kysely, Transaction } from 'kysely';
import type { ProductCatalog } from './catalog/product-catalog.js';
import type { OrderDatabase } from './db/schema.js';

/** What the use cases work with, wired by hand in app.ts. */
export interface OrderContext {
  db: Kysely<OrderDatabase>;
  bus: EventBus<EventMap>;
  catalog: ProductCatalog;
  logger: Logger;
  /** Time a client has to pay, counted from placement: how long its stock stays reserved. */
  paymentTimeoutMs: number;
  /** What one account may hold, so that nobody can reserve the shop's stock for themselves. */
  limits: OrderLimits;
}

export interface OrderLimits {
  /** Orders PENDING or AWAITING_PAYMENT at once. */
  unpaidOrdersPerClient: number;
  /** Units of one product in a cart line or an order line. */
  unitsPerLine: number;
}

/** A connection or a transaction: repositories work with either. */
export type Queryable = Kysely<OrderDatabase> | Transaction<OrderDatabase>;
