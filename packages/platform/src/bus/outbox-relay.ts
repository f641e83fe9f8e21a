import { sql, type Kysely } from 'kysely';
import { listenToChannel, type ChannelListener } from '../db/listener.js';
import type { Logger } from '../logger.js';
import { countPublished } from '../metrics/instruments.js';
import type { PlatformTables } from '../db/platform-tables.js';
import type { Broker, EventEnvelope } from './types.js';

export interface OutboxRelayOptions {
  db: Kysely<PlatformTables>;
  broker: Broker;
  logger: Logger;
  /** When given, the relay LISTENs for the outbox trigger's NOTIFY and publishes at once. */
  databaseUrl?: string | undefined;
  batchSize?: number;
  /** Safety-net polling interval: rows left behind by a crash or a lost notification. */
  pollMs?: number;
  /** Told of each batch the broker confirmed. */
  onPublished?: ((envelopes: EventEnvelope[]) => void) | undefined;
}

/**
 * Longest wait between attempts while the broker is unreachable: the outbox keeps every event
 * meanwhile, and a short wait publishes the backlog soon after the broker is back.
 */
const MAX_RETRY_DELAY_MS = 5_000;

export interface OutboxRelay {
  start(): Promise<void>;
  /** Publishes whatever is pending now (tests and shutdown use it). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

/** Longest wait before an unroutable row is offered to the broker again. */
const MAX_UNROUTABLE_DELAY_SECONDS = 300;

/**
 * Moves committed outbox rows to the broker. Rows are locked with SKIP LOCKED, so several
 * instances relay in parallel without publishing a row twice; a row is deleted only after the
 * broker confirmed it. A crash between the two re-publishes it later: consumers dedupe. A row
 * the broker could not route (its consumer's queue is missing) stays, logged as an error, and is
 * offered again after a growing delay (1 s, 2 s, … up to 5 min), without holding up the others.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const batchSize = options.batchSize ?? 200;
  const pollMs = options.pollMs ?? (options.databaseUrl ? 2_000 : 250);
  const { db, broker, logger } = options;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = true;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let listener: ChannelListener | undefined;

  async function publishBatch(): Promise<number> {
    return db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: string; envelope: EventEnvelope; attempts: number }>`
        SELECT id, envelope, attempts FROM outbox WHERE available_at <= now()
        ORDER BY created_at, id LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
      `.execute(trx);
      if (rows.length === 0) return 0;
      const { unroutable } = await broker.publish(rows.map((row) => row.envelope));
      const kept = new Set(unroutable);
      const sent = rows.filter((row) => !kept.has(row.id)).map((row) => row.id);
      if (sent.length > 0) await trx.deleteFrom('outbox').where('id', 'in', sent).execute();
      notifyPublished(rows.filter((row) => !kept.has(row.id)).map((row) => row.envelope));
      if (kept.size > 0)
        await keepUnroutable(
          trx,
          rows.filter((row) => kept.has(row.id)),
        );
      return rows.length;
    });
  }

  /** Confirmed by the broker: counted (a crash before the delete commits re-publishes, and counts, again). */
  function notifyPublished(envelopes: EventEnvelope[]): void {
    countPublished(envelopes);
    try {
      options.onPublished?.(envelopes);
    } catch (error) {
      logger.warn({ err: error }, 'an onPublished listener failed');
    }
  }

  async function keepUnroutable(
    trx: Kysely<PlatformTables>,
    rows: Array<{ id: string; envelope: EventEnvelope; attempts: number }>,
  ): Promise<void> {
    for (const row of rows) {
      logger.error(
        { eventId: row.id, type: row.envelope.type, attempts: row.attempts + 1 },
        'broker returned an event no queue takes; it stays in the outbox and is retried (is the bus topology applied?)',
      );
    }
    await sql`
      UPDATE outbox SET attempts = attempts + 1, last_error = 'unroutable: no queue takes this event type',
        available_at = now() + make_interval(secs => least(${MAX_UNROUTABLE_DELAY_SECONDS}, power(2, attempts)))
      WHERE id = ANY(${rows.map((row) => row.id)}::uuid[])
    `.execute(trx);
  }

  async function loop(): Promise<void> {
    do {
      again = false;
      try {
        while ((await publishBatch()) === batchSize && !stopped) {
          // A full batch: there may be more.
        }
        failures = 0;
      } catch (error) {
        failures += 1;
        logger.warn({ err: error, failures }, 'outbox relay could not publish; will retry');
        return;
      }
    } while (again && !stopped);
  }

  function drain(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = loop().finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(ms: number): void {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(() => {
      void drain().finally(() =>
        schedule(failures > 0 ? Math.min(MAX_RETRY_DELAY_MS, 250 * 2 ** failures) : pollMs),
      );
    }, ms);
    timer.unref();
  }

  return {
    async start() {
      stopped = false;
      if (options.databaseUrl) {
        listener = await listenToChannel({
          url: options.databaseUrl,
          channel: 'outbox',
          applicationName: 'outbox-relay',
          logger,
          onNotify: () => void drain(),
        });
      }
      schedule(0);
    },
    drain,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await listener?.close();
      listener = undefined;
    },
  };
}
