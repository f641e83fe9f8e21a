// Checkout throughput on the embedded default: N simulated clients each loop place order ->
// wait for AWAITING_PAYMENT -> pay -> wait for PAID, through the gateway, for a fixed time. Like
// the web app, a client learns about status changes from its live notification stream (server-sent
// events through the gateway), not by polling. Prints paid orders per second, placing-to-PAID
// latency, where the time goes per step, and the CPU each process used.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { openStream, type StreamClient } from '@souk/testkit';
import pg from 'pg';
import { apiClient } from '../e2e/support/api.js';
import { startSystem } from '../e2e/support/system.js';
import { cpuTicks, processTree, table } from './support.js';

const clientsCount = Number(process.env.BENCH_CLIENTS ?? 20);
const seconds = Number(process.env.BENCH_SECONDS ?? 30);
// How many products the orders spread over: a shop's many products by default, 1 for a flash
// sale where every order takes the same product row's lock.
const productsCount = Number(process.env.BENCH_PRODUCTS ?? 40);
// BENCH_PG_STATS=1: also print what PostgreSQL ran (pg_stat_statements), per database.
const statementStats = process.env.BENCH_PG_STATS === '1';

const system = await startSystem({
  env: {
    GATEWAY_RATE_LIMIT_MAX: '0',
    GATEWAY_LOGIN_RATE_LIMIT_MAX: '100000',
    // Every simulated client is on this machine: its requests and streams share one IP.
    GATEWAY_MAX_REQUESTS_PER_IP: '0',
    GATEWAY_MAX_STREAMS_PER_IP: '0',
    AUTH_LOGIN_MAX_FAILURES_PER_IP: '100000',
    PRODUCT_DEMO_CATALOG: 'false',
    LOG_LEVEL: 'warn',
    SOUK_PG_STATEMENT_STATS: String(statementStats),
  },
});
const api = apiClient(system.gatewayUrl);
const address = {
  fullName: 'Bench Client',
  line1: '1 rue de la Paix',
  city: 'Marrakech',
  postalCode: '40000',
  country: 'MA',
};
const card = {
  number: '4242424242424242',
  expMonth: 12,
  expYear: new Date().getFullYear() + 2,
  cvc: '123',
  holderName: 'Bench Client',
};

interface Checkout {
  place: number;
  reserve: number;
  pay: number;
  settle: number;
  total: number;
}

try {
  const adminToken = await api.login(system.admin.email, system.admin.password);
  const categoryId = (
    await api.post('/api/categories', { token: adminToken, body: { name: 'Bench' } })
  ).body.id;
  const productIds: string[] = [];
  for (let i = 0; i < productsCount; i++) {
    const body = {
      name: `Bench tea ${i + 1}`,
      description: 'For load.',
      price: 4500 + i * 100,
      stock: 1_000_000,
      categoryId,
    };
    productIds.push((await api.post('/api/products', { token: adminToken, body })).body.id);
  }
  const clients = await Promise.all(
    Array.from({ length: clientsCount }, (_, i) => api.register(`bench${i}`)),
  );

  const streams = new Map<string, StreamClient>();
  for (const client of clients) {
    const stream = await openStream(
      `${system.gatewayUrl}/api/notifications/stream?access_token=${client.token}`,
    );
    if (stream.status !== 200) throw new Error(`stream: ${stream.status}`);
    streams.set(client.token, stream);
  }
  /** Waits for the notification of `kind` about `orderId` on the client's stream. */
  const notified = (stream: StreamClient, kind: string, orderId: string) =>
    stream.next(
      (message) =>
        message.event === 'notification' &&
        message.data.kind === kind &&
        message.data.params.orderId === orderId,
      30_000,
    );

  async function checkout(token: string): Promise<Checkout> {
    const stream = streams.get(token)!;
    const t0 = performance.now();
    const placed = await api.post('/api/orders', {
      token,
      body: {
        items: [
          { productId: productIds[Math.floor(Math.random() * productIds.length)]!, quantity: 1 },
        ],
        shippingAddress: address,
      },
      headers: { 'idempotency-key': randomUUID() },
    });
    if (placed.status !== 201)
      throw new Error(`place: ${placed.status} ${JSON.stringify(placed.body)}`);
    const t1 = performance.now();
    await notified(stream, 'order.awaiting_payment', placed.body.id);
    const t2 = performance.now();
    const paid = await api.post('/api/payments', {
      token,
      body: { orderId: placed.body.id, card },
      headers: { 'idempotency-key': randomUUID() },
    });
    if (paid.body?.status !== 'SUCCEEDED')
      throw new Error(`pay: ${paid.status} ${JSON.stringify(paid.body)}`);
    const t3 = performance.now();
    await notified(stream, 'order.paid', placed.body.id);
    const t4 = performance.now();
    return { place: t1 - t0, reserve: t2 - t1, pay: t3 - t2, settle: t4 - t3, total: t4 - t0 };
  }

  // Warm up (JIT, pools, caches), then measure.
  await Promise.all(clients.map((client) => checkout(client.token)));
  if (statementStats) await resetStatementStats(await system.databaseServerUrl());
  const cpuBefore = await cpuByService(system.services, system.launcherPid);
  const done: Checkout[] = [];
  const failures: string[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < deadline) {
        try {
          done.push(await checkout(client.token));
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const statements = statementStats
    ? await readStatementStats(await system.databaseServerUrl())
    : undefined;
  const cpuAfter = await cpuByService(system.services, system.launcherPid);

  const percentile = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return Math.round(
      sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0,
    );
  };
  for (const stream of streams.values()) stream.close();
  console.log(
    `\nCheckout: ${clientsCount} clients, orders spread over ${productsCount} product(s), ${elapsed.toFixed(1)} s\n`,
  );
  console.log(
    `paid orders: ${done.length} (${(done.length / elapsed).toFixed(1)} per second), failures: ${failures.length}`,
  );
  console.log(
    `placing -> PAID: p50 ${percentile(
      done.map((c) => c.total),
      50,
    )} ms, p99 ${percentile(
      done.map((c) => c.total),
      99,
    )} ms\n`,
  );
  console.log(
    table(
      (['place', 'reserve', 'pay', 'settle'] as const).map((step) => ({
        step: {
          place: 'POST /api/orders',
          reserve: 'order.placed -> AWAITING_PAYMENT',
          pay: 'POST /api/payments',
          settle: 'payment.succeeded -> PAID',
        }[step],
        'p50 ms': percentile(
          done.map((c) => c[step]),
          50,
        ),
        'p99 ms': percentile(
          done.map((c) => c[step]),
          99,
        ),
      })),
    ),
  );
  console.log('\nCPU seconds used during the measured run:\n');
  console.log(
    table(
      Object.keys(cpuAfter).map((name) => ({
        process: name,
        'cpu s': ((cpuAfter[name]! - (cpuBefore[name] ?? 0)) / 100).toFixed(1),
      })),
    ),
  );
  if (statements) {
    const paid = Math.max(1, done.length);
    console.log(
      '\nPostgreSQL statements during the measured run, per database (BENCH_PG_STATS=1):\n',
    );
    console.log(
      table(
        statements.byDatabase.map((row) => ({
          database: row.database,
          statements: row.calls,
          'per paid order': (row.calls / paid).toFixed(1),
          'executing ms': row.execMs.toFixed(0),
          'planning ms': row.planMs.toFixed(0),
        })),
      ),
    );
    console.log('\nMost expensive statements (executing + planning):\n');
    console.log(
      table(
        statements.top.map((row) => ({
          database: row.database,
          calls: row.calls,
          ms: row.ms.toFixed(0),
          statement: row.query,
        })),
      ),
    );
  }
  if (failures.length > 0) console.log(`\nfirst failures:\n${failures.slice(0, 5).join('\n')}`);
} finally {
  await system.stop();
}

/** CPU ticks per service process, and for the embedded PostgreSQL's processes together. */
async function cpuByService(
  services: Record<string, { pid: number }>,
  launcherPid: number,
): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const [name, { pid }] of Object.entries(services)) result[name] = await cpuTicks(pid);
  let postgres = 0;
  for (const pid of await processTree(launcherPid)) {
    const comm = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim();
    if (comm === 'postgres') postgres += await cpuTicks(pid);
  }
  result.postgres = postgres;
  result.launcher = await cpuTicks(launcherPid);
  return result;
}

async function resetStatementStats(serverUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.query('SELECT pg_stat_statements_reset()');
  } finally {
    await client.end();
  }
}

async function readStatementStats(serverUrl: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const byDatabase = await client.query<{
      database: string;
      calls: string;
      exec_ms: number;
      plan_ms: number;
    }>(`
      SELECT d.datname AS database, sum(s.calls) AS calls, sum(s.total_exec_time)::float8 AS exec_ms, sum(s.total_plan_time)::float8 AS plan_ms
      FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname LIKE 'souk_%' GROUP BY 1 ORDER BY 2 DESC`);
    const top = await client.query<{ database: string; calls: string; ms: number; query: string }>(`
      SELECT d.datname AS database, s.calls, (s.total_exec_time + s.total_plan_time)::float8 AS ms, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 90) AS query
      FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname LIKE 'souk_%' ORDER BY 3 DESC LIMIT 12`);
    return {
      byDatabase: byDatabase.rows.map((row) => ({
        database: row.database,
        calls: Number(row.calls),
        execMs: row.exec_ms,
        planMs: row.plan_ms,
      })),
      top: top.rows.map((row) => ({ ...row, calls: Number(row.calls) })),
    };
  } finally {
    await client.end();
  }
}
