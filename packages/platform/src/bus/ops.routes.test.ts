import { randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import {
  createTestDatabase,
  createTestKeys,
  testDatabaseServerUrl,
  TEST_AUDIENCE,
  TEST_ISSUER,
  type TestDatabase,
  type TestKeys,
} from '@souk/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { installAuth } from '../auth/hooks.js';
import { createTokenVerifier } from '../auth/verifier.js';
import { createDatabase, migrate, type Database } from '../db/database.js';
import { createServer, type App } from '../http/server.js';
import { createLogger } from '../logger.js';
import { createBroker } from './broker.js';
import { createEventBus } from './event-bus.js';
import { registerOpsRoutes } from './ops.routes.js';
import type { Broker, EventBus } from './types.js';

const logger = createLogger({ name: 'ops-test', level: 'silent' });
type Events = { 'test.thing.happened': { n: number } };
const schemas = { 'test.thing.happened': Type.Object({ n: Type.Integer() }) };

describe('dead-letter routes (/api/ops/<service>/dead-letters)', () => {
  let testDb: TestDatabase;
  let database: Database<any>;
  let broker: Broker;
  let bus: EventBus<Events>;
  let app: App;
  let keys: TestKeys;
  let fixed = false;
  let handled = 0;

  beforeAll(async () => {
    testDb = await createTestDatabase(testDatabaseServerUrl(), 'ops');
    database = createDatabase({ url: testDb.url, logger });
    await migrate(database.db, {}, logger);
    broker = createBroker(testDb.url, { logger, service: 'ops' });
    bus = createEventBus<Events>({
      service: 'ops',
      db: database.db,
      broker,
      schemas,
      logger,
      consumer: { maxAttempts: 2, retryDelayMs: 1_000 },
    });
    bus.on('test.thing.happened', async () => {
      if (!fixed) throw new Error('cannot handle this yet');
      handled += 1;
    });
    await bus.start();
    keys = await createTestKeys();
    app = createServer({ name: 'ops', logger });
    installAuth(
      app,
      createTokenVerifier({
        loadKeySet: async () => keys.jwks,
        issuer: TEST_ISSUER,
        audience: TEST_AUDIENCE,
      }),
    );
    registerOpsRoutes(app, bus, 'ops', broker);
  });
  afterAll(async () => {
    await app?.close();
    await bus?.stop();
    await broker?.stop();
    await database?.close();
    await testDb?.drop();
  });

  it('an admin sees a dead letter with its error, replays it after the fix, and only admins may', async () => {
    await database.db
      .transaction()
      .execute((trx) => bus.publish(trx, 'test.thing.happened', { n: 1 }));
    const admin = { authorization: `Bearer ${await keys.sign({ roles: ['ADMIN'] })}` };
    const letter = await vi.waitFor(
      async () => {
        const list = await app.inject({
          url: '/api/ops/ops/dead-letters?status=open',
          headers: admin,
        });
        expect(list.statusCode).toBe(200);
        expect(list.json().items).toHaveLength(1);
        return list.json();
      },
      { timeout: 20_000, interval: 250 },
    );
    expect(letter.items[0]).toMatchObject({
      eventType: 'test.thing.happened',
      attempts: 2,
      error: 'cannot handle this yet',
      status: 'open',
    });
    expect(letter.brokerDeadLetters).toBe(1);

    const client = { authorization: `Bearer ${await keys.sign({ roles: ['CLIENT'] })}` };
    expect(
      (await app.inject({ url: '/api/ops/ops/dead-letters', headers: client })).statusCode,
    ).toBe(403);
    expect((await app.inject({ url: '/api/ops/ops/dead-letters' })).statusCode).toBe(401);

    fixed = true;
    const replayed = await app.inject({
      method: 'POST',
      url: `/api/ops/ops/dead-letters/${letter.items[0].id}/replay`,
      headers: admin,
    });
    expect(replayed.json()).toMatchObject({ status: 'replayed' });
    expect(handled).toBe(1);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/ops/ops/dead-letters/${letter.items[0].id}/discard`,
          headers: admin,
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/ops/ops/dead-letters/${randomUUID()}/replay`,
          headers: admin,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('when an admin pages past the deepest page or names a letter by an odd id, then it is a 400 problem, not a database error', async () => {
    const admin = { authorization: `Bearer ${await keys.sign({ roles: ['ADMIN'] })}` };
    for (const url of [
      '/api/ops/ops/dead-letters?page=100001',
      '/api/ops/ops/dead-letters?page=9007199254740993',
      `/api/ops/ops/dead-letters/urn:uuid:${randomUUID()}/replay`,
    ]) {
      const response = await app.inject({
        method: url.endsWith('replay') ? 'POST' : 'GET',
        url,
        headers: admin,
      });
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect(
      (await app.inject({ url: '/api/ops/ops/dead-letters?page=100000', headers: admin }))
        .statusCode,
    ).toBe(200);
  });
});
