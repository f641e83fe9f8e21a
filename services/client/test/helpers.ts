import { randomUUID } from 'node:crypto';
import type { EventMap, UserRegistered } from '@souk/contracts';
import {
  createBroker,
  createDatabase,
  createLogger,
  createTokenVerifier,
  loadConfig,
  type App,
  type Broker,
  type EventEnvelope,
  type TokenVerifier,
} from '@souk/platform';
import {
  createTestDatabase,
  createTestKeys,
  testDatabaseServerUrl,
  TEST_AUDIENCE,
  TEST_ISSUER,
  type TestDatabase,
  type TestKeys,
} from '@souk/testkit';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { vi } from 'vitest';
import { buildApp } from '../src/app.js';
import { configSchema } from '../src/config.js';
import type { ClientDatabase } from '../src/db/schema.js';

const logLevel = process.env.TEST_LOG_LEVEL ?? 'silent';
export const logger = createLogger({ name: 'client-test', level: logLevel });

export interface ClientHarness {
  app: App;
  /** A separate connection to the service's database, for assertions and for setting up situations. */
  db: Kysely<ClientDatabase>;
  /** The pg-boss database the service consumes from; peers (a real auth app) can publish on it. */
  brokerDatabase: TestDatabase;
  broker: Broker;
  keys: TestKeys;
  adminToken: string;
  /** An access token for this user, signed with the test keys. */
  tokenFor(userId: string, roles?: string[]): Promise<string>;
  /** Sends a request with this bearer token. */
  inject(token: string | undefined, options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Publishes a hand-made envelope on the broker, as the producing service would. */
  publish<K extends keyof EventMap>(
    type: K,
    data: EventMap[K],
    options?: { id?: string; occurredAt?: Date },
  ): Promise<EventEnvelope>;
  /** Publishes envelopes as they are (duplicates, reordering). */
  publishEnvelopes(envelopes: EventEnvelope[]): Promise<void>;
  /** Waits (bounded) until the service's inbox has recorded every one of these event ids. */
  waitForHandled(...eventIds: string[]): Promise<void>;
  /** Publishes auth.user.registered for a new user and waits until the profile exists. */
  registerClient(overrides?: Partial<UserRegistered>): Promise<RegisteredClient>;
  close(): Promise<void>;
}

export interface RegisteredClient {
  userId: string;
  email: string;
  token: string;
}

/**
 * The real client app in-process on its own database, consuming from its own pg-boss database.
 * Tokens come from test keys unless another verifier is given (e.g. the real auth service's keys).
 */
export async function startClientService(
  label: string,
  options: { verifier?: TokenVerifier; brokerUrl?: string; config?: Record<string, string> } = {},
): Promise<ClientHarness> {
  const serverUrl = testDatabaseServerUrl();
  const database = await createTestDatabase(serverUrl, `client_${label}`);
  const brokerDatabase = await createTestDatabase(serverUrl, `client_${label}_bus`);
  const keys = await createTestKeys();
  const brokerUrl = options.brokerUrl ?? brokerDatabase.url;
  const broker = createBroker(brokerUrl, { logger, service: 'client' });
  const config = loadConfig(configSchema, {
    DATABASE_URL: database.url,
    BROKER_URL: brokerUrl,
    DATABASE_POOL_MAX: '4',
    DISCOVERY: 'static',
    LOG_LEVEL: logLevel,
    ...options.config,
  });
  const verifier =
    options.verifier ??
    createTokenVerifier({
      loadKeySet: async () => keys.jwks,
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
    });
  const app = await buildApp(config, logger, { verifier, broker });
  const connection = createDatabase<ClientDatabase>({ url: database.url, poolMax: 2, logger });
  const adminToken = await keys.sign({ roles: ['CLIENT', 'ADMIN'] });

  const harness: ClientHarness = {
    app,
    db: connection.db,
    brokerDatabase,
    broker,
    keys,
    adminToken,
    tokenFor: (userId, roles = ['CLIENT']) => keys.sign({ sub: userId, roles }),
    inject: (token, request) =>
      app.inject({
        ...request,
        headers: { ...request.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      }),
    async publish(type, data, { id = randomUUID(), occurredAt = new Date() } = {}) {
      const envelope = envelopeOf(type, data, { id, occurredAt });
      await broker.publish([envelope]);
      return envelope;
    },
    async publishEnvelopes(envelopes) {
      await broker.publish(envelopes);
    },
    async waitForHandled(...eventIds) {
      await vi.waitFor(
        async () => {
          const rows = await connection.db
            .selectFrom('inbox')
            .select('event_id')
            .where('event_id', 'in', eventIds)
            .execute();
          if (rows.length < new Set(eventIds).size)
            throw new Error(`handled ${rows.length} of ${eventIds.length} events so far`);
        },
        { timeout: 15_000, interval: 50 },
      );
    },
    async registerClient(overrides = {}) {
      const userId = overrides.userId ?? randomUUID();
      const email = overrides.email ?? `client-${userId.slice(0, 8)}@example.com`;
      const event = await harness.publish('auth.user.registered', {
        userId,
        email,
        firstName: 'Amina',
        lastName: 'Alaoui',
        phone: '+212612345678',
        roles: ['CLIENT'],
        ...overrides,
      });
      await harness.waitForHandled(event.id);
      return { userId, email, token: await harness.tokenFor(userId) };
    },
    async close() {
      await app.close();
      await broker.stop();
      await connection.close();
      await database.drop();
      await brokerDatabase.drop();
    },
  };
  return harness;
}

export function envelopeOf<K extends keyof EventMap>(
  type: K,
  data: EventMap[K],
  { id = randomUUID(), occurredAt = new Date() }: { id?: string; occurredAt?: Date } = {},
): EventEnvelope {
  return {
    id,
    type,
    version: 1,
    occurredAt: occurredAt.toISOString(),
    source: type.split('.')[0]!,
    data,
  };
}

/** A valid address body; override any part. */
export function addressBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    fullName: 'Amina Alaoui',
    line1: '12 rue des Orangers',
    city: 'Casablanca',
    postalCode: '20250',
    country: 'MA',
    ...overrides,
  };
}

/**
 * Records, through triggers, every outbox row and every change of a client's deleted_at with the
 * id of the transaction that wrote it. The relay deletes outbox rows once published, so tests
 * read this log instead.
 */
export async function recordWrites(db: Kysely<ClientDatabase>): Promise<void> {
  await sql`
    CREATE TABLE test_write_log (what text NOT NULL, xid bigint NOT NULL, type text, payload jsonb NOT NULL);
    CREATE FUNCTION test_log_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO test_write_log VALUES ('outbox', txid_current(), NEW.type, NEW.envelope); RETURN NEW; END $$;
    CREATE FUNCTION test_log_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO test_write_log VALUES ('client deleted', txid_current(), NULL, jsonb_build_object('id', NEW.id)); RETURN NEW; END $$;
    CREATE TRIGGER test_log_outbox AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION test_log_outbox();
    CREATE TRIGGER test_log_deleted AFTER UPDATE OF deleted_at ON clients FOR EACH ROW
      WHEN (OLD.deleted_at IS DISTINCT FROM NEW.deleted_at) EXECUTE FUNCTION test_log_deleted();
  `.execute(db);
}

export interface LoggedWrite {
  xid: number;
  type: string | null;
  payload: any;
}

export async function loggedWrites(
  db: Kysely<ClientDatabase>,
  what: 'outbox' | 'client deleted',
): Promise<LoggedWrite[]> {
  const { rows } = await sql<{ xid: string; type: string | null; payload: unknown }>`
    SELECT xid, type, payload FROM test_write_log WHERE what = ${what} ORDER BY xid
  `.execute(db);
  return rows.map((row) => ({ xid: Number(row.xid), type: row.type, payload: row.payload }));
}
