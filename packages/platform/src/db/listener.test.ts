import { createTestDatabase, testDatabaseServerUrl, type TestDatabase } from '@souk/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logger.js';
import { listenToChannel } from './listener.js';

const logger = createLogger({ name: 'listener-test', level: 'silent' });

describe('listening on a channel', () => {
  let testDb: TestDatabase;
  let sender: pg.Pool;

  beforeAll(async () => {
    testDb = await createTestDatabase(testDatabaseServerUrl(), 'listener');
    sender = new pg.Pool({ connectionString: testDb.url, max: 2 });
  });
  afterAll(async () => {
    await sender?.end();
    await testDb?.drop();
  });

  const notify = (payload: string) => sender.query(`SELECT pg_notify('things', $1)`, [payload]);

  it('when a transaction notifies, then the payload arrives after the commit, and nothing comes from a rollback', async () => {
    const received: string[] = [];
    const listener = await listenToChannel({
      url: testDb.url,
      channel: 'things',
      applicationName: 'test',
      logger,
      onNotify: (p) => received.push(p),
    });
    try {
      const client = await sender.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SELECT pg_notify('things', 'rolled back')`);
        await client.query('ROLLBACK');
        await client.query('BEGIN');
        await client.query(`SELECT pg_notify('things', 'committed')`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(received).toEqual([]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      await vi.waitFor(() => expect(received).toEqual(['committed']), {
        timeout: 5_000,
        interval: 20,
      });
    } finally {
      await listener.close();
    }
  });

  it('when its connection is cut, then it listens again and later payloads arrive', async () => {
    const received: string[] = [];
    const listener = await listenToChannel({
      url: testDb.url,
      channel: 'things',
      applicationName: 'cut-me',
      logger,
      onNotify: (p) => received.push(p),
    });
    try {
      await notify('before');
      await vi.waitFor(() => expect(received).toContain('before'), {
        timeout: 5_000,
        interval: 20,
      });
      await sender.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'cut-me' AND datname = current_database()`,
      );
      await vi.waitFor(
        async () => {
          await notify('after');
          expect(received).toContain('after');
        },
        { timeout: 10_000, interval: 200 },
      );
    } finally {
      await listener.close();
    }
    const { rows } = await sender.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'cut-me'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('when the channel name is not a plain identifier, then it refuses', async () => {
    await expect(
      listenToChannel({
        url: testDb.url,
        channel: 'x; DROP TABLE y',
        applicationName: 'test',
        logger,
        onNotify: () => {},
      }),
    ).rejects.toThrow('Invalid channel name');
  });
});
