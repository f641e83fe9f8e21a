import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { busTopology } from '@souk/contracts';
import {
  createDatabase,
  createTokenVerifier,
  DEFAULT_QUEUE_SETTINGS,
  JWKS_PATH,
  loadConfig,
  type App,
} from '@souk/platform';
import {
  createTestDatabase,
  testDatabaseServerUrl,
  TEST_AUDIENCE,
  TEST_ISSUER,
  type TestDatabase,
} from '@souk/testkit';
import amqp from 'amqplib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  buildApp as buildAuthApp,
  configSchema as authConfigSchema,
  type AuthConfig,
} from '@souk/auth-service';
import { logger, startClientService, type ClientHarness } from './helpers.js';

/**
 * The install the issue describes: the auth service runs and takes registrations while the client
 * service has never started (its queue never existed). pg-boss always; RabbitMQ when AMQP_URL is
 * set, with the platform's real queue names (deleted before and after).
 */
const adapters = [{ name: 'pg-boss' }, ...(process.env.AMQP_URL ? [{ name: 'rabbitmq' }] : [])];
const ADMIN = { email: 'admin@souk.test', password: 'a decent admin passphrase' };

describe.each(adapters)('a fresh install on $name', ({ name }) => {
  let brokerDb: TestDatabase | undefined;
  let authDb: TestDatabase;
  let keyDir: string | undefined;
  let auth: App;
  let client: ClientHarness | undefined;
  let brokerUrl: string;

  beforeAll(async () => {
    const server = testDatabaseServerUrl();
    if (name === 'rabbitmq') {
      brokerUrl = process.env.AMQP_URL!;
      await deleteRabbitQueues();
      expect(await rabbitQueueExists('souk.quorum.client')).toBe(false);
    } else {
      brokerDb = await createTestDatabase(server, 'fresh_bus');
      brokerUrl = brokerDb.url;
    }
    authDb = await createTestDatabase(server, 'fresh_auth');
    keyDir = await mkdtemp(path.join(tmpdir(), 'souk-client-test-auth-key-'));
    const config = loadConfig(authConfigSchema, {
      DATABASE_URL: authDb.url,
      BROKER_URL: brokerUrl,
      DATABASE_POOL_MAX: '2',
      AUTH_KEY_FILE: path.join(keyDir, 'signing-key.json'),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      DISCOVERY: 'static',
      LOG_LEVEL: 'silent',
    }) as AuthConfig;
    auth = await buildAuthApp(config, logger);
    await auth.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await client?.close();
    await auth?.close();
    await authDb?.drop();
    if (keyDir) await rm(keyDir, { recursive: true, force: true });
    await brokerDb?.drop();
    if (name === 'rabbitmq') await deleteRabbitQueues();
  });

  async function startClient(): Promise<ClientHarness> {
    const address = auth.server.address() as { port: number };
    const verifier = createTokenVerifier({
      loadKeySet: async () => (await auth.inject({ method: 'GET', url: JWKS_PATH })).json(),
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
    });
    return startClientService(`fresh_${name.replace('-', '')}`, {
      verifier,
      brokerUrl,
      config: { SERVICE_URLS: `auth=http://127.0.0.1:${address.port}` },
    });
  }

  it('when users register while the client service is down and its queue never existed, then every profile exists once it starts', async () => {
    const userIds: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const reply = await auth.inject({
        method: 'POST',
        url: '/api/auth/register',
        payload: {
          email: `early-${index}-${randomUUID().slice(0, 8)}@example.com`,
          password: 'a decent passphrase',
          firstName: 'Early',
          lastName: 'Bird',
        },
      });
      expect(reply.statusCode).toBe(201);
      userIds.push(reply.json().user.id);
    }
    const adminId = await accountIdOf(ADMIN.email);
    // The broker confirmed every event: nothing waits in the auth outbox.
    await vi.waitFor(async () => expect(await authOutboxSize()).toBe(0), {
      timeout: 15_000,
      interval: 100,
    });

    client = await startClient();
    await vi.waitFor(
      async () => {
        const rows = await client!.db
          .selectFrom('clients')
          .select('user_id')
          .where('registered_at', 'is not', null)
          .execute();
        expect(rows.map((row) => row.user_id)).toEqual(
          expect.arrayContaining([adminId, ...userIds]),
        );
      },
      { timeout: 20_000, interval: 200 },
    );
  });

  it('when a profile was lost before the topology existed, then the admin repair creates it once and leaves the others alone', async () => {
    client ??= await startClient();
    const reply = await auth.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: {
        email: `lost-${randomUUID().slice(0, 8)}@example.com`,
        password: 'a decent passphrase',
        firstName: 'Lost',
        lastName: 'Profile',
        phone: '+212600000000',
      },
    });
    const lostId: string = reply.json().user.id;
    await vi.waitFor(async () => expect(await profileOf(lostId)).toBeDefined(), {
      timeout: 15_000,
      interval: 100,
    });
    // What an install hit by the issue looks like: the account exists, its profile does not.
    await client.db.deleteFrom('clients').where('user_id', '=', lostId).execute();
    const accounts = await accountCount();

    const login = await auth.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
    const adminToken: string = login.json().accessToken;
    const repair = await client.inject(adminToken, {
      method: 'POST',
      url: '/api/clients/profile-repair',
    });
    expect(repair.statusCode).toBe(200);
    expect(repair.json()).toEqual({ accounts, created: 1 });
    expect(await profileOf(lostId)).toMatchObject({
      first_name: 'Lost',
      last_name: 'Profile',
      phone: '+212600000000',
    });

    const again = await client.inject(adminToken, {
      method: 'POST',
      url: '/api/clients/profile-repair',
    });
    expect(again.json()).toEqual({ accounts, created: 0 });
    const clientToken: string = reply.json().accessToken;
    expect(
      (await client.inject(clientToken, { method: 'POST', url: '/api/clients/profile-repair' }))
        .statusCode,
    ).toBe(403);
  });

  async function profileOf(userId: string) {
    return client!.db
      .selectFrom('clients')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  async function withAuthDb<T>(
    query: (db: ReturnType<typeof createDatabase>['db']) => Promise<T>,
  ): Promise<T> {
    const database = createDatabase({ url: authDb.url, poolMax: 1, logger });
    try {
      return await query(database.db);
    } finally {
      await database.close();
    }
  }

  const authOutboxSize = () =>
    withAuthDb(
      async (db) =>
        (await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox`.execute(db)).rows[0]!.n,
    );
  const accountCount = () =>
    withAuthDb(
      async (db) =>
        (await sql<{ n: number }>`SELECT count(*)::int AS n FROM users`.execute(db)).rows[0]!.n,
    );
  const accountIdOf = (email: string) =>
    withAuthDb(
      async (db) =>
        (await sql<{ id: string }>`SELECT id FROM users WHERE email = ${email}`.execute(db))
          .rows[0]!.id,
    );
});

function rabbitQueueNamesOfTopology(): string[] {
  return Object.keys(busTopology).flatMap((queue) => {
    const base = `souk.quorum.${queue}`;
    return [
      base,
      `${base}.dlq`,
      ...Array.from(
        { length: DEFAULT_QUEUE_SETTINGS.maxAttempts - 1 },
        (_, index) => `${base}.retry.${index + 1}`,
      ),
    ];
  });
}

async function deleteRabbitQueues(): Promise<void> {
  const connection = await amqp.connect(process.env.AMQP_URL!);
  const channel = await connection.createChannel();
  for (const queue of rabbitQueueNamesOfTopology())
    await channel.deleteQueue(queue).catch(() => {});
  await connection.close();
}

async function rabbitQueueExists(queue: string): Promise<boolean> {
  const connection = await amqp.connect(process.env.AMQP_URL!);
  connection.on('error', () => {});
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => {});
    return await channel.checkQueue(queue).then(
      () => true,
      () => false,
    );
  } finally {
    await connection.close().catch(() => {});
  }
}
