import type { EventBus } from '@souk/platform';
import type { EventMap } from '@souk/contracts';
import type { Kysely, Transaction } from 'kysely';
import type { ProductDatabase } from './db/schema.js';

/** What the catalog use cases work with: the database and the bus they publish through. */
export interface Catalog {
  db: Kysely<ProductDatabase>;
  bus: EventBus<EventMap>;
}

/** A connection or a transaction: repositories work with either. */
export type Queryable = Kysely<ProductDatabase> | Transaction<ProductDatabase>;

/** Trims the ends and collapses inner runs of whitespace: "  Argan   oil " is "Argan oil". */
export function tidyText(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}
