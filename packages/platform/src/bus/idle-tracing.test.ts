import { Type } from '@sinclair/typebox';
import {
  createTestDatabase,
  startOtlpReceiver,
  testDatabaseServerUrl,
  type TestDatabase,
} from '@souk/testkit';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, migrate, type Database } from '../db/database.js';
import { createLogger } from '../logger.js';
import { currentTraceId, startTracing, stopTracing, withSpan } from '../tracing.js';
import { createBroker } from './broker.js';
import { createEventBus } from './event-bus.js';
import type { Broker, EventBus } from './types.js';

/**
 * Issue 9: 98.8% of exported traces were one-span idle polls. An idle service (relay polling, a
 * consumer waiting, SQL traced) must export nothing, and a request still exports its whole trace.
 */
const schemas = {
  'test.idle.pinged': Type.Object({ n: Type.Integer() }, { additionalProperties: false }),
};
type Events = { 'test.idle.pinged': { n: number } };
const logger = createLogger({ name: 'idle-test', level: 'silent' });

/** Counts the relay's polls (its SELECT on the outbox): the marker that idle time went by. */
function relayPollCounter(): KyselyPlugin & { polls: number } {
  const counter = {
    polls: 0,
    transformQuery(args: Parameters<KyselyPlugin['transformQuery']>[0]) {
      const text = JSON.stringify(args.node);
      if (text.includes('FROM outbox') && text.includes('SKIP LOCKED')) counter.polls += 1;
      return args.node;
    },
    async transformResult(args: Parameters<KyselyPlugin['transformResult']>[0]) {
      return args.result;
    },
  };
  return counter;
}

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('tracing of an idle service', () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let serviceDb: TestDatabase;
  let brokerDb: TestDatabase;
  let database: Database<any>;
  let broker: Broker;
  let bus: EventBus<Events>;
  const counter = relayPollCounter();
  const handled: number[] = [];

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    await startTracing({
      serviceName: 'idle-test',
      otlpEndpoint: receiver.url,
      sampler: 'parentbased_traceidratio',
      samplerRatio: 1,
    });
    const server = testDatabaseServerUrl();
    [serviceDb, brokerDb] = await Promise.all([
      createTestDatabase(server, 'idle_service'),
      createTestDatabase(server, 'idle_broker'),
    ]);
    database = createDatabase({
      url: serviceDb.url,
      logger,
      traceQueries: true,
      applicationName: 'idle-test',
    });
    await migrate(database.db, {}, logger);
    broker = createBroker(brokerDb.url, { logger, service: 'idle-test' });
    bus = createEventBus<Events>({
      service: 'idle_test',
      db: database.db.withPlugin(counter),
      broker,
      schemas,
      logger,
      relay: { pollMs: 50 },
    });
    bus.on('test.idle.pinged', async (envelope) => {
      handled.push(envelope.data.n);
    });
    await bus.start();
  });

  afterAll(async () => {
    await bus?.stop();
    await broker?.stop();
    await database?.close();
    await stopTracing();
    await receiver?.close();
    await Promise.all([serviceDb?.drop(), brokerDb?.drop()]);
  });

  it('when nothing happens over several relay polls, then no span is exported; a request then exports only its own trace', async () => {
    const start = counter.polls;
    await until(() => counter.polls >= start + 8, '8 relay polls');

    // The control: a traced request that publishes, consumed here, must reach the receiver.
    const traceId = await withSpan('POST /test', {}, async () => {
      await database.db
        .transaction()
        .execute((trx) => bus.publish(trx, 'test.idle.pinged', { n: 1 }));
      return currentTraceId();
    });
    await until(() => handled.includes(1), 'the event to be handled');
    const afterEvent = counter.polls;
    await until(() => counter.polls >= afterEvent + 8, '8 more relay polls');
    await stopTracing(); // flushes what was recorded

    const names = receiver.spans.map((span) => span.name);
    expect(names).toContain('POST /test');
    expect(names).toContain('consume test.idle.pinged');
    expect(names).toContain('db.query');
    // OTLP/JSON carries trace ids in hex: every exported span belongs to the request's trace.
    expect(new Set(receiver.spans.map((span) => span.traceId))).toEqual(new Set([traceId]));
  });
});
