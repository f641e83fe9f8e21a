import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createTestDatabase,
  freePort,
  openStream,
  startTestPostgres,
  type TestDatabase,
  type TestPostgres,
} from '@souk/testkit';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from './support/api.js';
import { answers, ROOT, sleep, waitFor } from './support/system.js';

// Two product instances behind the gateway, found through the registry, as the launcher runs
// them but with a second replica; pg-boss is the broker (no RabbitMQ needed). One instance gets
// SIGTERM under load: not one request may fail. Then the gateway, holding an open event stream,
// gets SIGTERM: the stream ends with a retry hint and the gateway exits 0 right after.

interface Service {
  name: string;
  child: ChildProcess;
  lines: Array<{ msg?: string; statusCode?: number; at: number }>;
  exit: Promise<number | null>;
}

describe('graceful shutdown', () => {
  const services: Service[] = [];
  const databases: TestDatabase[] = [];
  let postgres: TestPostgres;
  let uploadDir: string;
  let api: ApiClient;
  let gatewayUrl = '';
  let registryUrl = '';
  let adminToken = '';
  let output = '';
  const admin = { email: 'ops@example.com', password: 'a strong admin passphrase' };

  beforeAll(async () => {
    postgres = await startTestPostgres();
    uploadDir = await mkdtemp(path.join(tmpdir(), 'souk-shutdown-uploads-'));
    const database = async (label: string) => {
      const created = await createTestDatabase(postgres.url, `shutdown_${label}`);
      databases.push(created);
      return created.url;
    };
    const [authDb, productDb, notificationDb, brokerDb] = await Promise.all(
      ['auth', 'product', 'notification', 'broker'].map(database),
    );
    const names = ['registry', 'auth', 'product-1', 'product-2', 'notification', 'gateway'];
    const ports = Object.fromEntries(
      await Promise.all(names.map(async (name) => [name, await freePort()] as const)),
    );
    registryUrl = `http://127.0.0.1:${ports.registry}`;
    gatewayUrl = `http://127.0.0.1:${ports.gateway}`;
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const common = {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      REGISTRY_URL: registryUrl,
      REGISTRY_TOKEN: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'info',
    };

    start('registry', 'registry', { ...common, PORT: String(ports.registry) });
    await ready(registryUrl, 'registry');
    start('auth', 'auth', {
      ...common,
      PORT: String(ports.auth),
      DATABASE_URL: authDb!,
      BROKER_URL: brokerDb!,
      AUTH_PRIVATE_JWK: JSON.stringify({ ...(await exportJWK(privateKey)), alg: 'EdDSA' }),
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
    });
    for (const name of ['product-1', 'product-2']) {
      // The default drain (5 s), as in production.
      const own = {
        PORT: String(ports[name]),
        INSTANCE_ID: name,
        DATABASE_URL: productDb!,
        BROKER_URL: brokerDb!,
        UPLOAD_DIR: uploadDir,
        DEMO_CATALOG: 'false',
      };
      start(name, 'product', { ...common, ...own });
    }
    start('notification', 'notification', {
      ...common,
      PORT: String(ports.notification),
      DATABASE_URL: notificationDb!,
      BROKER_URL: brokerDb!,
    });
    start('gateway', 'gateway', {
      ...common,
      PORT: String(ports.gateway),
      BROKER_URL: brokerDb!,
      // Every read goes to an instance, none is answered from the gateway's cache.
      CATALOG_CACHE_TTL_MS: '0',
      RATE_LIMIT_MAX: '1000000',
      SHUTDOWN_DRAIN_MS: '2000',
    });
    for (const name of names) await ready(`http://127.0.0.1:${ports[name]}`, name);
    api = apiClient(gatewayUrl);
    adminToken = await api.login(admin.email, admin.password);
    const both = await waitFor(async () => (await productInstances()).length === 2, 15_000, 200);
    if (!both) throw new Error(`both product instances never registered. Output:\n${output}`);
  });

  afterAll(async () => {
    await Promise.all(
      services.map(async ({ child, exit }) => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exit;
        clearTimeout(timer);
      }),
    );
    for (const database of databases) await database.drop().catch(() => {});
    await postgres?.stop();
    if (uploadDir) await rm(uploadDir, { recursive: true, force: true });
  });

  function start(name: string, service: string, env: Record<string, string>): Service {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'services', service, 'dist', 'main.js')],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const entry: Service = {
      name,
      child,
      lines: [],
      exit: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    };
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => {
      partial += chunk.toString();
      const complete = partial.split('\n');
      partial = complete.pop()!;
      for (const line of complete) {
        output += `[${name}] ${line}\n`;
        try {
          entry.lines.push({
            ...(JSON.parse(line) as { msg?: string; statusCode?: number }),
            at: Date.now(),
          });
        } catch {
          // not a log line
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += `[${name}] ${chunk.toString()}`));
    services.push(entry);
    return entry;
  }

  async function ready(url: string, name: string): Promise<void> {
    if (!(await waitFor(() => answers(`${url}/health/ready`), 60_000, 250)))
      throw new Error(`${name} did not become ready. Output:\n${output}`);
  }

  async function productInstances(): Promise<string[]> {
    const response = await fetch(`${registryUrl}/registry/services/product`);
    if (response.status !== 200) return [];
    return ((await response.json()) as { instances: Array<{ instanceId: string }> }).instances.map(
      (instance) => instance.instanceId,
    );
  }

  const service = (name: string) => services.find((entry) => entry.name === name)!;
  const completedRequests = (name: string, since = 0) =>
    service(name).lines.filter((line) => line.msg === 'request completed' && line.at >= since)
      .length;

  it('when one of two product instances gets SIGTERM under load, then no request fails and it exits 0', async () => {
    const categoryId = (
      await api.post('/api/categories', { token: adminToken, body: { name: 'Shutdown' } })
    ).body.id as string;
    const productId = (
      await api.post('/api/products', {
        token: adminToken,
        body: {
          name: 'Brass lantern',
          description: 'Hand-cut.',
          price: 4500,
          stock: 5,
          categoryId,
        },
      })
    ).body.id as string;

    const failures: string[] = [];
    let requests = 0;
    let writes = 0;
    let loading = true;
    const record = async (
      what: string,
      send: () => Promise<{ status: number }>,
      expected: number,
    ) => {
      try {
        const { status } = await send();
        if (status !== expected) failures.push(`${what}: ${status}`);
      } catch (error) {
        failures.push(`${what}: ${(error as Error).message}`);
      }
      requests += 1;
    };
    const readers = Array.from({ length: 6 }, async (_unused, index) => {
      while (loading) {
        if (index % 2 === 0) await record('GET /api/products', () => api.get('/api/products'), 200);
        else
          await record(
            `GET /api/products/${productId}`,
            () => api.get(`/api/products/${productId}`),
            200,
          );
      }
    });
    const writer = (async () => {
      while (loading) {
        writes += 1;
        const body = {
          name: `Lantern ${writes}`,
          description: 'Written during a shutdown.',
          price: 100 + writes,
          stock: 1,
          categoryId,
        };
        await record(
          'POST /api/products',
          () => api.post('/api/products', { token: adminToken, body }),
          201,
        );
        await sleep(50);
      }
    })();

    // Both instances serve the load before one is told to stop.
    const sharing = await waitFor(
      () => completedRequests('product-1') > 20 && completedRequests('product-2') > 20,
      30_000,
      100,
    );
    expect(sharing, 'both instances served requests').toBeTruthy();
    const stopping = service('product-2');
    const signalledAt = Date.now();
    stopping.child.kill('SIGTERM');
    const code = await Promise.race([stopping.exit, sleep(20_000).then(() => 'still running')]);
    // A little more load once it is gone, on the remaining instance alone.
    const afterExit = requests;
    await waitFor(() => requests > afterExit + 50, 10_000, 50);
    loading = false;
    await Promise.all([...readers, writer]);

    expect(code).toBe(0);
    expect(failures).toEqual([]);
    // It went on serving while it drained, instead of refusing at once.
    expect(completedRequests('product-2', signalledAt)).toBeGreaterThan(0);
    expect(await productInstances()).toEqual(['product-1']);
    expect(writes).toBeGreaterThan(5);
  });

  it('when the gateway gets SIGTERM with an event stream open, then the stream ends with a retry hint and the gateway exits 0 at once', async () => {
    const stream = await openStream(`${gatewayUrl}/api/notifications/stream`, adminToken);
    expect(stream.status).toBe(200);
    // The notification service's first field is its usual retry hint.
    await stream.next((message) => message.retry === 3_000);
    const gateway = service('gateway');
    gateway.child.kill('SIGTERM');

    const hint = await stream.next((message) => message.retry !== undefined, 10_000);
    expect(hint.retry).toBeGreaterThanOrEqual(1_000);
    expect(hint.retry).toBeLessThanOrEqual(3_000);
    await stream.ended(2_000);
    const endedAt = Date.now();
    const code = await Promise.race([gateway.exit, sleep(5_000).then(() => 'still running')]);
    expect(code).toBe(0);
    expect(Date.now() - endedAt).toBeLessThan(3_000);
  });
});
