import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createBroker,
  createDatabase,
  createTokenVerifier,
  JWKS_PATH,
  loadConfig,
  type App,
  type Broker,
  type EventEnvelope,
  recordingBroker,
} from '@souk/platform';
import {
  createTestDatabase,
  testDatabaseServerUrl,
  TEST_AUDIENCE,
  TEST_ISSUER,
  type TestDatabase,
} from '@souk/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  buildApp as buildAuthApp,
  configSchema as authConfigSchema,
  type AuthConfig,
} from '@souk/auth-service';
import { envelopeOf, logger, startClientService, type ClientHarness } from './helpers.js';

/** The real auth service in-process, publishing on the client service's broker database. */
interface AuthPeer {
  app: App;
  broker: Broker;
  database: TestDatabase;
  /** Where auth keeps the signing key it creates on first start. */
  keyDir: string;
  /** Every envelope auth handed to the broker. */
  published: EventEnvelope[];
}

const ADMIN = { email: 'admin@souk.test', password: 'a decent admin passphrase' };

let service: ClientHarness;
let auth: AuthPeer;

beforeAll(async () => {
  // The client service checks the tokens the real auth service issues, with the keys it publishes,
  // and (for users that only exist as hand-made events) tokens signed with the test keys.
  const verifier = createTokenVerifier({
    loadKeySet: async () => {
      const published = (await auth.app.inject({ method: 'GET', url: JWKS_PATH })).json();
      return { keys: [...published.keys, ...service.keys.jwks.keys] };
    },
    issuer: TEST_ISSUER,
    audience: TEST_AUDIENCE,
  });
  service = await startClientService('events', { verifier });
  auth = await startAuthPeer(service.brokerDatabase.url);
});

afterAll(async () => {
  await auth?.app.close();
  await auth?.broker.stop();
  await auth?.database.drop();
  if (auth) await rm(auth.keyDir, { recursive: true, force: true });
  await service?.close();
});

async function startAuthPeer(brokerUrl: string): Promise<AuthPeer> {
  const database = await createTestDatabase(testDatabaseServerUrl(), 'client_events_auth');
  const keyDir = await mkdtemp(path.join(tmpdir(), 'souk-client-test-auth-key-'));
  const published: EventEnvelope[] = [];
  const broker = recordingBroker(createBroker(brokerUrl, { logger, service: 'auth' }), published);
  const config = loadConfig(authConfigSchema, {
    DATABASE_URL: database.url,
    BROKER_URL: brokerUrl,
    DATABASE_POOL_MAX: '2',
    AUTH_KEY_FILE: path.join(keyDir, 'signing-key.json'),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    DISCOVERY: 'static',
    LOG_LEVEL: 'silent',
  }) as AuthConfig;
  const app = await buildAuthApp(config, logger, { broker });
  await app.ready();
  return { app, broker, database, keyDir, published };
}

const waitFor = <T>(check: () => Promise<T>) =>
  vi.waitFor(check, { timeout: 15_000, interval: 50 });

async function registerAtAuth(
  body: Record<string, unknown>,
): Promise<{ userId: string; accessToken: string }> {
  const reply = await auth.app.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: { password: 'a decent passphrase', ...body },
  });
  expect(reply.statusCode).toBe(201);
  return { userId: reply.json().user.id, accessToken: reply.json().accessToken };
}

async function profileOf(accessToken: string) {
  return waitFor(async () => {
    const reply = await service.inject(accessToken, { method: 'GET', url: '/api/clients/me' });
    if (reply.statusCode !== 200) throw new Error(`profile not there yet: ${reply.statusCode}`);
    return reply.json();
  });
}

async function profileRows(userId: string) {
  return service.db.selectFrom('clients').selectAll().where('user_id', '=', userId).execute();
}

/**
 * Makes the broker deliver an already handled event once more, as after a lost acknowledgement:
 * pg-boss keeps a job per event id (a plain re-publish is dropped), so its record goes first.
 */
async function redeliver(envelope: EventEnvelope): Promise<void> {
  const brokerDb = createDatabase<any>({ url: service.brokerDatabase.url, poolMax: 1, logger });
  try {
    await sql`DELETE FROM pgboss.job WHERE id = ${envelope.id}::uuid AND name = 'client'`.execute(
      brokerDb.db,
    );
    await service.publishEnvelopes([envelope]);
    await waitFor(async () => {
      const { rows } = await sql<{
        state: string;
      }>`SELECT state FROM pgboss.job WHERE id = ${envelope.id}::uuid AND name = 'client'`.execute(
        brokerDb.db,
      );
      if (rows[0]?.state !== 'completed')
        throw new Error(`redelivery is ${rows[0]?.state ?? 'not queued'}`);
    });
  } finally {
    await brokerDb.close();
  }
}

describe('auth.user.registered', () => {
  it('when a visitor registers at the auth service, then their profile appears here, and a second delivery changes nothing', async () => {
    const email = `Visitor-${randomUUID().slice(0, 8)}@Example.com`;
    const { userId, accessToken } = await registerAtAuth({
      email,
      firstName: 'Yasmine',
      lastName: 'Berrada',
      phone: '+212677777777',
    });

    const profile = await profileOf(accessToken);
    expect(profile).toMatchObject({
      userId,
      email: email.toLowerCase(),
      firstName: 'Yasmine',
      lastName: 'Berrada',
      phone: '+212677777777',
      disabled: false,
      deleted: false,
      addresses: [],
    });
    const patched = await service.inject(accessToken, {
      method: 'PATCH',
      url: '/api/clients/me',
      payload: { firstName: 'Yasmina' },
    });
    expect(patched.statusCode).toBe(200);

    const envelope = auth.published.find(
      (each) =>
        each.type === 'auth.user.registered' && (each.data as { userId: string }).userId === userId,
    );
    expect(envelope).toBeDefined();
    await redeliver(envelope!);
    // The producer re-publishing the same facts under a new event id (an outbox replay) is harmless too.
    const replay = { ...envelope!, id: randomUUID() };
    await service.publishEnvelopes([replay]);
    await service.waitForHandled(replay.id);

    const rows = await profileRows(userId);
    expect(rows).toHaveLength(1);
    expect(
      (await service.inject(accessToken, { method: 'GET', url: '/api/clients/me' })).json(),
    ).toMatchObject({ id: profile.id, firstName: 'Yasmina' });
  });

  it('when the seeded administrator account is created, then it gets a profile like anyone else', async () => {
    const login = await auth.app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
    expect(login.statusCode).toBe(200);
    expect(await profileOf(login.json().accessToken)).toMatchObject({
      email: ADMIN.email,
      firstName: 'Shop',
    });
  });
});

describe('auth.user.disabled and auth.user.enabled', () => {
  it('when an administrator disables and re-enables an account at the auth service, then the profile follows', async () => {
    const { userId, accessToken } = await registerAtAuth({
      email: `toggle-${randomUUID().slice(0, 8)}@example.com`,
      firstName: 'Toggle',
      lastName: 'Me',
    });
    await profileOf(accessToken);
    const admin = (
      await auth.app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN })
    ).json().accessToken;
    const adminToken = { authorization: `Bearer ${admin}` };
    const disabledFlag = async () => (await profileRows(userId))[0]?.disabled;

    const disable = await auth.app.inject({
      method: 'PATCH',
      url: `/api/auth/users/${userId}`,
      headers: adminToken,
      payload: { disabled: true },
    });
    expect(disable.statusCode).toBe(200);
    await waitFor(async () => expect(await disabledFlag()).toBe(true));

    const enable = await auth.app.inject({
      method: 'PATCH',
      url: `/api/auth/users/${userId}`,
      headers: adminToken,
      payload: { disabled: false },
    });
    expect(enable.statusCode).toBe(200);
    await waitFor(async () => expect(await disabledFlag()).toBe(false));
  });

  it.each([
    [
      'disabled then enabled',
      [
        { type: 'auth.user.enabled', at: 2 },
        { type: 'auth.user.disabled', at: 1 },
      ],
      false,
    ],
    [
      'enabled then disabled',
      [
        { type: 'auth.user.disabled', at: 2 },
        { type: 'auth.user.enabled', at: 1 },
      ],
      true,
    ],
    [
      'both at the same instant',
      [
        { type: 'auth.user.enabled', at: 1 },
        { type: 'auth.user.disabled', at: 1 },
      ],
      true,
    ],
    [
      'both at the same instant, the other way round',
      [
        { type: 'auth.user.disabled', at: 1 },
        { type: 'auth.user.enabled', at: 1 },
      ],
      true,
    ],
  ] as const)(
    'when %s happened but arrive newest first, then the profile settles on the latest state',
    async (_name, deliveries, expected) => {
      const client = await service.registerClient();
      const base = Date.now() - 60_000;
      for (const delivery of deliveries) {
        const event = await service.publish(
          delivery.type,
          { userId: client.userId },
          { occurredAt: new Date(base + delivery.at * 1000) },
        );
        await service.waitForHandled(event.id);
      }
      expect((await profileRows(client.userId))[0]?.disabled).toBe(expected);
    },
  );

  it('when an account is disabled before its registration event arrives, then the profile appears with the registration, already disabled', async () => {
    const userId = randomUUID();
    const token = await service.tokenFor(userId);
    const disabled = await service.publish('auth.user.disabled', {
      userId,
      reason: 'disabled by an administrator',
    });
    await service.waitForHandled(disabled.id);

    expect(
      (await service.inject(token, { method: 'GET', url: '/api/clients/me' })).statusCode,
    ).toBe(404);
    const [placeholder] = await profileRows(userId);
    const hidden = await service.inject(service.adminToken, {
      method: 'GET',
      url: `/api/clients/${placeholder!.id}`,
    });
    expect(hidden.statusCode).toBe(404);

    const registered = envelopeOf(
      'auth.user.registered',
      {
        userId,
        email: `late-${userId.slice(0, 8)}@example.com`,
        firstName: 'Late',
        lastName: 'Comer',
        phone: null,
        roles: ['CLIENT'],
      },
      { occurredAt: new Date(Date.now() - 5_000) },
    );
    await service.publishEnvelopes([registered]);
    await service.waitForHandled(registered.id);

    const profile = await service.inject(token, { method: 'GET', url: '/api/clients/me' });
    expect(profile.statusCode).toBe(200);
    expect(profile.json()).toMatchObject({
      userId,
      firstName: 'Late',
      lastName: 'Comer',
      disabled: true,
    });
    expect(await profileRows(userId)).toHaveLength(1);
  });
});

describe('client.deleted, round trip through the auth service', () => {
  it('when an administrator deletes a client here, then the auth account is disabled and the profile follows as disabled', async () => {
    const email = `leaving-${randomUUID().slice(0, 8)}@example.com`;
    const { userId, accessToken } = await registerAtAuth({
      email,
      firstName: 'Leaving',
      lastName: 'Soon',
    });
    const profile = await profileOf(accessToken);

    const deleted = await service.inject(service.adminToken, {
      method: 'DELETE',
      url: `/api/clients/${profile.id}`,
    });
    expect(deleted.statusCode).toBe(204);

    await waitFor(async () =>
      expect((await profileRows(userId))[0]).toMatchObject({
        disabled: true,
        deleted_at: expect.any(Date),
      }),
    );
    const login = await auth.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: 'a decent passphrase' },
    });
    expect(login.statusCode).toBe(403);
  });
});
