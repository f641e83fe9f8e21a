import { randomUUID } from 'node:crypto';
import type { EventMap } from '@souk/contracts';
import {
  createBroker,
  createDatabase,
  createLogger,
  createRevocations,
  createTokenVerifier,
  loadConfig,
  type App,
  type Broker,
  type EventEnvelope,
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
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { expect, vi } from 'vitest';
import { buildApp, type AppDeps } from '../src/app.js';
import { configSchema } from '../src/config.js';
import type { NotificationDatabase } from '../src/db/schema.js';
import { listenForAnnouncements, type Announcement } from '../src/stream/announcements.js';

const logger = createLogger({
  name: 'notification-test',
  level: process.env.TEST_LOG_LEVEL ?? 'silent',
});

export interface Harness {
  app: App;
  keys: TestKeys;
  /** A separate connection for assertions. */
  db: Kysely<NotificationDatabase>;
  /** Every new message announced to the service's instances, in order. */
  announced: Announcement[];
  /** Publishes a hand-made envelope on the broker, as a producer service would. */
  publish<K extends keyof EventMap>(
    type: K,
    data: EventMap[K],
    id?: string,
  ): Promise<EventEnvelope<K, EventMap[K]>>;
  /** Delivers an envelope the service already handled once more, as after a relay crash. */
  deliverAgain(envelope: EventEnvelope): Promise<void>;
  /** Waits (bounded) until the message rows made by this event exist, and returns them. */
  waitForMessages(
    eventId: string,
    count?: number,
  ): Promise<Array<{ id: string; audience: string; recipient_id: string | null }>>;
  /** A token as the auth service signs them; `claims` may set its session (`sid`), `exp`... */
  tokenFor(
    userId: string,
    roles?: string[],
    options?: { expiresIn?: string; claims?: Record<string, unknown> },
  ): Promise<string>;
  /** Another instance of the service on the same database and broker, closed with the harness. */
  buildAnother(): Promise<App>;
  close(): Promise<void>;
}

/** The real app on its own database, a second database as the pg-boss broker, and test keys. */
export async function startNotificationService(
  label: string,
  deps: Pick<AppDeps, 'stream'> = {},
  /** More configuration, e.g. SMTP_URL. */
  env: Record<string, string> = {},
): Promise<Harness> {
  const server = testDatabaseServerUrl();
  const [database, brokerDatabase]: TestDatabase[] = await Promise.all([
    createTestDatabase(server, `notification_${label}`),
    createTestDatabase(server, `notification_${label}_bus`),
  ]);
  const keys = await createTestKeys();
  const broker = createBroker(brokerDatabase!.url, { logger, service: 'notification' });
  const config = loadConfig(configSchema, {
    DATABASE_URL: database!.url,
    BROKER_URL: brokerDatabase!.url,
    DATABASE_POOL_MAX: '5',
    DISCOVERY: 'static',
    LOG_LEVEL: 'silent',
    ...env,
  });
  // No auth service here: its feed has nothing yet, and revocations arrive as broadcasts on the broker.
  const revocations = () =>
    createRevocations({
      logger,
      load: async () => ({
        now: new Date().toISOString(),
        keepSeconds: 900,
        users: [],
        sessions: [],
      }),
    });
  const verifierWith = (list: ReturnType<typeof revocations>) =>
    createTokenVerifier({
      loadKeySet: async () => keys.jwks,
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      revocations: list,
    });
  const ownRevocations = revocations();
  const app = await buildApp(config, logger, {
    verifier: verifierWith(ownRevocations),
    revocations: ownRevocations,
    broker,
    ...deps,
  });
  const announced: Announcement[] = [];
  const announcements = await listenForAnnouncements({
    databaseUrl: database!.url,
    logger,
    onAnnounce: (announcement) => announced.push(announcement),
  });
  const others: Array<{ app: App; broker: Broker }> = [];
  const db = createDatabase<NotificationDatabase>({ url: database!.url, logger, poolMax: 2 }).db;
  const jobs = new pg.Pool({ connectionString: brokerDatabase!.url, max: 1 });
  // A connection cut while the pool ends (the database is dropped with FORCE) must not crash the run.
  jobs.on('error', () => {});

  async function jobState(id: string): Promise<string | undefined> {
    const { rows } = await jobs.query<{ state: string }>(
      `SELECT state FROM pgboss.job WHERE name = 'notification' AND id = $1`,
      [id],
    );
    return rows[0]?.state;
  }

  return {
    app,
    keys,
    db,
    announced,
    async publish(type, data, id = randomUUID()) {
      const envelope = {
        id,
        type,
        version: 1,
        occurredAt: new Date().toISOString(),
        source: 'test',
        data,
      };
      await broker.publish([envelope]);
      return envelope;
    },
    async deliverAgain(envelope) {
      await vi.waitFor(async () => expect(await jobState(envelope.id)).toBe('completed'), {
        timeout: 10_000,
        interval: 50,
      });
      // pg-boss ignores an id it still holds: forget the finished job so the same event is queued again.
      await jobs.query(`DELETE FROM pgboss.job WHERE name = 'notification' AND id = $1`, [
        envelope.id,
      ]);
      await broker.publish([envelope]);
      await vi.waitFor(async () => expect(await jobState(envelope.id)).toBe('completed'), {
        timeout: 10_000,
        interval: 50,
      });
    },
    async waitForMessages(eventId, count = 1) {
      return vi.waitFor(
        async () => {
          const rows = await db
            .selectFrom('notifications')
            .select(['id', 'audience', 'recipient_id'])
            .where('source_event_id', '=', eventId)
            .orderBy('audience', 'desc')
            .execute();
          if (rows.length < count)
            throw new Error(`${rows.length} of ${count} messages for ${eventId} so far`);
          return rows;
        },
        { timeout: 10_000, interval: 50 },
      );
    },
    tokenFor: (userId, roles = ['CLIENT'], options = {}) =>
      keys.sign({ sub: userId, roles, ...options }),
    async buildAnother() {
      const otherBroker = createBroker(brokerDatabase!.url, { logger, service: 'notification' });
      const otherRevocations = revocations();
      const other = await buildApp(config, logger, {
        verifier: verifierWith(otherRevocations),
        revocations: otherRevocations,
        broker: otherBroker,
        ...deps,
      });
      others.push({ app: other, broker: otherBroker });
      return other;
    },
    async close() {
      for (const other of others) {
        await other.app.close();
        await other.broker.stop();
      }
      await announcements.close();
      await app.close();
      await broker.stop();
      await db.destroy();
      await jobs.end();
      await Promise.all([database!.drop(), brokerDatabase!.drop()]);
    },
  };
}

/** Rows of the inbox for this consumer: how many events it has handled. */
export async function inboxSize(db: Kysely<NotificationDatabase>): Promise<number> {
  const { rows } = await sql<{
    count: number;
  }>`SELECT count(*)::int AS count FROM inbox WHERE consumer = 'notification'`.execute(db);
  return rows[0]!.count;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
