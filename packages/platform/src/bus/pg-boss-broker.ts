import pg from 'pg';
import PgBoss from 'pg-boss';
import { listenToChannel, type ChannelListener } from '../db/listener.js';
import { retentionMsOf } from './queue-settings.js';
import type { Broker, BrokerOptions, ConsumeOptions, Delivery, EventEnvelope } from './types.js';

/** Wakes consumers: a JSON array of the queues that just got messages. */
const WAKE_CHANNEL = 'souk_bus';
/** Best-effort broadcast: a JSON array of envelopes, heard only by processes that listen(). */
const BROADCAST_CHANNEL = 'souk_broadcast';
/** Advisory lock key serialising pg-boss setup across processes ("souk" in ASCII). */
const SETUP_LOCK = 0x736f756b;
const POLL_MS = 1_000;
/** NOTIFY payloads are limited to 8000 bytes; bigger envelopes are announced without their data. */
const MAX_NOTIFY_BYTES = 7_000;

interface BossJob {
  id: string;
  data: EventEnvelope;
  retryCount: number;
  retryLimit: number;
}

/**
 * pg-boss 10 as the broker: a PostgreSQL database shared by every service (the local default).
 *
 * - declare: the queues and subscriptions of the whole topology, before anything is published
 *   (pg-boss's `publish` only queues a job for subscriptions that exist at that moment).
 * - publish: one job per subscribed queue, inserted in one transaction with a NOTIFY, so workers
 *   wake at once instead of polling; the job id is the event id, so a re-published event is
 *   not queued twice. An event of a declared type that no subscription takes is unroutable.
 * - consume: our own fetch loop (pg-boss's `work` fails a whole batch when one job throws), one
 *   job at a time per slot, completed or failed individually; pg-boss retries with exponential
 *   backoff and moves a job that used its last attempt to `<queue>.dlq`.
 * - listen: a second NOTIFY channel carrying the envelopes, for best-effort broadcast; only the
 *   processes that listen hear it, so consumers are not handed every event's data.
 */
export function createPgBossBroker(url: string, options: BrokerOptions): Broker {
  const { logger } = options;
  /** Types the declared topology routes to a queue. */
  const routedTypes = new Set<string>();
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

  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    application_name: `${options.service}-publisher`,
  });
  pool.on('error', (error) => logger.warn({ err: error }, 'broker connection failed'));
  const wakers = new Map<string, () => void>();
  const listeners: Array<{ types: Set<string>; handle: (envelope: EventEnvelope) => void }> = [];
  const loops: Promise<void>[] = [];
  let stopping = false;
  let started = false;

  const wakeListener = channelListener(WAKE_CHANNEL, 'listener', (queues: string[]) => {
    for (const queue of queues) wakers.get(queue)?.();
  });
  const broadcastListener = channelListener(
    BROADCAST_CHANNEL,
    'broadcast',
    (envelopes: EventEnvelope[]) => {
      for (const envelope of envelopes) {
        for (const entry of listeners) {
          if (!entry.types.has(envelope.type)) continue;
          try {
            entry.handle(envelope);
          } catch (error) {
            logger.warn({ err: error, type: envelope.type }, 'broadcast listener failed');
          }
        }
      }
    },
  );

  /** A LISTEN connection opened on first use, handing each JSON payload to `handle`. */
  function channelListener<T>(channel: string, purpose: string, handle: (payload: T) => void) {
    let listening: Promise<ChannelListener> | undefined;
    const onNotify = (payload: string) => {
      let parsed: T;
      try {
        parsed = JSON.parse(payload) as T;
      } catch {
        return;
      }
      handle(parsed);
    };
    return {
      start(): Promise<ChannelListener> {
        listening ??= listenToChannel({
          url,
          channel,
          applicationName: `${options.service}-${purpose}`,
          logger,
          onNotify,
        }).catch((error: unknown) => {
          listening = undefined;
          throw error;
        });
        return listening;
      },
      async close(): Promise<void> {
        await (await listening?.catch(() => undefined))?.close();
      },
    };
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

  async function ensureQueue(
    name: string,
    queueOptions: Omit<PgBoss.Queue, 'name'>,
  ): Promise<void> {
    await boss.createQueue(name, { name, ...queueOptions });
    await boss.updateQueue(name, { name, ...queueOptions });
  }

  /** The queue, its dead-letter queue and its subscriptions; call inside oneAtATime. */
  async function declareQueue(consume: Omit<ConsumeOptions, 'concurrency'>): Promise<void> {
    const deadLetterQueue = `${consume.queue}.dlq`;
    await ensureQueue(deadLetterQueue, {
      retentionMinutes: Math.max(1, Math.round(retentionMsOf(options) / 60_000)),
    });
    await ensureQueue(consume.queue, {
      retryLimit: consume.maxAttempts - 1,
      retryDelay: Math.max(1, Math.round(consume.retryDelayMs / 1000)),
      retryBackoff: true,
      // Handlers take milliseconds; a delivery still active after this belongs to a dead process.
      expireInSeconds: 30,
      deadLetter: deadLetterQueue,
    });
    for (const type of consume.types) await boss.subscribe(type, consume.queue);
  }

  function consumeLoop(
    consume: ConsumeOptions,
    handle: (delivery: Delivery) => Promise<void>,
  ): Promise<void> {
    let wake: (() => void) | undefined;
    let pendingWake = false;
    wakers.set(consume.queue, () => {
      pendingWake = true;
      wake?.();
    });
    const inFlight = new Set<Promise<void>>();

    async function run(job: BossJob): Promise<void> {
      const delivery: Delivery = {
        envelope: job.data,
        attempt: job.retryCount + 1,
        maxAttempts: job.retryLimit + 1,
      };
      try {
        await handle(delivery);
        await boss.complete(consume.queue, job.id);
      } catch (error) {
        await boss
          .fail(consume.queue, job.id, { message: (error as Error).message })
          .catch((failError: Error) =>
            logger.error(
              { err: failError },
              'could not record a failed delivery; pg-boss will expire it',
            ),
          );
      }
    }

    return (async () => {
      while (!stopping) {
        const free = consume.concurrency - inFlight.size;
        let jobs: BossJob[] = [];
        if (free > 0) {
          pendingWake = false;
          try {
            jobs = (await boss.fetch(consume.queue, {
              batchSize: free,
              includeMetadata: true,
            })) as unknown as BossJob[];
          } catch (error) {
            if (!stopping)
              logger.warn({ err: error, queue: consume.queue }, 'fetching messages failed');
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
    },

    async declare(topology, settings) {
      for (const types of Object.values(topology)) for (const type of types) routedTypes.add(type);
      await oneAtATime(async () => {
        for (const [queue, types] of Object.entries(topology))
          await declareQueue({ queue, types: [...types], ...settings });
      });
    },

    async publish(envelopes) {
      if (envelopes.length === 0) return { unroutable: [] };
      const types = [...new Set(envelopes.map((envelope) => envelope.type))];
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<{ event: string; name: string }>(
          'SELECT event, name FROM pgboss.subscription WHERE event = ANY($1::text[])',
          [types],
        );
        const subscribed = new Set(rows.map((row) => row.event));
        const unroutable = envelopes.filter(
          (envelope) => routedTypes.has(envelope.type) && !subscribed.has(envelope.type),
        );
        const jobs = envelopes.flatMap((envelope) =>
          rows
            .filter((row) => row.event === envelope.type)
            .map((row) => ({ id: envelope.id, name: row.name, data: envelope })),
        );
        if (jobs.length > 0) {
          await boss.insert(jobs, {
            db: { executeSql: (text: string, values: unknown[]) => client.query(text, values) },
          });
        }
        // One statement wakes the consumers and broadcasts the envelopes (more when they are big).
        const queues = [...new Set(jobs.map((job) => job.name))];
        const [first, ...more] = broadcastPayloads(envelopes);
        await client.query('SELECT pg_notify($1, $2), pg_notify($3, $4)', [
          WAKE_CHANNEL,
          JSON.stringify(queues),
          BROADCAST_CHANNEL,
          first,
        ]);
        for (const payload of more)
          await client.query('SELECT pg_notify($1, $2)', [BROADCAST_CHANNEL, payload]);
        await client.query('COMMIT');
        return { unroutable: unroutable.map((envelope) => envelope.id) };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },

    async consume(consume, handle) {
      await oneAtATime(() => declareQueue(consume));
      await wakeListener.start();
      loops.push(consumeLoop(consume, handle));
    },

    async listen(types, handle) {
      listeners.push({ types: new Set(types), handle });
      await broadcastListener.start();
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
      await wakeListener.close();
      await broadcastListener.close();
      if (started) await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
      await pool.end();
    },
  };
}

/**
 * The envelopes as NOTIFY payloads (JSON arrays) under the size limit; an envelope too big on
 * its own is announced without its data.
 */
function broadcastPayloads(envelopes: EventEnvelope[]): string[] {
  const payloads: string[] = [];
  let batch: string[] = [];
  let size = 2;
  for (const envelope of envelopes) {
    let text = JSON.stringify(envelope);
    if (Buffer.byteLength(text) > MAX_NOTIFY_BYTES)
      text = JSON.stringify({ ...envelope, data: null });
    const bytes = Buffer.byteLength(text);
    if (batch.length > 0 && size + bytes + 1 > MAX_NOTIFY_BYTES) {
      payloads.push(`[${batch.join(',')}]`);
      batch = [];
      size = 2;
    }
    batch.push(text);
    size += bytes + 1;
  }
  payloads.push(`[${batch.join(',')}]`);
  return payloads;
}
