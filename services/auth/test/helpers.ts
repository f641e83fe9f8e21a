import { randomInt, randomUUID } from 'node:crypto';
import {
  createBroker,
  createDatabase,
  createLogger,
  loadConfig,
  type App,
  type Broker,
} from '@souk/platform';
import { createTestDatabase, testDatabaseServerUrl, type TestDatabase } from '@souk/testkit';
import { importJWK, type CryptoKey, type JWK } from 'jose';
import { sql, type Kysely } from 'kysely';
import { buildApp, type AuthDeps } from '../src/app.js';
import { configSchema, type AuthConfig } from '../src/config.js';
import type { AuthDatabase } from '../src/db/schema.js';
import { generatePrivateJwk } from '../src/tokens/signing-key.js';

export const logger = createLogger({
  name: 'auth-test',
  level: process.env.AUTH_TEST_LOG ?? 'silent',
});

export interface AuthHarness {
  app: App;
  config: AuthConfig;
  database: TestDatabase;
  /** A separate connection for assertions and for setting up situations (e.g. an expired token). */
  db: Kysely<AuthDatabase>;
  broker: Broker;
  privateJwk: JWK;
  signingKey: CryptoKey;
  /** Builds another app instance on the same database and broker (restarts, second instances). */
  buildAnother(env?: Record<string, string>): Promise<App>;
  close(): Promise<void>;
}

/** The real app in-process on its own database, signing with a key this test knows. */
export async function startAuth(
  label: string,
  env: Record<string, string> = {},
  deps: Omit<AuthDeps, 'broker'> = {},
): Promise<AuthHarness> {
  const database = await createTestDatabase(testDatabaseServerUrl(), `auth_${label}`);
  const privateJwk = await generatePrivateJwk();
  const broker = createBroker(database.url, { logger, service: 'auth' });
  const configFor = (overrides: Record<string, string>) =>
    loadConfig(configSchema, {
      DATABASE_URL: database.url,
      BROKER_URL: database.url,
      DATABASE_POOL_MAX: '4',
      AUTH_PRIVATE_JWK: JSON.stringify(privateJwk),
      ...env,
      ...overrides,
    }) as AuthConfig;
  const config = configFor({});
  const others: App[] = [];
  const app = await buildApp(config, logger, { ...deps, broker });
  await app.ready();
  const db = createDatabase<AuthDatabase>({ url: database.url, logger, poolMax: 4 }).db;
  return {
    app,
    config,
    database,
    db,
    broker,
    privateJwk,
    signingKey: (await importJWK(privateJwk, 'EdDSA')) as CryptoKey,
    async buildAnother(overrides = {}) {
      const other = await buildApp(configFor(overrides), logger, { broker });
      others.push(other);
      return other;
    },
    async close() {
      for (const other of others) await other.close();
      await app.close();
      await broker.stop();
      await db.destroy();
      await database.drop();
    },
  };
}

export const uniqueEmail = (label = 'user') => `${label}-${randomUUID().slice(0, 8)}@example.com`;

/** A made-up client address, so tests do not share the per-IP login budget. */
export const randomIp = () => `198.51.${randomInt(0, 255)}.${randomInt(1, 255)}`;

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export interface Registered {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

export async function register(app: App, body: Record<string, unknown> = {}): Promise<Registered> {
  const payload = {
    email: uniqueEmail(),
    password: 'a decent passphrase',
    firstName: 'Amina',
    lastName: 'Alaoui',
    ...body,
  };
  const response = await app.inject({ method: 'POST', url: '/api/auth/register', payload });
  if (response.statusCode !== 201)
    throw new Error(`register failed: ${response.statusCode} ${response.body}`);
  const reply = response.json();
  return {
    id: reply.user.id,
    email: reply.user.email,
    password: payload.password,
    accessToken: reply.accessToken,
    refreshToken: reply.refreshToken,
  };
}

/** Logs in from `ip` as the connection's own address, so the result does not depend on which proxies are trusted. */
export function login(app: App, email: string, password: string, ip = randomIp()) {
  return app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
    remoteAddress: ip,
  });
}

export function refresh(app: App, refreshToken: string) {
  return app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } });
}

export function me(app: App, accessToken: string) {
  return app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(accessToken) });
}

/**
 * Records, through triggers, which transaction inserted each user and each outbox row. The relay
 * deletes outbox rows once published, so the log is what tests read.
 */
export async function recordOutboxTransactions(db: Kysely<AuthDatabase>): Promise<void> {
  await sql`
    CREATE TABLE test_write_log (table_name text NOT NULL, xid bigint NOT NULL, type text, payload jsonb NOT NULL);
    CREATE FUNCTION test_log_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO test_write_log VALUES (TG_TABLE_NAME, txid_current(), to_jsonb(NEW)->>'type',
          CASE WHEN TG_TABLE_NAME = 'outbox' THEN to_jsonb(NEW)->'envelope' ELSE to_jsonb(NEW) END);
        RETURN NEW;
      END $$;
    CREATE TRIGGER test_log_outbox AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION test_log_write();
    CREATE TRIGGER test_log_users AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION test_log_write();
  `.execute(db);
}

export interface LoggedEvent {
  xid: number;
  type: string;
  data: Record<string, unknown>;
}

export async function loggedEvents(db: Kysely<AuthDatabase>, type: string): Promise<LoggedEvent[]> {
  const { rows } = await sql<{
    xid: string;
    type: string;
    payload: { data: Record<string, unknown> };
  }>`
    SELECT xid, type, payload FROM test_write_log WHERE table_name = 'outbox' AND type = ${type}
  `.execute(db);
  return rows.map((row) => ({ xid: Number(row.xid), type: row.type, data: row.payload.data }));
}

export async function userInsertTransaction(
  db: Kysely<AuthDatabase>,
  userId: string,
): Promise<number | undefined> {
  const { rows } = await sql<{ xid: string }>`
    SELECT xid FROM test_write_log WHERE table_name = 'users' AND payload->>'id' = ${userId}
  `.execute(db);
  return rows[0] ? Number(rows[0].xid) : undefined;
}

/** Waits (bounded) until the relay has handed every outbox row to the broker. */
export async function waitForEmptyOutbox(
  db: Kysely<AuthDatabase>,
  timeoutMs = 10_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { count } = await db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow();
    if (Number(count) === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
