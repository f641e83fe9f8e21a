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
  /** Time a client has to pay, counted from placement. */
  paymentTimeoutMs: number;
}

/** A connection or a transaction: repositories work with either. */
export type Queryable = Kysely<OrderDatabase> | Transaction<OrderDatabase>;
