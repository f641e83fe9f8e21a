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

export interface OutboxRelay {
  start(): Promise<void>;
  /** Publishes whatever is pending now (tests and shutdown use it). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Moves committed outbox rows to the broker. Rows are locked with SKIP LOCKED, so several
 * instances relay in parallel without publishing a row twice; a row is deleted only after the
 * broker confirmed it. A crash between the two re-publishes it later: consumers dedupe.
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
      const { rows } = await sql<{ id: string; envelope: EventEnvelope }>`
        SELECT id, envelope FROM outbox ORDER BY created_at, id LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
      `.execute(trx);
      if (rows.length === 0) return 0;
      await broker.publish(rows.map((row) => row.envelope));
      await trx.deleteFrom('outbox').where('id', 'in', rows.map((row) => row.id)).execute();
      notifyPublished(rows.map((row) => row.envelope));
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
      void drain().finally(() => schedule(failures > 0 ? Math.min(30_000, 250 * 2 ** failures) : pollMs));
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
