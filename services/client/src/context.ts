import { authEvents, clientEvents, type AuthEventMap, type ClientEventMap } from '@souk/contracts';
import type { EventBus } from '@souk/platform';
import type { Kysely, Transaction } from 'kysely';
import type { ClientDatabase } from './db/schema.js';

/** The events this service touches: the auth events it consumes and the client event it publishes. */
export const clientServiceEvents = { ...authEvents, ...clientEvents };
export type ClientServiceEventMap = AuthEventMap & ClientEventMap;

/** A connection or a transaction: repositories work with either. */
export type Queryable = Kysely<ClientDatabase> | Transaction<ClientDatabase>;

/** What the use cases work with, wired by hand in app.ts. Publishing is all they need of the bus. */
export interface ClientContext {
  db: Kysely<ClientDatabase>;
  bus: Pick<EventBus<ClientServiceEventMap>, 'publish'>;
}

/** Trims the ends and collapses inner runs of whitespace: "  Amina   Alaoui " is "Amina Alaoui". */
export function tidyText(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}
