import type { BatchObservableCallback, ObservableGauge } from '@opentelemetry/api';
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import { meter } from './instruments.js';

/**
 * Gauges read at collection time (each scrape). A callback is registered per pool or per outbox
 * and removed when its owner closes, so an app built and closed in a test leaves nothing behind.
 */
interface Gauges {
  connections: ObservableGauge;
  pending: ObservableGauge;
  max: ObservableGauge;
  outboxBacklog: ObservableGauge;
  outboxAge: ObservableGauge;
  brokerUp: ObservableGauge;
  deadLetterQueue: ObservableGauge;
}

let gauges: { owner: unknown; gauges: Gauges } | undefined;

function currentGauges(): Gauges {
  const owner = meter();
  if (gauges?.owner !== owner) {
    gauges = {
      owner,
      gauges: {
        connections: owner.createObservableGauge('db.client.connection.count', {
          description: 'Connections of the pool, by state (used, idle)',
          unit: '{connection}',
        }),
        pending: owner.createObservableGauge('db.client.connection.pending_requests', {
          description: 'Queries waiting for a free connection of the pool',
          unit: '{request}',
        }),
        max: owner.createObservableGauge('db.client.connection.max', {
          description: 'Largest size of the pool',
          unit: '{connection}',
        }),
        outboxBacklog: owner.createObservableGauge('souk.outbox.backlog', {
          description: 'Events committed and not yet published',
          unit: '{event}',
        }),
        outboxAge: owner.createObservableGauge('souk.outbox.oldest_age', {
          description: 'Age of the oldest unpublished event (0 when none)',
          unit: 's',
        }),
        brokerUp: owner.createObservableGauge('souk.broker.up', {
          description: '1 when the broker answered a ping at this scrape, else 0',
          unit: '1',
        }),
        deadLetterQueue: owner.createObservableGauge('souk.bus.dead_letter_queue.depth', {
          description:
            "Messages parked in the service's dead-letter queue, those the broker parked after a crashing handler included",
          unit: '{message}',
        }),
      },
    };
  }
  return gauges.gauges;
}

/** In use, idle and waiting for a pg pool; returns the function that stops observing it. */
export function observePool(pool: pg.Pool, poolName: string, poolMax: number): () => void {
  const { connections, pending, max } = currentGauges();
  const name = { 'db.client.connection.pool.name': poolName };
  const callback: BatchObservableCallback = (result) => {
    result.observe(connections, pool.totalCount - pool.idleCount, {
      ...name,
      'db.client.connection.state': 'used',
    });
    result.observe(connections, pool.idleCount, { ...name, 'db.client.connection.state': 'idle' });
    result.observe(pending, pool.waitingCount, name);
    result.observe(max, poolMax, name);
  };
  const observables = [connections, pending, max];
  meter().addBatchObservableCallback(callback, observables);
  return () => meter().removeBatchObservableCallback(callback, observables);
}

const BROKER_PING_TIMEOUT_MS = 2_000;

/**
 * Whether the broker answers (pinged at each scrape, bounded in time) and, for a consuming
 * service, how many messages wait in its dead-letter queue. The queue's depth counts what the bus
 * cannot: a message the broker parked after its delivery limit because the handler killed the
 * process never reached `souk.bus.dead_lettered`.
 */
export function observeBroker(
  ping: () => Promise<void>,
  kind: string,
  service: string,
  deadLetterCount?: () => Promise<number>,
): () => void {
  const { brokerUp, deadLetterQueue } = currentGauges();
  const attributes = { 'messaging.system': kind, 'service.name': service };
  const callback: BatchObservableCallback = async (result) => {
    const up = await withinPingTimeout(ping()).then(
      () => 1,
      () => 0,
    );
    result.observe(brokerUp, up, attributes);
    if (up && deadLetterCount) {
      const depth = await withinPingTimeout(deadLetterCount()).catch(() => undefined);
      if (depth !== undefined) result.observe(deadLetterQueue, depth, attributes);
    }
  };
  meter().addBatchObservableCallback(callback, [brokerUp, deadLetterQueue]);
  return () => meter().removeBatchObservableCallback(callback, [brokerUp, deadLetterQueue]);
}

async function withinPingTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error('broker did not answer in time')),
      BROKER_PING_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Backlog and age of the oldest row of a service's outbox, by one indexed query per scrape. */
export function observeOutbox(db: Kysely<any>, service: string): () => void {
  const { outboxBacklog, outboxAge } = currentGauges();
  const attributes = { 'service.name': service };
  const callback: BatchObservableCallback = async (result) => {
    const { rows } = await sql<{ backlog: number; age: number | null }>`
      SELECT count(*)::int AS backlog, extract(epoch FROM now() - min(created_at))::float8 AS age FROM outbox
    `.execute(db);
    result.observe(outboxBacklog, rows[0]?.backlog ?? 0, attributes);
    result.observe(outboxAge, Math.max(0, rows[0]?.age ?? 0), attributes);
  };
  const observables = [outboxBacklog, outboxAge];
  meter().addBatchObservableCallback(callback, observables);
  return () => meter().removeBatchObservableCallback(callback, observables);
}
