import { randomUUID } from 'node:crypto';
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { Value } from '@sinclair/typebox/value';
import { sql, type Kysely, type Transaction } from 'kysely';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { PlatformTables } from '../db/platform-tables.js';
import { currentTraceparent, SpanKind, withSpan } from '../tracing.js';
import { registerStandardFormats } from '../formats.js';
import { startPeriodicJob, type PeriodicJob } from '../jobs/periodic-job.js';
import { countDelivery, zeroDeliveryCounters } from '../metrics/instruments.js';
import { createOutboxRelay } from './outbox-relay.js';
import { DEFAULT_QUEUE_SETTINGS } from './queue-settings.js';
import type {
  Broker,
  BusTopology,
  DeadLetter,
  Delivery,
  EventBus,
  EventEnvelope,
  EventHandler,
  EventMapBase,
  EventSchemas,
} from './types.js';

export interface EventBusOptions<Events extends EventMapBase> {
  /** The owning service: envelope `source`, queue name and inbox consumer name. */
  service: string;
  db: Kysely<any>;
  broker: Broker;
  schemas: EventSchemas<Events>;
  logger: Logger;
  /** The service database's URL: the relay LISTENs on it to publish as soon as a transaction commits. */
  databaseUrl?: string;
  consumer?: { concurrency?: number; maxAttempts?: number; retryDelayMs?: number };
  /**
   * The declared topology (`busTopology` from @souk/contracts for the platform's services). The
   * bus declares all of it before its relay publishes, and the service's handlers must be
   * exactly its entry. Without one, the bus declares only its own queue when it consumes.
   */
  topology?: BusTopology;
  relay?: { batchSize?: number; pollMs?: number };
  /** Told of events once the broker confirmed them, i.e. after their transaction committed (business metrics). */
  onPublished?: (envelopes: EventEnvelope[]) => void;
}

const INBOX_RETENTION_DAYS = 14;

/**
 * Outbox + relay for publishing, inbox for consuming. A state change and the events it causes
 * commit together; a handler's effects and its inbox row commit together, so a redelivered event
 * is skipped. A handler that keeps failing is recorded in `dead_letters` on its last attempt
 * before the broker parks it in its dead-letter queue.
 */
export function createEventBus<Events extends EventMapBase>(
  options: EventBusOptions<Events>,
): EventBus<Events> {
  registerStandardFormats();
  const { service, broker, logger } = options;
  const db = options.db as Kysely<PlatformTables>;
  const handlers = new Map<string, EventHandler<Events, any>>();
  const relay = createOutboxRelay({
    db,
    broker,
    logger,
    databaseUrl: options.databaseUrl,
    onPublished: options.onPublished,
    ...options.relay,
  });
  let pruning: PeriodicJob | undefined;
  let started = false;

  function assertValid(type: string, data: unknown): void {
    const schema = options.schemas[type];
    if (!schema) throw new Error(`Unknown event type ${type}`);
    if (!Value.Check(schema, data)) {
      const first = [...Value.Errors(schema, data)][0];
      throw new Error(
        `Invalid ${type} payload: ${first ? `${first.path} ${first.message}` : 'does not match its schema'}`,
      );
    }
  }

  /** Runs the handler once per event: inbox row and handler effects in one transaction. */
  async function handleOnce(envelope: EventEnvelope): Promise<'handled' | 'duplicate'> {
    const handler = handlers.get(envelope.type);
    if (!handler) throw new Error(`No handler for ${envelope.type} in ${service}`);
    return db.transaction().execute(async (trx) => {
      const fresh = await trx
        .insertInto('inbox')
        .values({ consumer: service, event_id: envelope.id, event_type: envelope.type })
        .onConflict((oc) => oc.doNothing())
        .returning('event_id')
        .executeTakeFirst();
      if (!fresh) return 'duplicate';
      await handler(envelope as EventEnvelope<any, any>, trx as Transaction<any>);
      return 'handled';
    });
  }

  async function recordDeadLetter(
    envelope: EventEnvelope,
    error: unknown,
    attempts: number,
  ): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    await db
      .insertInto('dead_letters')
      .values({
        consumer: service,
        event_id: envelope.id,
        event_type: envelope.type,
        envelope: JSON.stringify(envelope),
        error: message.slice(0, 2_000),
        attempts,
      })
      .onConflict((oc) =>
        oc.columns(['consumer', 'event_id']).doUpdateSet({
          error: message.slice(0, 2_000),
          attempts,
          status: 'open',
          failed_at: new Date(),
          resolved_at: null,
        }),
      )
      .execute();
    countDelivery('dead_lettered', envelope.type);
    logger.error(
      { eventId: envelope.id, type: envelope.type, attempts, err: error },
      'event dead-lettered',
    );
  }

  async function deliver(delivery: Delivery): Promise<void> {
    const { envelope } = delivery;
    const parent = envelope.traceparent
      ? propagation.extract(ROOT_CONTEXT, { traceparent: envelope.traceparent })
      : ROOT_CONTEXT;
    await withSpan(
      `consume ${envelope.type}`,
      { kind: SpanKind.CONSUMER, parent, attributes: { 'messaging.message.id': envelope.id } },
      async () => {
        try {
          assertValid(envelope.type, envelope.data);
        } catch (error) {
          // Retrying cannot fix a malformed message: park it for a person to look at.
          await recordDeadLetter(envelope, error, delivery.attempt);
          return;
        }
        try {
          const outcome = await handleOnce(envelope);
          countDelivery('consumed', envelope.type);
          if (outcome === 'duplicate')
            logger.debug({ eventId: envelope.id, type: envelope.type }, 'duplicate event skipped');
        } catch (error) {
          countDelivery('failed', envelope.type);
          if (delivery.attempt < delivery.maxAttempts) countDelivery('retried', envelope.type);
          if (delivery.attempt >= delivery.maxAttempts)
            await recordDeadLetter(envelope, error, delivery.attempt);
          else
            logger.warn(
              { eventId: envelope.id, type: envelope.type, attempt: delivery.attempt, err: error },
              'event handler failed; will retry',
            );
          throw error;
        }
      },
    );
  }

  async function findDeadLetter(id: string): Promise<DeadLetter> {
    const row = await db
      .selectFrom('dead_letters')
      .selectAll()
      .where('id', '=', id)
      .where('consumer', '=', service)
      .executeTakeFirst();
    if (!row) throw new AppError('not_found', 'Dead letter not found');
    return toDeadLetter(row);
  }

  return {
    async publish(trx, type, data) {
      assertValid(type, data);
      const traceparent = currentTraceparent();
      const envelope: EventEnvelope<typeof type, typeof data> = {
        id: randomUUID(),
        type,
        version: 1,
        occurredAt: new Date().toISOString(),
        source: service,
        ...(traceparent ? { traceparent } : {}),
        data,
      };
      await (trx as Kysely<PlatformTables>)
        .insertInto('outbox')
        .values({ id: envelope.id, type, envelope: JSON.stringify(envelope), last_error: null })
        .execute();
      return envelope;
    },

    on(type, handler) {
      if (started) throw new Error('Register handlers before bus.start()');
      if (handlers.has(type)) throw new Error(`${service} already handles ${type}`);
      if (options.topology && !(options.topology[service] ?? []).includes(type)) {
        throw new Error(
          `${service} registers a handler for ${type}, but the bus topology does not route ${type} to ${service}: add it to busTopology in packages/contracts/src/topology.ts`,
        );
      }
      handlers.set(type, handler);
    },

    async start() {
      if (started) return;
      const declared = options.topology?.[service] ?? [];
      const unhandled = declared.filter((type) => !handlers.has(type));
      if (unhandled.length > 0) {
        throw new Error(
          `The bus topology routes ${unhandled.join(', ')} to ${service}, which registers no handler for it: register one or remove it from busTopology in packages/contracts/src/topology.ts`,
        );
      }
      started = true;
      const settings = {
        maxAttempts: options.consumer?.maxAttempts ?? DEFAULT_QUEUE_SETTINGS.maxAttempts,
        retryDelayMs: options.consumer?.retryDelayMs ?? DEFAULT_QUEUE_SETTINGS.retryDelayMs,
      };
      await broker.start();
      // Every queue of every consumer exists before this process publishes anything.
      if (options.topology) await broker.declare(options.topology, settings);
      if (handlers.size > 0) {
        zeroDeliveryCounters(handlers.keys());
        await broker.consume(
          {
            queue: service,
            types: [...handlers.keys()],
            concurrency: options.consumer?.concurrency ?? 8,
            ...settings,
          },
          deliver,
        );
      }
      await relay.start();
      pruning = startPeriodicJob({
        name: 'inbox-pruning',
        periodMs: 3_600_000,
        scope: { db },
        logger,
        run: () =>
          sql`DELETE FROM inbox WHERE processed_at < now() - make_interval(days => ${INBOX_RETENTION_DAYS})`.execute(
            db,
          ),
      });
    },

    async stop() {
      await pruning?.stop();
      await relay.stop();
    },

    async ping() {
      await broker.ping();
    },

    deadLetters: {
      async list({ status, limit, offset }) {
        let query = db.selectFrom('dead_letters').where('consumer', '=', service);
        if (status) query = query.where('status', '=', status);
        const [rows, count] = await Promise.all([
          query.selectAll().orderBy('failed_at', 'desc').limit(limit).offset(offset).execute(),
          query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
        ]);
        return { items: rows.map(toDeadLetter), total: Number(count.total) };
      },

      async replay(id) {
        const letter = await findDeadLetter(id);
        if (letter.status !== 'open')
          throw new AppError('conflict', `This dead letter is already ${letter.status}`);
        try {
          assertValid(letter.envelope.type, letter.envelope.data);
          await handleOnce(letter.envelope);
        } catch (error) {
          await db
            .updateTable('dead_letters')
            .set({ error: (error as Error).message.slice(0, 2_000) })
            .where('id', '=', id)
            .execute();
          throw new AppError('conflict', `Replay failed: ${(error as Error).message}`);
        }
        await db
          .updateTable('dead_letters')
          .set({ status: 'replayed', resolved_at: new Date() })
          .where('id', '=', id)
          .execute();
        return findDeadLetter(id);
      },

      async discard(id) {
        const letter = await findDeadLetter(id);
        if (letter.status !== 'open')
          throw new AppError('conflict', `This dead letter is already ${letter.status}`);
        await db
          .updateTable('dead_letters')
          .set({ status: 'discarded', resolved_at: new Date() })
          .where('id', '=', id)
          .execute();
        return findDeadLetter(id);
      },
    },
  };
}

function toDeadLetter(row: {
  id: string;
  consumer: string;
  event_id: string;
  event_type: string;
  envelope: unknown;
  error: string;
  attempts: number;
  status: DeadLetter['status'];
  failed_at: Date;
  resolved_at: Date | null;
}): DeadLetter {
  return {
    id: row.id,
    consumer: row.consumer,
    eventId: row.event_id,
    eventType: row.event_type,
    envelope: row.envelope as EventEnvelope,
    error: row.error,
    attempts: row.attempts,
    status: row.status,
    failedAt: row.failed_at.toISOString(),
    resolvedAt: row.resolved_at ? row.resolved_at.toISOString() : null,
  };
}
