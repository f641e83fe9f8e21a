import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { APPLICATION_SERVICES } from '@souk/contracts';
import {
  createTestDatabase,
  freePort,
  startTestPostgres,
  type TestDatabase,
  type TestPostgres,
} from '@souk/testkit';
import amqp from 'amqplib';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually, type ApiClient } from './support/api.js';
import { answers, ROOT, waitFor } from './support/system.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

// Production mode, as deploy/k8s runs it but on one machine: every service its own process with
// its own DATABASE_URL, RabbitMQ as the broker, static discovery (no registry), the signing key
// from AUTH_PRIVATE_JWK, and traces exported over OTLP/HTTP to a collector (here, this test).
// Needs RabbitMQ: runs when AMQP_URL is set (CI sets it).

const SERVICES = APPLICATION_SERVICES;

interface ExportedSpan {
  service: string;
  traceId: string;
  name: string;
}

describe.runIf(process.env.AMQP_URL)(
  'production mode: RabbitMQ, a database per service, static discovery, OTLP traces',
  () => {
    const children: ChildProcess[] = [];
    const databases: TestDatabase[] = [];
    const spans: ExportedSpan[] = [];
    let postgres: TestPostgres;
    let collector: Server;
    let uploadDir: string;
    let api: ApiClient;
    let broker: TcpProxy;
    let ports: Record<string, number>;
    let output = '';
    const admin = { email: 'ops@example.com', password: 'a strong admin passphrase' };

    beforeAll(async () => {
      await deleteServiceQueues();
      postgres = await startTestPostgres();
      uploadDir = await mkdtemp(path.join(tmpdir(), 'souk-prod-uploads-'));
      const collectorPort = await freePort();
      collector = await startCollector(collectorPort, spans);
      ports = Object.fromEntries(
        await Promise.all(
          [...SERVICES, 'gateway'].map(async (name) => [name, await freePort()] as const),
        ),
      );
      // The services reach RabbitMQ through a relay the outage test cuts.
      const amqpUrl = new URL(process.env.AMQP_URL!);
      broker = await startTcpProxy({ host: amqpUrl.hostname, port: Number(amqpUrl.port || 5672) });
      amqpUrl.host = `127.0.0.1:${broker.port}`;
      const serviceUrls = SERVICES.map((name) => `${name}=http://127.0.0.1:${ports[name]}`).join(
        ',',
      );
      const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
      const privateJwk = JSON.stringify({ ...(await exportJWK(privateKey)), alg: 'EdDSA' });

      const common = {
        PATH: process.env.PATH ?? '',
        HOST: '127.0.0.1',
        DISCOVERY: 'static',
        SERVICE_URLS: serviceUrls,
        BROKER_URL: amqpUrl.toString(),
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collectorPort}`,
        LOG_LEVEL: 'warn',
      };
      for (const name of SERVICES) {
        const database = await createTestDatabase(postgres.url, `prod_${name}`);
        databases.push(database);
        const own: Record<string, string> = {
          PORT: String(ports[name]),
          DATABASE_URL: database.url,
          INSTANCE_ID: `${name}-1`,
        };
        if (name === 'auth')
          Object.assign(own, {
            AUTH_PRIVATE_JWK: privateJwk,
            ADMIN_EMAIL: admin.email,
            ADMIN_PASSWORD: admin.password,
          });
        if (name === 'product')
          Object.assign(own, { UPLOAD_DIR: uploadDir, DEMO_CATALOG: 'false' });
        children.push(start(name, { ...common, ...own }));
      }
      children.push(
        start('gateway', { ...common, PORT: String(ports.gateway), INSTANCE_ID: 'gateway-1' }),
      );
      for (const name of [...SERVICES, 'gateway']) {
        const ready = await waitFor(
          () => answers(`http://127.0.0.1:${ports[name]}/health/ready`),
          60_000,
          250,
        );
        if (!ready) throw new Error(`${name} did not become ready. Output:\n${output}`);
      }
      api = apiClient(`http://127.0.0.1:${ports.gateway}`);
    });

    afterAll(async () => {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
            }),
        ),
      );
      collector?.close();
      await broker?.close();
      for (const database of databases) await database.drop().catch(() => {});
      await postgres?.stop();
      if (uploadDir) await rm(uploadDir, { recursive: true, force: true });
      await deleteServiceQueues();
    });

    function start(name: string, env: Record<string, string>): ChildProcess {
      const child = spawn(
        process.execPath,
        [path.join(ROOT, 'services', name, 'dist', 'main.js')],
        { env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child.stdout.on('data', (chunk: Buffer) => (output += `[${name}] ${chunk.toString()}`));
      child.stderr.on('data', (chunk: Buffer) => (output += `[${name}] ${chunk.toString()}`));
      return child;
    }

    /** A product in a new category, created by the admin. */
    async function createProduct(
      category: string,
      body: { name: string; price: number; stock: number },
    ): Promise<string> {
      const adminToken = await api.login(admin.email, admin.password);
      const categoryId = (
        await api.post('/api/categories', { token: adminToken, body: { name: category } })
      ).body.id;
      const product = await api.post('/api/products', {
        token: adminToken,
        body: { ...body, description: `${body.name}, made by hand.`, categoryId },
      });
      expect(product.status).toBe(201);
      return product.body.id as string;
    }

    function placeOrder(token: string, productId: string, quantity: number) {
      return api.post('/api/orders', {
        token,
        body: {
          items: [{ productId, quantity }],
          shippingAddress: {
            fullName: 'Nadia',
            line1: '1 av. Hassan II',
            city: 'Rabat',
            postalCode: '10000',
            country: 'MA',
          },
        },
        headers: { 'idempotency-key': randomUUID() },
      });
    }

    function payOrder(token: string, orderId: string) {
      return api.post('/api/payments', {
        token,
        body: {
          orderId,
          card: {
            number: '4242424242424242',
            expMonth: 1,
            expYear: new Date().getFullYear() + 3,
            cvc: '999',
            holderName: 'Nadia',
          },
        },
        headers: { 'idempotency-key': randomUUID() },
      });
    }

    it('a checkout completes over RabbitMQ, and one trace follows the order from the gateway through the services and the bus', async () => {
      const productId = await createProduct('Production', {
        name: 'Mint tea glasses',
        price: 9900,
        stock: 20,
      });
      const client = await api.register('prod');
      const placed = await placeOrder(client.token, productId, 2);
      expect(placed.status).toBe(201);
      const orderId = placed.body.id as string;
      await eventually(
        async () =>
          (await api.get(`/api/orders/${orderId}`, { token: client.token })).body.status ===
          'AWAITING_PAYMENT',
        'AWAITING_PAYMENT',
        30_000,
      );
      const payment = await payOrder(client.token, orderId);
      expect(payment.body.status).toBe('SUCCEEDED');
      await eventually(
        async () =>
          (await api.get(`/api/orders/${orderId}`, { token: client.token })).body.status === 'PAID',
        'PAID',
        30_000,
      );
      await eventually(
        async () =>
          (await api.get('/api/notifications', { token: client.token })).body.items.some(
            (item: { kind: string }) => item.kind === 'order.paid',
          ),
        'the order.paid notification',
        30_000,
      );

      // The trace of POST /api/orders: gateway -> order -> (order.placed over RabbitMQ) -> product
      // -> (stock.reserved) -> order, with notification consuming too.
      const trace = await eventually(
        async () => {
          const placeSpan = spans.find(
            (span) => span.service === 'order' && span.name === 'POST /api/orders',
          );
          if (!placeSpan) return undefined;
          const services = new Set(
            spans.filter((span) => span.traceId === placeSpan.traceId).map((span) => span.service),
          );
          return ['gateway', 'order', 'product', 'notification'].every((service) =>
            services.has(service),
          )
            ? { traceId: placeSpan.traceId, services }
            : undefined;
        },
        'one trace across gateway, order, product and notification',
        30_000,
        500,
      ).catch((error: Error) => {
        const seen = [...new Set(spans.map((span) => `${span.service}: ${span.name}`))]
          .slice(0, 60)
          .join('\n');
        throw new Error(`${error.message}\nSpans received:\n${seen}`);
      });
      const names = spans
        .filter((span) => span.traceId === trace.traceId)
        .map((span) => `${span.service}: ${span.name}`);
      expect(names).toEqual(
        expect.arrayContaining(['product: consume order.placed', 'order: consume stock.reserved']),
      );
    });

    it('when the broker is unreachable, then the shop keeps serving and orders wait; when it is back, every order completes and no event is lost', async () => {
      const productId = await createProduct('Outage', {
        name: 'Brass lantern',
        price: 25000,
        stock: 30,
      });
      const client = await api.register('outage');

      await broker.cut();
      // Every service notices (its readiness names the broker) and stays ready: nothing is taken out of service.
      for (const name of [...SERVICES, 'gateway']) {
        const health = await eventually(
          async () => {
            const response = await fetch(`http://127.0.0.1:${ports[name]}/health/ready`);
            const body = (await response.json()) as {
              status: string;
              checks: Record<string, string>;
            };
            return body.checks.broker !== 'ok' ? { code: response.status, body } : undefined;
          },
          `${name} to notice the broker is gone`,
          30_000,
          250,
        );
        expect(health.code, name).toBe(200);
        expect(health.body.status, name).toBe('degraded');
      }

      expect((await api.get('/api/products')).status).toBe(200);
      expect((await api.get(`/api/products/${productId}`)).status).toBe(200);
      expect(
        (
          await api.put(`/api/cart/items/${productId}`, {
            token: client.token,
            body: { quantity: 1 },
          })
        ).status,
      ).toBe(200);
      expect((await api.get('/api/cart', { token: client.token })).status).toBe(200);
      const orderIds: string[] = [];
      for (let index = 0; index < 3; index += 1) {
        const placed = await placeOrder(client.token, productId, 1);
        expect(placed.status).toBe(201);
        expect(placed.body.status).toBe('PENDING');
        orderIds.push(placed.body.id);
      }
      // Still waiting: nothing could cross the bus.
      for (const orderId of orderIds)
        expect((await api.get(`/api/orders/${orderId}`, { token: client.token })).body.status).toBe(
          'PENDING',
        );

      await broker.restore();
      for (const orderId of orderIds) {
        await eventually(
          async () =>
            (await api.get(`/api/orders/${orderId}`, { token: client.token })).body.status ===
            'AWAITING_PAYMENT',
          `order ${orderId} AWAITING_PAYMENT`,
          60_000,
          250,
        );
        const payment = await payOrder(client.token, orderId);
        expect(payment.body.status).toBe('SUCCEEDED');
      }
      for (const orderId of orderIds) {
        await eventually(
          async () =>
            (await api.get(`/api/orders/${orderId}`, { token: client.token })).body.status ===
            'PAID',
          `order ${orderId} PAID`,
          30_000,
          250,
        );
      }
      // The client's profile (auth.user.registered) and every order's notifications arrived.
      await eventually(
        async () => (await api.get('/api/clients/me', { token: client.token })).status === 200,
        'the client profile',
        30_000,
        250,
      );
      await eventually(
        async () => {
          const { items } = (
            await api.get('/api/notifications?pageSize=50', { token: client.token })
          ).body as { items: Array<{ kind: string; link?: string }> };
          return orderIds.every((orderId) =>
            items.some((item) => item.kind === 'order.paid' && item.link?.includes(orderId)),
          );
        },
        'an order.paid notification for every order',
        30_000,
        250,
      );
      expect((await api.get(`/api/products/${productId}`)).body.stock).toBe(27);
    });
  },
);

/** A minimal OTLP/HTTP (JSON) trace receiver, recording service name, trace id and span name. */
function startCollector(port: number, spans: ExportedSpan[]): Promise<Server> {
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      try {
        const payload = JSON.parse(body) as { resourceSpans?: any[] };
        for (const resourceSpan of payload.resourceSpans ?? []) {
          const service = resourceSpan.resource?.attributes?.find(
            (attribute: any) => attribute.key === 'service.name',
          )?.value?.stringValue;
          for (const scope of resourceSpan.scopeSpans ?? []) {
            for (const span of scope.spans ?? [])
              spans.push({ service, traceId: span.traceId, name: span.name });
          }
        }
      } catch {
        // not JSON (e.g. protobuf): ignore
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/** The services' queues on the shared RabbitMQ, emptied before and after so runs never mix. */
async function deleteServiceQueues(): Promise<void> {
  const connection = await amqp.connect(process.env.AMQP_URL!);
  const channel = await connection.createChannel();
  for (const name of [...SERVICES, 'gateway']) {
    for (const suffix of ['', '.dlq', '.retry.1', '.retry.2', '.retry.3', '.retry.4'])
      await channel.deleteQueue(`souk.quorum.${name}${suffix}`).catch(() => {});
  }
  await connection.close().catch(() => {});
}
