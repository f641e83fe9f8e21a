import { Writable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import {
  createTestDatabase,
  sampleValue,
  startOtlpReceiver,
  testDatabaseServerUrl,
  type TestDatabase,
} from '@souk/testkit';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBroker } from '../bus/broker.js';
import { createEventBus } from '../bus/event-bus.js';
import type { Broker, EventBus } from '../bus/types.js';
import { createDatabase, migrate, type Database } from '../db/database.js';
import { createLogger, type Logger } from '../logger.js';
import { createServer } from '../http/server.js';
import { startTracing, stopTracing } from '../tracing.js';
import { observeBroker, observeOutbox } from './observers.js';
import { renderMetrics, serveMetrics, startMetrics, stopMetrics } from './metrics.js';

/** The platform's instruments in one process: HTTP, pool, outbox and bus, as /metrics shows them. */
const schemas = {
  'test.metrics.counted': Type.Object({ n: Type.Integer() }, { additionalProperties: false }),
};
type Events = { 'test.metrics.counted': { n: number } };
const TYPE = 'test.metrics.counted';
const silent = createLogger({ name: 'metrics-test', level: 'silent' });

async function until(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('metrics', () => {
  let serviceDb: TestDatabase;
  let brokerDb: TestDatabase;
  let database: Database<any>;
  let broker: Broker;
  let bus: EventBus<Events>;

  beforeAll(async () => {
    startMetrics({ serviceName: 'metrics-test' });
    const server = testDatabaseServerUrl();
    [serviceDb, brokerDb] = await Promise.all([
      createTestDatabase(server, 'metrics_service'),
      createTestDatabase(server, 'metrics_broker'),
    ]);
    database = createDatabase({
      url: serviceDb.url,
      logger: silent,
      applicationName: 'metrics-test',
      poolMax: 7,
    });
    await migrate(database.db, {}, silent);
    broker = createBroker(brokerDb.url, { logger: silent, service: 'metrics-test' });
    bus = createEventBus<Events>({
      service: 'metrics_test',
      db: database.db,
      broker,
      schemas,
      logger: silent,
      consumer: { maxAttempts: 2, retryDelayMs: 1_000 },
    });
    bus.on(TYPE, async (envelope) => {
      if (envelope.data.n < 0) throw new Error('negative numbers are refused');
    });
    await bus.start();
  });

  afterAll(async () => {
    await bus?.stop();
    await broker?.stop();
    await database?.close();
    await stopMetrics();
    await Promise.all([serviceDb?.drop(), brokerDb?.drop()]);
  });

  const publish = (n: number) =>
    database.db.transaction().execute((trx) => bus.publish(trx, TYPE, { n }));

  it("a consumer's series start at 0; an event handled counts as published and consumed; one that keeps failing as failed, retried and dead-lettered", async () => {
    const before = await renderMetrics();
    expect(before).toContain(`souk_bus_dead_lettered_total{event_type="${TYPE}"} 0`);
    await publish(1);
    await until(
      async () =>
        sampleValue(await renderMetrics(), 'souk_bus_consumed_total', { event_type: TYPE }) === 1,
      'the event to be consumed',
    );
    await publish(-1);
    await until(
      async () =>
        sampleValue(await renderMetrics(), 'souk_bus_dead_lettered_total', { event_type: TYPE }) ===
        1,
      'the dead letter',
    );
    const text = await renderMetrics();
    expect(sampleValue(text, 'souk_bus_published_total', { event_type: TYPE })).toBe(2);
    expect(sampleValue(text, 'souk_bus_consumed_total', { event_type: TYPE })).toBe(1);
    expect(sampleValue(text, 'souk_bus_failed_total', { event_type: TYPE })).toBe(2);
    expect(sampleValue(text, 'souk_bus_retried_total', { event_type: TYPE })).toBe(1);
  });

  it('the broker is up, and the message parked by the last test is in the dead-letter queue depth (what the broker parks counts too)', async () => {
    const stop = observeBroker(
      () => broker.ping(),
      broker.kind,
      'metrics_test',
      () => broker.deadLetterCount('metrics_test'),
    );
    try {
      await until(
        async () =>
          sampleValue(await renderMetrics(), 'souk_bus_dead_letter_queue_depth', {
            service_name: 'metrics_test',
          }) === 1,
        'the dead-letter queue depth',
      );
      expect(
        sampleValue(await renderMetrics(), 'souk_broker_up', { service_name: 'metrics_test' }),
      ).toBe(1);
    } finally {
      stop();
    }
  });

  it('the pool shows its size, connections in use and queries waiting; the outbox its backlog and the age of its oldest row', async () => {
    const pool = { db_client_connection_pool_name: 'metrics-test' };
    expect(sampleValue(await renderMetrics(), 'db_client_connection_max', pool)).toBe(7);
    // Hold every connection (each query sleeps), and one more query waits.
    const held = Array.from({ length: 8 }, () => sql`SELECT pg_sleep(1.5)`.execute(database.db));
    await until(async () => {
      const text = await renderMetrics();
      return (
        sampleValue(text, 'db_client_connection_count', {
          ...pool,
          db_client_connection_state: 'used',
        }) === 7 && sampleValue(text, 'db_client_connection_pending_requests', pool) >= 1
      );
    }, 'seven connections in use and a query waiting');
    await Promise.all(held);

    // A second view of the same outbox, with rows the relay has not taken (inserted, then read at once).
    await bus.stop();
    const stopObserving = observeOutbox(database.db, 'outbox-test');
    try {
      await sql`INSERT INTO outbox (id, type, envelope, created_at) VALUES (gen_random_uuid(), ${TYPE}, '{}', now() - interval '90 seconds'), (gen_random_uuid(), ${TYPE}, '{}', now())`.execute(
        database.db,
      );
      const text = await renderMetrics();
      expect(sampleValue(text, 'souk_outbox_backlog', { service_name: 'outbox-test' })).toBe(2);
      expect(
        sampleValue(text, 'souk_outbox_oldest_age', { service_name: 'outbox-test' }),
      ).toBeGreaterThanOrEqual(90);
    } finally {
      stopObserving();
      await sql`DELETE FROM outbox`.execute(database.db);
    }
  });

  it('GET /metrics counts requests (not streams) by route template and status, makes no span and no log line; without it the route does not exist', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }),
    ) as unknown as Logger;
    const receiver = await startOtlpReceiver();
    await startTracing({
      serviceName: 'metrics-route-test',
      otlpEndpoint: receiver.url,
      sampler: 'always_on',
    });
    const app = createServer({ name: 'metrics-route', logger });
    app.get(
      '/things/:id',
      {
        schema: {
          params: Type.Object(
            { id: Type.String({ maxLength: 10 }) },
            { additionalProperties: false },
          ),
        },
      },
      async () => ({ ok: true }),
    );
    const hidden = createServer({ name: 'hidden', logger: silent, metrics: false });
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.server.address() as { port: number };
      for (const id of ['a', 'b'])
        await (await fetch(`http://127.0.0.1:${port}/things/${id}`)).text();
      // What EventSource asks for is a stream: not counted as a request with a latency.
      await (
        await fetch(`http://127.0.0.1:${port}/things/c`, {
          headers: { accept: 'text/event-stream' },
        })
      ).text();
      const scraped = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(scraped.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await scraped.text();
      expect(
        sampleValue(text, 'http_server_request_duration_count', {
          http_route: '/things/:id',
          http_request_method: 'GET',
          http_response_status_code: '200',
        }),
      ).toBe(2);
      expect(text).not.toContain('http_route="/metrics"');
      await stopTracing();
      expect(receiver.spans.map((span) => span.name).sort()).toEqual([
        'GET /things/:id',
        'GET /things/:id',
        'GET /things/:id',
      ]);
      expect(lines.filter((line) => line.includes('/metrics'))).toEqual([]);
      expect((await hidden.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    } finally {
      await stopTracing();
      await app.close();
      await hidden.close();
      await receiver.close();
    }
  });

  it('serveMetrics answers /metrics only', async () => {
    const served = await serveMetrics({ host: '127.0.0.1', port: 0 });
    try {
      const ok = await fetch(`http://127.0.0.1:${served.port}/metrics`);
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('target_info{service_name="metrics-test"');
      const other = await fetch(`http://127.0.0.1:${served.port}/health/live`);
      expect(other.status).toBe(404);
      await other.text();
    } finally {
      await served.close();
    }
  });
});
