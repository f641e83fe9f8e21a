import { createTestDatabase, testDatabaseServerUrl, type TestDatabase } from '@souk/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { createDatabase, migrate, type Database } from './database.js';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  fingerprint,
  releaseIdempotencyKey,
  runIdempotent,
} from './idempotency.js';

const logger = createLogger({ name: 'idempotency-test', level: 'silent' });

describe('idempotency keys', () => {
  let testDb: TestDatabase;
  let database: Database<any>;

  beforeAll(async () => {
    testDb = await createTestDatabase(testDatabaseServerUrl(), 'idempotency');
    database = createDatabase({ url: testDb.url, logger, poolMax: 20 });
    await migrate(
      database.db,
      {
        '001_things': {
          async up(db) {
            await sql`CREATE TABLE things (id serial PRIMARY KEY, label text)`.execute(db);
          },
        },
      },
      logger,
    );
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  async function createThing(key: string | undefined, label: string, ownerId = 'user-1') {
    return runIdempotent(
      database.db,
      { scope: 'things.create', ownerId, key, body: { label } },
      async (trx) => {
        const { rows } = await sql<{
          id: number;
        }>`INSERT INTO things (label) VALUES (${label}) RETURNING id`.execute(trx);
        return { status: 201, body: { id: rows[0]!.id, label } };
      },
    );
  }

  async function countThings(label: string) {
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM things WHERE label = ${label}`.execute(database.db);
    return rows[0]!.n;
  }

  it('when 50 identical requests race with one key, then the work runs once and all get the same answer', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () => createThing('race-key-0001', 'raced')),
    );
    expect(await countThings('raced')).toBe(1);
    const ids = new Set(results.map((result) => result.body.id));
    expect(ids.size).toBe(1);
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
  });

  it('when the key is reused with another body, then it is a 422', async () => {
    await createThing('reuse-key-0001', 'first');
    await expect(createThing('reuse-key-0001', 'second')).rejects.toMatchObject({
      code: 'idempotency_key_reused',
      status: 422,
    });
  });

  it('when the key is missing or malformed, then it is a 400', async () => {
    await expect(createThing(undefined, 'x')).rejects.toMatchObject({
      code: 'idempotency_key_missing',
      status: 400,
    });
    await expect(createThing('bad key!', 'x')).rejects.toMatchObject({
      code: 'validation_failed',
      status: 400,
    });
  });

  it('keys belong to their owner: two users may use the same key', async () => {
    const a = await createThing('shared-key-0001', 'owned', 'user-a');
    const b = await createThing('shared-key-0001', 'owned', 'user-b');
    expect(a.body.id).not.toBe(b.body.id);
  });

  it('when the work fails, then nothing is stored and a retry runs it', async () => {
    await expect(
      runIdempotent(
        database.db,
        { scope: 'things.create', ownerId: 'u', key: 'fail-key-0001', body: {} },
        async (trx) => {
          await sql`INSERT INTO things (label) VALUES ('failed')`.execute(trx);
          throw new Error('boom');
        },
      ),
    ).rejects.toThrow('boom');
    expect(await countThings('failed')).toBe(0);
    const retry = await runIdempotent(
      database.db,
      { scope: 'things.create', ownerId: 'u', key: 'fail-key-0001', body: {} },
      async () => ({ status: 201, body: 'ok' }),
    );
    expect(retry).toEqual({ status: 201, body: 'ok', replayed: false });
  });

  it('two-phase: claimed keys are in progress until completed, then replayed; released keys can be claimed again', async () => {
    const request = {
      scope: 'payments.create',
      ownerId: 'u',
      key: 'two-phase-0001',
      body: { amount: 1 },
    };
    expect(await claimIdempotencyKey(database.db, request)).toEqual({
      outcome: 'claimed',
      key: 'two-phase-0001',
    });
    expect(await claimIdempotencyKey(database.db, request)).toEqual({ outcome: 'in_progress' });
    await expect(
      claimIdempotencyKey(database.db, { ...request, body: { amount: 2 } }),
    ).rejects.toMatchObject({ status: 422 });
    await completeIdempotencyKey(
      database.db,
      { ...request, key: request.key },
      { status: 201, body: { id: 'p1' } },
    );
    expect(await claimIdempotencyKey(database.db, request)).toEqual({
      outcome: 'replay',
      status: 201,
      body: { id: 'p1' },
    });

    const other = { ...request, key: 'two-phase-0002' };
    await claimIdempotencyKey(database.db, other);
    await releaseIdempotencyKey(database.db, { ...other, key: other.key });
    expect((await claimIdempotencyKey(database.db, other)).outcome).toBe('claimed');
  });

  it('fingerprints ignore key order but not values', () => {
    expect(fingerprint({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(
      fingerprint({ b: [1, { d: 3, c: 2 }], a: 1 }),
    );
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
  });
});
