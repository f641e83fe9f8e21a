import type { TSchema } from '@sinclair/typebox';
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from '../logger.js';

/**
 * What travels on the bus. `data` is the event payload defined in @souk/contracts; `traceparent`
 * carries the W3C trace context so a consumer's span joins the producer's trace.
 */
export interface EventEnvelope<Type extends string = string, Data = unknown> {
  id: string;
  type: Type;
  version: number;
  occurredAt: string;
  source: string;
  traceparent?: string;
  data: Data;
}

/** Maps every event type to its payload type, so publish and subscribe are type-checked. */
export type EventMapBase = { [type: string]: unknown };

/** Maps every event type to its TypeBox schema, used to validate payloads on both sides. */
export type EventSchemas<Events extends EventMapBase> = { [K in keyof Events]: TSchema };

export interface Delivery {
  envelope: EventEnvelope;
  /** 1 on the first delivery. */
  attempt: number;
  maxAttempts: number;
}

/**
 * Which queue (named after its consuming service) receives which event types. The platform's
 * is `busTopology` in @souk/contracts; tests may declare their own.
 */
export type BusTopology = Readonly<Record<string, readonly string[]>>;

/**
 * How every consuming queue retries and dead-letters. The same in every process: RabbitMQ refuses
 * to redeclare a queue with other arguments, and any service may be the first to declare it.
 */
export interface QueueSettings {
  /** Deliveries (handler failures or process crashes) before the message goes to the dead-letter queue. */
  maxAttempts: number;
  /** First retry delay; doubles on every further attempt. */
  retryDelayMs: number;
}

export interface PublishResult {
  /**
   * Ids of envelopes the broker refused because no queue takes their type although the declared
   * topology says one should (RabbitMQ returned them; pg-boss found no subscription).
   */
  unroutable: string[];
}

export interface ConsumeOptions {
  /** Durable queue name, one per consuming service, e.g. `product`. */
  queue: string;
  /** Event types routed to this queue. */
  types: string[];
  /** Messages handled at once by this process. */
  concurrency: number;
  /** Deliveries before the message goes to the dead-letter queue. */
  maxAttempts: number;
  /** First retry delay; doubles on every further attempt. */
  retryDelayMs: number;
}

export interface BrokerOptions {
  logger: Logger;
  /** The process's service: connection names. */
  service: string;
  /** How long a dead-lettered message stays in `<queue>.dlq` (default 14 days). */
  deadLetterRetentionDays?: number;
}

/**
 * A message broker behind one interface: pg-boss on PostgreSQL (the local default) or RabbitMQ.
 * Delivery is at least once; consumers deduplicate through their inbox.
 */
export interface Broker {
  readonly kind: 'pg-boss' | 'rabbitmq';
  start(): Promise<void>;
  /**
   * Creates every queue, binding (subscription), retry queue and dead-letter queue of the
   * topology; idempotent, so every process declares all of it before it publishes. From then on
   * an event of a type the topology routes is reported unroutable when no queue takes it.
   */
  declare(topology: BusTopology, settings: QueueSettings): Promise<void>;
  /**
   * Resolves once the broker has durably accepted every routable envelope (publisher confirms);
   * the unroutable ones are listed, for the relay to keep and retry.
   */
  publish(envelopes: EventEnvelope[]): Promise<PublishResult>;
  /**
   * Delivers messages of `types` to `handle`. When `handle` throws, the message is retried with
   * exponential backoff; after `maxAttempts` deliveries it goes to `<queue>.dlq`.
   */
  consume(options: ConsumeOptions, handle: (delivery: Delivery) => Promise<void>): Promise<void>;
  /**
   * Best-effort fan-out to every live instance (no queue, no retry): cache purges and live
   * pushes to browsers. Missed messages are acceptable by design for these uses.
   */
  listen(types: string[], handle: (envelope: EventEnvelope) => void): Promise<void>;
  /** Messages currently parked in `<queue>.dlq`. */
  deadLetterCount(queue: string): Promise<number>;
  ping(): Promise<void>;
  stop(): Promise<void>;
}

export type EventHandler<Events extends EventMapBase, K extends keyof Events & string> = (
  event: EventEnvelope<K, Events[K]>,
  trx: Transaction<any>,
) => Promise<void>;

export interface DeadLetter {
  id: string;
  consumer: string;
  eventId: string;
  eventType: string;
  envelope: EventEnvelope;
  error: string;
  attempts: number;
  status: 'open' | 'replayed' | 'discarded';
  failedAt: string;
  resolvedAt: string | null;
}

/**
 * A service's view of the bus: an outbox to publish in the same transaction as a state change,
 * and handlers that run at most once per event (inbox) inside their own transaction.
 */
export interface EventBus<Events extends EventMapBase> {
  /** Writes the event to the outbox in `trx`; the relay publishes it after commit. */
  publish<K extends keyof Events & string>(
    trx: Kysely<any> | Transaction<any>,
    type: K,
    data: Events[K],
  ): Promise<EventEnvelope<K, Events[K]>>;
  /** Registers the service's handler for one event type (one handler per type per service). */
  on<K extends keyof Events & string>(type: K, handler: EventHandler<Events, K>): void;
  /** Starts the outbox relay and the consumers registered so far. */
  start(): Promise<void>;
  stop(): Promise<void>;
  ping(): Promise<void>;
  deadLetters: {
    list(options: {
      status?: DeadLetter['status'];
      limit: number;
      offset: number;
    }): Promise<{ items: DeadLetter[]; total: number }>;
    /** Runs the handler again for a parked event; on success it is marked replayed. */
    replay(id: string): Promise<DeadLetter>;
    discard(id: string): Promise<DeadLetter>;
  };
}
