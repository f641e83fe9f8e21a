import pg from 'pg';
import PgBoss from 'pg-boss';
import { listenToChannel, type ChannelListener } from '../db/listener.js';
import type { Logger } from '../logger.js';
import type { Broker, ConsumeOptions, Delivery, EventEnvelope } from './types.js';

const CHANNEL = 'souk_bus';
/** Advisory lock key serialising pg-boss setup across processes ("souk" in ASCII). */
const SETUP_LOCK = 0x736f756b;
const POLL_MS = 1_000;
/** NOTIFY payloads are limited to 8000 bytes; bigger envelopes are announced without their data. */
const MAX_NOTIFY_BYTES = 7_000;

interface Notice {
  queues: string[];
  envelopes: EventEnvelope[];
}

interface BossJob {
  id: string;
  data: EventEnvelope;
  retryCount: number;
  retryLimit: number;
}

/**
 * pg-boss 10 as the broker: a PostgreSQL database shared by every service (the local default).
 *
 * - publish: one job per subscribed queue, inserted in one transaction with a NOTIFY, so workers
 *   wake at once instead of polling; the job id is the event id, so a re-published event is
 *   not queued twice.
 * - consume: our own fetch loop (pg-boss's `work` fails a whole batch when one job throws), one
 *   job at a time per slot, completed or failed individually; pg-boss retries with exponential
 *   backoff and moves a job that used its last attempt to `<queue>.dlq`.
 * - listen: the same NOTIFY channel, for best-effort broadcast.
 */
export function createPgBossBroker(url: string, options: { logger: Logger; service: string }): Broker {
  const { logger } = options;
  const boss = new PgBoss({
    connectionString: url,
    schema: 'pgboss',
    max: 4,
    application_name: `${options.service}-broker`,
    schedule: false,
    // Frequent maintenance: a message held by a process that died is retried soon after it expires.
    maintenanceIntervalSeconds: 10,
    archiveCompletedAfterSeconds: 3_600,
    deleteAfterDays: 2,
  });
  boss.on('error', (error: Error) => logger.warn({ err: error }, 'pg-boss error'));

  const pool = new pg.Pool({ connectionString: url, max: 4, application_name: `${options.service}-publisher` });
  pool.on('error', (error) => logger.warn({ err: error }, 'broker connection failed'));
  let listening: Promise<ChannelListener> | undefined;
  const wakers = new Map<string, () => void>();
  const listeners: Array<{ types: Set<string>; handle: (envelope: EventEnvelope) => void }> = [];
  const loops: Promise<void>[] = [];
  let stopping = false;
  let started = false;

  function handleNotice(payload: string): void {
    let notice: Notice;
    try {
      notice = JSON.parse(payload) as Notice;
    } catch {
      return;
    }
    for (const queue of notice.queues) wakers.get(queue)?.();
    for (const envelope of notice.envelopes) {
      for (const entry of listeners) {
        if (!entry.types.has(envelope.type)) continue;
        try {
          entry.handle(envelope);
        } catch (error) {
          logger.warn({ err: error, type: envelope.type }, 'broadcast listener failed');
        }
      }
    }
  }

  function startListener(): Promise<ChannelListener> {
    listening ??= listenToChannel({ url, channel: CHANNEL, applicationName: `${options.service}-listener`, logger, onNotify: handleNotice }).catch(
      (error: unknown) => {
        listening = undefined;
        throw error;
      },
    );
    return listening;
  }

  /**
   * Services starting together on a fresh broker database would create pg-boss's schema and
   * queues at the same moment, and PostgreSQL aborts some of them (deadlocks). A session-level
   * advisory lock makes every process do its setup in turn; it is released when done.
   */
  async function oneAtATime<T>(setup: () => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [SETUP_LOCK]);
      return await setup();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [SETUP_LOCK]).catch(() => {});
      client.release();
    }
  }

  async function ensureQueue(name: string, queueOptions: Omit<PgBoss.Queue, 'name'>): Promise<void> {
    await boss.createQueue(name, { name, ...queueOptions });
    await boss.updateQueue(name, { name, ...queueOptions });
  }

  function consumeLoop(consume: ConsumeOptions, handle: (delivery: Delivery) => Promise<void>): Promise<void> {
    let wake: (() => void) | undefined;
    let pendingWake = false;
    wakers.set(consume.queue, () => {
      pendingWake = true;
      wake?.();
    });
    const inFlight = new Set<Promise<void>>();

    async function run(job: BossJob): Promise<void> {
      const delivery: Delivery = { envelope: job.data, attempt: job.retryCount + 1, maxAttempts: job.retryLimit + 1 };
      try {
        await handle(delivery);
        await boss.complete(consume.queue, job.id);
      } catch (error) {
        await boss
          .fail(consume.queue, job.id, { message: (error as Error).message })
          .catch((failError: Error) => logger.error({ err: failError }, 'could not record a failed delivery; pg-boss will expire it'));
      }
    }

    return (async () => {
      while (!stopping) {
        const free = consume.concurrency - inFlight.size;
        let jobs: BossJob[] = [];
        if (free > 0) {
          pendingWake = false;
          try {
            jobs = (await boss.fetch(consume.queue, { batchSize: free, includeMetadata: true })) as unknown as BossJob[];
          } catch (error) {
            if (!stopping) logger.warn({ err: error, queue: consume.queue }, 'fetching messages failed');
          }
        }
        for (const job of jobs) {
          const task = run(job).finally(() => {
            inFlight.delete(task);
            wake?.();
          });
          inFlight.add(task);
        }
        if (jobs.length > 0 && inFlight.size < consume.concurrency) continue;
        if (pendingWake && inFlight.size < consume.concurrency) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, POLL_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
      await Promise.allSettled(inFlight);
    })();
  }

  return {
    kind: 'pg-boss',

    async start() {
      if (started) return;
      started = true;
      await oneAtATime(() => boss.start());
      await startListener();
    },

    async publish(envelopes) {
      if (envelopes.length === 0) return;
      const types = [...new Set(envelopes.map((envelope) => envelope.type))];
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<{ event: string; name: string }>(
          'SELECT event, name FROM pgboss.subscription WHERE event = ANY($1::text[])',
          [types],
        );
        const jobs = envelopes.flatMap((envelope) =>
          rows.filter((row) => row.event === envelope.type).map((row) => ({ id: envelope.id, name: row.name, data: envelope })),
        );
        if (jobs.length > 0) {
          await boss.insert(jobs, { db: { executeSql: (text: string, values: unknown[]) => client.query(text, values) } });
        }
        for (const notice of notices([...new Set(jobs.map((job) => job.name))], envelopes)) {
          await client.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(notice)]);
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },

    async consume(consume, handle) {
      const deadLetterQueue = `${consume.queue}.dlq`;
      await oneAtATime(async () => {
        await ensureQueue(deadLetterQueue, { retentionMinutes: 60 * 24 * 14 });
        await ensureQueue(consume.queue, {
          retryLimit: consume.maxAttempts - 1,
          retryDelay: Math.max(1, Math.round(consume.retryDelayMs / 1000)),
          retryBackoff: true,
          // Handlers take milliseconds; a delivery still active after this belongs to a dead process.
          expireInSeconds: 30,
          deadLetter: deadLetterQueue,
        });
        for (const type of consume.types) await boss.subscribe(type, consume.queue);
      });
      loops.push(consumeLoop(consume, handle));
    },

    async listen(types, handle) {
      listeners.push({ types: new Set(types), handle });
      await startListener();
    },

    async deadLetterCount(queue) {
      return boss.getQueueSize(`${queue}.dlq`);
    },

    async ping() {
      await pool.query('SELECT 1');
    },

    async stop() {
      stopping = true;
      for (const wake of wakers.values()) wake();
      await Promise.allSettled(loops);
      await (await listening?.catch(() => undefined))?.close();
      if (started) await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
      await pool.end();
    },
  };
}

/** Splits what must be announced into NOTIFY payloads under the size limit. */
function notices(queues: string[], envelopes: EventEnvelope[]): Notice[] {
  const result: Notice[] = [{ queues, envelopes: [] }];
  let size = JSON.stringify(queues).length;
  for (const envelope of envelopes) {
    let text = JSON.stringify(envelope);
    let entry = envelope;
    if (text.length > MAX_NOTIFY_BYTES) {
      entry = { ...envelope, data: null };
      text = JSON.stringify(entry);
    }
    if (size + text.length > MAX_NOTIFY_BYTES) {
      result.push({ queues: [], envelopes: [] });
      size = 0;
    }
    result[result.length - 1]!.envelopes.push(entry);
    size += text.length;
  }
  return result;
}
