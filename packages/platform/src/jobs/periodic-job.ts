import { metrics } from '@opentelemetry/api';
import { sql, type Kysely } from 'kysely';
import type { Logger } from '../logger.js';
import { withoutTracing } from '../tracing.js';

/*
 * Loops that stay as they are, each about the process's own state: registry heartbeats
 * (registration.ts: quick retries until the first registration, then re-registration on 404),
 * revocation sync (revocations.ts: a per-process cache, also woken by broadcasts), the outbox
 * relay (woken by NOTIFY at commit; its poll is only the fallback, and rows are claimed with SKIP
 * LOCKED), SSE heartbeats (per open stream) and the registry's expiry sweep (its own memory, no
 * database). Their rhythm is part of what they do; the 'instance' scope is there for a new loop.
 */

/**
 * Where a job runs. `{ db }`: once per period across every process sharing that database (the
 * replicas of a service), for work on shared rows. `'instance'`: in every process, for work on
 * what the process itself holds.
 */
export type JobScope = { db: Kysely<any> } | 'instance';

export interface PeriodicJobOptions {
  /** Stable name, e.g. `order.payment-timeout`: the lock, the `periodic_jobs` row and the metrics' `job.name`. */
  name: string;
  periodMs: number;
  scope: JobScope;
  run: () => Promise<unknown>;
  logger: Logger;
  /**
   * Each wait is lengthened by a random share of the period up to this (default 0.1), so replicas
   * started together do not all ask at the same instant.
   */
  jitterRatio?: number;
  /** Stands in for Math.random in tests. */
  random?: () => number;
}

export interface PeriodicJob {
  /** No further runs; waits for a run in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Advisory-lock class of the jobs' locks ('souk' as an int4); the second key is the name's hash.
 *
 * Why a row and an advisory lock rather than pg-boss schedules: pg-boss runs only where the bus
 * is pg-boss (RabbitMQ mode has none), and its cron has a one-minute resolution, while the payment
 * timeout sweeps every few seconds. Here each service's own database is enough. The row keeps
 * the last start (the database's clock, one for every replica), so a job runs once per period
 * whoever runs it; the session lock is held for the whole run, so a run slower than its period is
 * never joined by another replica's. It is a session lock rather than a row lock in an open
 * transaction: a run holds one idle connection, not a transaction that holds back vacuum. A
 * process that dies loses its connection and with it the lock.
 */
const LOCK_CLASS = 0x736f756b;

const meter = () => metrics.getMeter('souk');

/**
 * Runs `run` every `periodMs`, never two runs at once, stoppable on shutdown; with a database
 * scope, once per period across all replicas. A run that throws is logged and counted; the next
 * period runs again. Metrics: `souk.jobs.runs`, `souk.jobs.failures` and `souk.jobs.duration`
 * (seconds), by `job.name`.
 */
export function startPeriodicJob(options: PeriodicJobOptions): PeriodicJob {
  const { name, periodMs, logger } = options;
  const jitterRatio = options.jitterRatio ?? 0.1;
  const random = options.random ?? Math.random;
  const runs = meter().createCounter('souk.jobs.runs', {
    description: 'Periodic job runs, failed ones included',
  });
  const failures = meter().createCounter('souk.jobs.failures', {
    description: 'Periodic job runs that threw',
  });
  const duration = meter().createHistogram('souk.jobs.duration', {
    description: 'Duration of periodic job runs',
    unit: 's',
  });
  const attributes = { 'job.name': name };
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  let stopped = false;

  const jitter = () => Math.round(random() * jitterRatio * periodMs);

  async function runOnce(): Promise<void> {
    const startedAt = performance.now();
    try {
      await options.run();
    } catch (error) {
      failures.add(1, attributes);
      logger.warn({ err: error, job: name }, 'periodic job failed; the next period runs it again');
    } finally {
      runs.add(1, attributes);
      duration.record((performance.now() - startedAt) / 1000, attributes);
    }
  }

  /** One turn: run when it is this process's to run; returns how long to wait before the next. */
  async function turn(): Promise<number> {
    if (options.scope === 'instance') {
      const startedAt = Date.now();
      await runOnce();
      return Math.max(0, periodMs - (Date.now() - startedAt));
    }
    const { db } = options.scope;
    try {
      return await db.connection().execute(async (connection) => {
        const { rows } = await withoutTracing(() =>
          sql<{
            locked: boolean;
          }>`SELECT pg_try_advisory_lock(${LOCK_CLASS}, hashtext(${name})) AS locked`.execute(
            connection,
          ),
        );
        // Another replica is running it: it claimed this period, so look again a period later.
        if (!rows[0]?.locked) return periodMs;
        try {
          const claimed = await withoutTracing(() => claim(connection, name, periodMs));
          if (claimed) {
            const startedAt = Date.now();
            await runOnce();
            return Math.max(0, periodMs - (Date.now() - startedAt));
          }
          return await withoutTracing(() => untilDue(connection, name, periodMs));
        } finally {
          await withoutTracing(() =>
            sql`SELECT pg_advisory_unlock(${LOCK_CLASS}, hashtext(${name}))`.execute(connection),
          );
        }
      });
    } catch (error) {
      logger.warn(
        { err: error, job: name },
        'could not tell whether a periodic job is due; trying again next period',
      );
      return periodMs;
    }
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      current = turn().then((next) => {
        current = undefined;
        schedule(next + jitter());
      });
    }, delayMs);
    timer.unref();
  }

  schedule(jitter());

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}

/** Starts this period's run if the last one started a period ago or more (or never ran). */
async function claim(connection: Kysely<any>, name: string, periodMs: number): Promise<boolean> {
  const { rows } = await sql`
    INSERT INTO periodic_jobs (name, last_run_at) VALUES (${name}, now())
    ON CONFLICT (name) DO UPDATE SET last_run_at = now()
      WHERE periodic_jobs.last_run_at <= now() - make_interval(secs => ${periodMs / 1000})
    RETURNING name
  `.execute(connection);
  return rows.length > 0;
}

/** Milliseconds until the job is next due, by the database's clock. */
async function untilDue(connection: Kysely<any>, name: string, periodMs: number): Promise<number> {
  const { rows } = await sql<{ due_in_ms: number }>`
    SELECT ceil(extract(epoch FROM last_run_at + make_interval(secs => ${periodMs / 1000}) - now()) * 1000)::float8 AS due_in_ms
    FROM periodic_jobs WHERE name = ${name}
  `.execute(connection);
  return Math.min(periodMs, Math.max(0, rows[0]?.due_in_ms ?? 0));
}
