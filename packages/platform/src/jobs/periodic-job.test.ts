import { createTestDatabase, testDatabaseServerUrl, type TestDatabase } from '@souk/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, migrate, type Database } from '../db/database.js';
import { createLogger } from '../logger.js';
import { startPeriodicJob, type PeriodicJob } from './periodic-job.js';

const logger = createLogger({ name: 'jobs-test', level: 'silent' });

interface Run {
  replica: number;
  startedAt: number;
  endedAt?: number;
}

/** Three replicas of a service: three pools on one database, each with its own runner. */
describe('periodic jobs across replicas', () => {
  let testDb: TestDatabase;
  let replicas: Database<any>[] = [];
  const jobs: PeriodicJob[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase(testDatabaseServerUrl(), 'jobs');
    replicas = [0, 1, 2].map(() => createDatabase({ url: testDb.url, logger, poolMax: 3 }));
    await migrate(replicas[0]!.db, {}, logger);
  });
  afterEach(async () => {
    await Promise.all(jobs.splice(0).map((job) => job.stop()));
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.close()));
    await testDb?.drop();
  });

  /** Starts the job on every replica; resolves once `count` runs have ended (or fails after `withinMs`). */
  function runOnEveryReplica(
    name: string,
    periodMs: number,
    runMs: number,
    count: number,
    withinMs: number,
  ) {
    const runs: Run[] = [];
    let active = 0;
    let mostAtOnce = 0;
    let reached: () => void;
    const done = new Promise<void>((resolve) => (reached = resolve));
    replicas.forEach((replica, index) => {
      jobs.push(
        startPeriodicJob({
          name,
          periodMs,
          scope: { db: replica.db },
          logger,
          run: async () => {
            const run: Run = { replica: index, startedAt: Date.now() };
            runs.push(run);
            active += 1;
            mostAtOnce = Math.max(mostAtOnce, active);
            await new Promise((resolve) => setTimeout(resolve, runMs));
            active -= 1;
            run.endedAt = Date.now();
            if (runs.filter((each) => each.endedAt !== undefined).length === count) reached();
          },
        }),
      );
    });
    const deadline = new Promise<never>((_resolve, reject) =>
      setTimeout(
        () => reject(new Error(`fewer than ${count} runs in ${withinMs} ms: ${runs.length}`)),
        withinMs,
      ).unref(),
    );
    return { runs, mostAtOnce: () => mostAtOnce, done: Promise.race([done, deadline]) };
  }

  it('when three replicas run a job, then it runs once per period across them, never two at once', async () => {
    const periodMs = 400;
    const job = runOnEveryReplica('test.once-per-period', periodMs, 20, 8, 20_000);
    const startedAt = Date.now();
    await job.done;
    const elapsed = Date.now() - startedAt;
    const starts = job.runs.map((run) => run.startedAt).slice(0, 8);

    expect(job.mostAtOnce()).toBe(1);
    // Never twice in one period (measured here, while the database's clock decides: a claim's time apart)...
    for (let index = 1; index < starts.length; index++)
      expect(starts[index]! - starts[index - 1]!).toBeGreaterThanOrEqual(periodMs - 100);
    // ...and not a run missed: eight runs in about seven periods (plus the jitter of each wait).
    expect(elapsed).toBeLessThan(8 * periodMs * 1.4);
  });

  it('when a run is slower than the period, then no replica starts another until it ends', async () => {
    const job = runOnEveryReplica('test.slow', 100, 350, 4, 20_000);
    await job.done;
    const ended = job.runs
      .filter((run) => run.endedAt !== undefined)
      .sort((a, b) => a.startedAt - b.startedAt);

    expect(job.mostAtOnce()).toBe(1);
    for (let index = 1; index < ended.length; index++)
      expect(ended[index]!.startedAt).toBeGreaterThanOrEqual(ended[index - 1]!.endedAt!);
  });

  it('when a replica stops during a run, then stop waits for the run to end', async () => {
    let ended = false;
    let started: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const job = startPeriodicJob({
      name: 'test.stop',
      periodMs: 60_000,
      jitterRatio: 0,
      scope: { db: replicas[0]!.db },
      logger,
      run: async () => {
        started();
        await new Promise((resolve) => setTimeout(resolve, 300));
        ended = true;
      },
    });
    await running;
    await job.stop();
    expect(ended).toBe(true);
  });

  it('when a run throws, then the job runs again next period', async () => {
    let attempts = 0;
    let second: () => void;
    const again = new Promise<void>((resolve) => (second = resolve));
    jobs.push(
      startPeriodicJob({
        name: 'test.failing',
        periodMs: 200,
        scope: { db: replicas[1]!.db },
        logger,
        run: async () => {
          attempts += 1;
          if (attempts === 2) second();
          throw new Error('broken on purpose');
        },
      }),
    );
    await again;
    expect(attempts).toBe(2);
  });

  it('when the scope is the instance, then each process runs the job itself, without the database', async () => {
    const byReplica = [0, 0];
    let both: () => void;
    const ranTwiceEach = new Promise<void>((resolve) => (both = resolve));
    for (const index of [0, 1]) {
      jobs.push(
        startPeriodicJob({
          name: 'test.per-instance',
          periodMs: 100,
          scope: 'instance',
          logger,
          run: async () => {
            byReplica[index]! += 1;
            if (byReplica.every((count) => count >= 2)) both();
          },
        }),
      );
    }
    await ranTwiceEach;
    expect(byReplica.every((count) => count >= 2)).toBe(true);
  });
});
