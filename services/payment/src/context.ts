import type { EventMap } from '@souk/contracts';
import type { EventBus, Logger } from '@souk/platform';
import type { Kysely } from 'kysely';
import type { PaymentDatabase } from './db/schema.js';
import type { OrderReader } from './payments/order-reader.js';
import type { CardProcessor } from './processor/card-processor.js';

/** What the use cases need, wired by hand in app.ts (and by tests that drive the steps directly). */
export interface PaymentContext {
  db: Kysely<PaymentDatabase>;
  bus: EventBus<EventMap>;
  processor: CardProcessor;
  orders: OrderReader;
  logger: Logger;
}
