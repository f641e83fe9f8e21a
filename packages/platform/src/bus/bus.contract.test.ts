import { randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { createTestDatabase, testDatabaseServerUrl, type TestDatabase } from '@souk/testkit';
import amqp from 'amqplib';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDatabase, migrate, type Database } from '../db/database.js';
import { createLogger } from '../logger.js';
import { SpanKind, startTracing, tracer, withSpan } from '../tracing.js';
import { createBroker } from './broker.js';
import { createEventBus } from './event-bus.js';
import { rabbitQueueNames } from './rabbit-broker.js';
import type { Broker, BusTopology, EventBus, EventEnvelope } from './types.js';

/**
 * The same contract on every broker adapter: pg-boss always, RabbitMQ when AMQP_URL is set (CI
 * sets it). Each test uses its own service names, so queues never mix.
 */
// Routed by no queue but the ones a test declares. Its name is new on every run: a run killed
// half-way leaves its queues bound on a shared RabbitMQ, and they would take a fixed type.
const STRANDED: `test.stranded.${string}` = `test.stranded.${randomUUID().slice(0, 8)}`;
const schemas = {
  'test.thing.happened': Type.Object({ n: Type.Integer() }, { additionalProperties: false }),
  [STRANDED]: Type.Object({ n: Type.Integer() }, { additionalProperties: false }),
};
type Events = { 'test.thing.happened': { n: number } } & Record<
  `test.stranded.${string}`,
  { n: number }
>;

const logger = createLogger({ name: 'bus-test', level: 'silent' });
const adapters = [{ name: 'pg-boss' }, ...(process.env.AMQP_URL ? [{ name: 'rabbitmq' }] : [])];

describe.each(adapters)('event bus contract on $name', ({ name }) => {
  let brokerDb: TestDatabase | undefined;
  let producerDb: TestDatabase;
  let consumerDb: TestDatabase;
  let producer: Database<any>;
  let consumer: Database<any>;
  const cleanups: Array<() => Promise<void>> = [];
  const queues: string[] = [];

  beforeAll(async () => {
    await startTracing({ serviceName: 'bus-test' });
    const server = testDatabaseServerUrl();
    [producerDb, consumerDb] = await Promise.all([
      createTestDatabase(server, 'producer'),
      createTestDatabase(server, 'consumer'),
    ]);
    if (name === 'pg-boss') brokerDb = await createTestDatabase(server, 'broker');
    producer = createDatabase({ url: producerDb.url, logger });
    consumer = createDatabase({ url: consumerDb.url, logger });
    await migrate(producer.db, {}, logger);
    await migrate(
      consumer.db,
      {
        '001_effects': {
          async up(db) {
            await sql`CREATE TABLE effects (event_id uuid, n integer)`.execute(db);
          },
        },
      },
      logger,
    );
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  });

  afterAll(async () => {
    await producer?.close();
    await consumer?.close();
    if (name === 'rabbitmq' && queues.length > 0) await deleteRabbitQueues(queues);
    await Promise.all([producerDb?.drop(), consumerDb?.drop(), brokerDb?.drop()]);
  });

  function brokerUrl(): string {
    return name === 'pg-boss' ? brokerDb!.url : process.env.AMQP_URL!;
  }

  async function startBus(
    service: string,
    database: Database<any>,
    databaseUrl: string,
    handler?: (event: EventEnvelope<keyof Events, { n: number }>) => Promise<void>,
    {
      topology,
      type = 'test.thing.happened',
    }: { topology?: BusTopology; type?: keyof Events } = {},
  ): Promise<{ bus: EventBus<Events>; broker: Broker }> {
    const broker = createBroker(brokerUrl(), { logger, service });
    const bus = createEventBus<Events>({
      service,
      db: database.db,
      broker,
      schemas,
      logger,
      databaseUrl,
      consumer: { maxAttempts: 3, retryDelayMs: 1_000, concurrency: 4 },
      ...(topology ? { topology } : {}),
    });
    if (handler) {
      queues.push(service);
      bus.on(type, async (event, trx) => {
        await handler(event);
        await sql`INSERT INTO effects (event_id, n) VALUES (${event.id}, ${event.data.n})`.execute(
          trx,
        );
      });
    }
    await bus.start();
    cleanups.push(async () => {
      await bus.stop();
      await broker.stop();
    });
    return { bus, broker };
  }

  async function effects(n: number): Promise<number> {
    const { rows } = await sql<{
      count: number;
    }>`SELECT count(*)::int AS count FROM effects WHERE n = ${n}`.execute(consumer.db);
    return rows[0]!.count;
  }

  const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;
  const number = () => Math.floor(Math.random() * 1_000_000_000);

  it('when an event is published in a committed transaction, then the subscriber handles it once', async () => {
    const consumerService = unique('c');
    await startBus(consumerService, consumer, consumerDb.url, async () => {});
    const { bus } = await startBus(unique('p'), producer, producerDb.url);
    const n = number();
    await producer.db
      .transaction()
      .execute((trx) => bus.publish(trx, 'test.thing.happened', { n }));
    await vi.waitFor(async () => expect(await effects(n)).toBe(1), {
      timeout: 15_000,
      interval: 100,
    });
  });

  it('when the transaction rolls back, then the event is never published', async () => {
    const consumerService = unique('c');
    await startBus(consumerService, consumer, consumerDb.url, async () => {});
    const { bus } = await startBus(unique('p'), producer, producerDb.url);
    const n = number();
    await expect(
      producer.db.transaction().execute(async (trx) => {
        await bus.publish(trx, 'test.thing.happened', { n });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    const marker = number();
    await producer.db
      .transaction()
      .execute((trx) => bus.publish(trx, 'test.thing.happened', { n: marker }));
    await vi.waitFor(async () => expect(await effects(marker)).toBe(1), {
      timeout: 15_000,
      interval: 100,
    });
    expect(await effects(n)).toBe(0);
  });

  it('when a payload does not match its schema, then publishing refuses it', async () => {
    const { bus } = await startBus(unique('p'), producer, producerDb.url);
    await expect(
      producer.db
        .transaction()
        .execute((trx) => bus.publish(trx, 'test.thing.happened', { n: 'x' } as never)),
    ).rejects.toThrow(/Invalid test.thing.happened/);
  });

  it('when the same event is delivered twice, then it has one effect', async () => {
    let calls = 0;
    await startBus(unique('c'), consumer, consumerDb.url, async () => {
      calls += 1;
    });
    const publisher = createBroker(brokerUrl(), { logger, service: unique('raw') });
    await publisher.start();
    cleanups.push(() => publisher.stop());
    const n = number();
    const envelope: EventEnvelope = {
      id: randomUUID(),
      type: 'test.thing.happened',
      version: 1,
      occurredAt: new Date().toISOString(),
      source: 'test',
      data: { n },
    };
    await publisher.publish([envelope]);
    await vi.waitFor(async () => expect(await effects(n)).toBe(1), {
      timeout: 15_000,
      interval: 100,
    });
    // A redelivery after the broker forgot the first one (pg-boss dedupes ids it still holds).
    await publisher.publish([{ ...envelope }]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await publisher.publish([{ ...envelope }, { ...envelope }]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await effects(n)).toBe(1);
    expect(calls).toBeGreaterThanOrEqual(1);
  });

  it('when a handler fails once, then the retry succeeds with one effect and no dead letter', async () => {
    const attempts = new Map<number, number>();
    await startBus(unique('c'), consumer, consumerDb.url, async (event) => {
      const seen = (attempts.get(event.data.n) ?? 0) + 1;
      attempts.set(event.data.n, seen);
      if (seen === 1) throw new Error('transient failure');
    });
    const { bus } = await startBus(unique('p'), producer, producerDb.url);
    const n = number();
    await producer.db
      .transaction()
      .execute((trx) => bus.publish(trx, 'test.thing.happened', { n }));
    await vi.waitFor(async () => expect(await effects(n)).toBe(1), {
      timeout: 20_000,
      interval: 200,
    });
    expect(attempts.get(n)).toBe(2);
  });

  it('when a handler keeps failing, then it is tried maxAttempts times and dead-lettered, visible to the admin', async () => {
    const service = unique('c');
    let calls = 0;
    const { bus: consumerBus, broker } = await startBus(
      service,
      consumer,
      consumerDb.url,
      async () => {
        calls += 1;
        throw new Error('handler is broken');
      },
    );
    const { bus } = await startBus(unique('p'), producer, producerDb.url);
    const n = number();
    await producer.db
      .transaction()
      .execute((trx) => bus.publish(trx, 'test.thing.happened', { n }));
    await vi.waitFor(
      async () => {
        const { items } = await consumerBus.deadLetters.list({ limit: 10, offset: 0 });
        expect(items).toHaveLength(1);
        expect(await broker.deadLetterCount(service)).toBe(1);
      },
      { timeout: 30_000, interval: 250 },
    );
    expect(calls).toBe(3);
    const { items } = await consumerBus.deadLetters.list({ status: 'open', limit: 10, offset: 0 });
    expect(items[0]).toMatchObject({
      consumer: service,
      eventType: 'test.thing.happened',
      attempts: 3,
      status: 'open',
      error: 'handler is broken',
    });
    expect(await effects(n)).toBe(0);
  });

  it('when a dead letter is replayed after the fix, then its effect is applied once', async () => {
    const service = unique('c');
    let broken = true;
    const { bus: consumerBus } = await startBus(service, consumer, consumerDb.url, async () => {
      if (broken) throw new Error('not yet fixed');
    });
    const { bus } = await startBus(unique('p'), producer, producerDb.url);
    const n = number();
    await producer.db
      .transaction()
      .execute((trx) => bus.publish(trx, 'test.thing.happened', { n }));
    const letter = await vi.waitFor(
      async () => {
        const { items } = await consumerBus.deadLetters.list({ limit: 10, offset: 0 });
        expect(items).toHaveLength(1);
        return items[0]!;
      },
      { timeout: 30_000, interval: 250 },
    );
    broken = false;
    expect((await consumerBus.deadLetters.replay(letter.id)).status).toBe('replayed');
    expect(await effects(n)).toBe(1);
    await expect(consumerBus.deadLetters.replay(letter.id)).rejects.toThrow(/already replayed/);
  });

  it('when an outbox row was written before a crash, then it is relayed after the restart', async () => {
    await startBus(unique('c'), consumer, consumerDb.url, async () => {});
    // The "crashed" producer: its transaction committed, but no relay ran before it died.
    const crashedBroker = createBroker(brokerUrl(), { logger, service: unique('crashed') });
    const crashed = createEventBus<Events>({
      service: unique('p'),
      db: producer.db,
      broker: crashedBroker,
      schemas,
      logger,
    });
    const n = number();
    await producer.db
      .transaction()
      .execute((trx) => crashed.publish(trx, 'test.thing.happened', { n }));
    await crashedBroker.stop();
    expect(await effects(n)).toBe(0);
    await startBus(unique('p'), producer, producerDb.url);
    await vi.waitFor(async () => expect(await effects(n)).toBe(1), {
      timeout: 15_000,
      interval: 100,
    });
  });

  it('when an invalid payload arrives, then it is dead-lettered at once without retries', async () => {
    const service = unique('c');
    let calls = 0;
    const { bus: consumerBus } = await startBus(service, consumer, consumerDb.url, async () => {
      calls += 1;
    });
    const publisher = createBroker(brokerUrl(), { logger, service: unique('raw') });
    await publisher.start();
    cleanups.push(() => publisher.stop());
    await publisher.publish([
      {
        id: randomUUID(),
        type: 'test.thing.happened',
        version: 1,
        occurredAt: new Date().toISOString(),
        source: 'test',
        data: { n: 'not a number' },
      },
    ]);
    await vi.waitFor(
      async () =>
        expect(
          (await consumerBus.deadLetters.list({ limit: 10, offset: 0 })).items[0]?.attempts,
        ).toBe(1),
      { timeout: 15_000, interval: 100 },
    );
    expect(calls).toBe(0);
  });

  it('when events are published before their consumer ever started, then the declared topology keeps them for it', async () => {
    const consumerService = unique('late');
    const topology = { [consumerService]: ['test.thing.happened'] };
    queues.push(consumerService);
    const { bus } = await startBus(unique('p'), producer, producerDb.url, undefined, { topology });
    const n = number();
    const event = await producer.db
      .transaction()
      .execute((trx) => bus.publish(trx, 'test.thing.happened', { n }));
    await vi.waitFor(async () => expect(await outboxRow(event.id)).toBeUndefined(), {
      timeout: 15_000,
      interval: 100,
    });
    // Published and confirmed while the consumer has never run: its queue already held it.
    await startBus(consumerService, consumer, consumerDb.url, async () => {}, { topology });
    await vi.waitFor(async () => expect(await effects(n)).toBe(1), {
      timeout: 15_000,
      interval: 100,
    });
  });

  it('when no queue takes a routed type, then the outbox row stays, is logged as an error, and is delivered once the queue exists', async () => {
    const consumerService = unique('gone');
    const topology = { [consumerService]: [STRANDED] };
    queues.push(consumerService);
    const errors = vi.spyOn(logger, 'error');
    cleanups.push(async () => errors.mockRestore());
    const { bus } = await startBus(unique('p'), producer, producerDb.url, undefined, { topology });
    // The queue the topology promised disappears (deleted by hand, a broker reset).
    await removeQueue(consumerService);
    const n = number();
    const event = await producer.db
      .transaction()
      .execute((trx) => bus.publish(trx, STRANDED, { n }));
    await vi.waitFor(
      async () =>
        expect(await outboxRow(event.id)).toMatchObject({
          attempts: expect.any(Number),
          last_error: expect.stringMatching(/unroutable/),
        }),
      { timeout: 15_000, interval: 100 },
    );
    expect(errors).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: event.id }),
      expect.stringMatching(/no queue takes/),
    );
    expect(await effects(n)).toBe(0);
    // The consumer starts, declares its queue again; the relay's next try delivers the row.
    await startBus(consumerService, consumer, consumerDb.url, async () => {}, {
      topology,
      type: STRANDED,
    });
    await vi.waitFor(async () => expect(await effects(n)).toBe(1), {
      timeout: 20_000,
      interval: 200,
    });
    expect(await outboxRow(event.id)).toBeUndefined();
  });

  async function outboxRow(
    id: string,
  ): Promise<{ attempts: number; last_error: string | null } | undefined> {
    const { rows } = await sql<{
      attempts: number;
      last_error: string | null;
    }>`SELECT attempts, last_error FROM outbox WHERE id = ${id}`.execute(producer.db);
    return rows[0];
  }

  async function removeQueue(service: string): Promise<void> {
    if (name === 'rabbitmq') {
      await deleteRabbitQueues([service]);
      return;
    }
    const broker = createDatabase({ url: brokerDb!.url, logger });
    await sql`DELETE FROM pgboss.subscription WHERE name = ${service}`.execute(broker.db);
    await broker.close();
  }

  it('broadcast listeners on every instance receive published events', async () => {
    const received: number[][] = [[], []];
    for (const list of received) {
      const broker = createBroker(brokerUrl(), { logger, service: unique('listener') });
      await broker.start();
      await broker.listen(['test.thing.happened'], (event) =>
        list.push((event.data as { n: number }).n),
      );
      cleanups.push(() => broker.stop());
    }
    const { bus } = await startBus(unique('p'), producer, producerDb.url);
    const n = number();
    await producer.db
      .transaction()
      .execute((trx) => bus.publish(trx, 'test.thing.happened', { n }));
    await vi.waitFor(() => expect(received).toEqual([[n], [n]]), {
      timeout: 15_000,
      interval: 100,
    });
  });

  it('carries the trace context from the publisher to the handler', async () => {
    let handlerTraceId: string | undefined;
    const { bus: consumerBus } = await startBus(unique('c'), consumer, consumerDb.url, async () => {
      const { trace, context } = await import('@opentelemetry/api');
      handlerTraceId = trace.getSpan(context.active())?.spanContext().traceId;
    });
    expect(consumerBus).toBeDefined();
    const { bus } = await startBus(unique('p'), producer, producerDb.url);
    const n = number();
    let publisherTraceId = '';
    await withSpan('place order', { kind: SpanKind.SERVER }, async (span) => {
      publisherTraceId = span.spanContext().traceId;
      await producer.db
        .transaction()
        .execute((trx) => bus.publish(trx, 'test.thing.happened', { n }));
    });
    expect(tracer()).toBeDefined();
    await vi.waitFor(() => expect(handlerTraceId).toBe(publisherTraceId), {
      timeout: 15_000,
      interval: 100,
    });
  });
});

async function deleteRabbitQueues(services: string[]): Promise<void> {
  const connection = await amqp.connect(process.env.AMQP_URL!);
  const channel = await connection.createChannel();
  for (const service of services) {
    for (const queue of rabbitQueueNames(service, 3))
      await channel.deleteQueue(queue).catch(() => {});
  }
  await connection.close();
}
