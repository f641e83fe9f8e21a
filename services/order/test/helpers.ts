import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createBroker,
  createLogger,
  createStaticDiscovery,
  createTokenVerifier,
  loadConfig,
  type App,
  type Broker,
  type EventEnvelope,
  recordingBroker,
} from '@souk/platform';
import type { EventMap } from '@souk/contracts';
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
import pg from 'pg';
import { vi } from 'vitest';
import {
  buildApp as buildProductApp,
  configSchema as productConfigSchema,
} from '@souk/product-service';
import { buildApp } from '../src/app.js';
import { configSchema } from '../src/config.js';

const logLevel = process.env.TEST_LOG_LEVEL ?? 'silent';
const logger = createLogger({ name: 'order-test', level: logLevel });

export const ADDRESS = {
  fullName: 'Amina El Idrissi',
  line1: '12 rue des Orangers',
  city: 'Rabat',
  postalCode: '10000',
  country: 'MA',
};

// ---------- The real product service, listening on 127.0.0.1 ----------

export interface CatalogEntry {
  id: string;
  name: string;
  price: number;
  currency: string;
  stock: number;
}

export interface ProductPeer {
  url: string;
  addProduct(input: {
    name: string;
    price: number;
    stock?: number;
    currency?: string;
  }): Promise<CatalogEntry>;
  changeProduct(
    id: string,
    changes: { name?: string; price?: number; stock?: number },
  ): Promise<CatalogEntry>;
  deleteProduct(id: string): Promise<void>;
  read(id: string): Promise<CatalogEntry>;
  close(): Promise<void>;
}

/**
 * The product app in-process on its own database. By default its broker is its own database too, so
 * it never sees the order events (tests then play the stock events by hand); given `brokerUrl`
 * (the order service's broker), the real saga runs between the two services.
 */
export async function startProductPeer(
  keys: TestKeys,
  options: { brokerUrl?: string } = {},
): Promise<ProductPeer> {
  const database = await createTestDatabase(testDatabaseServerUrl(), 'order_peer_product');
  const uploadDir = await mkdtemp(path.join(tmpdir(), 'souk-order-test-uploads-'));
  const brokerUrl = options.brokerUrl ?? database.url;
  const broker = createBroker(brokerUrl, { logger, service: 'product' });
  const config = loadConfig(productConfigSchema, {
    DATABASE_URL: database.url,
    BROKER_URL: brokerUrl,
    UPLOAD_DIR: uploadDir,
    DEMO_CATALOG: 'false',
    DISCOVERY: 'static',
    LOG_LEVEL: logLevel,
  });
  const verifier = createTokenVerifier({
    loadKeySet: async () => keys.jwks,
    issuer: TEST_ISSUER,
    audience: TEST_AUDIENCE,
  });
  const app = await buildProductApp(config, logger, { verifier, broker });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const admin = await keys.sign({ roles: ['ADMIN', 'CLIENT'] });
  const asAdmin = async (options: InjectOptions & { url: string }, expected: number) => {
    const response = await app.inject({
      ...options,
      headers: { authorization: `Bearer ${admin}` },
    });
    if (response.statusCode !== expected)
      throw new Error(`${options.method} ${options.url}: ${response.statusCode} ${response.body}`);
    return response.statusCode === 204 ? undefined : response.json();
  };
  const category = await asAdmin(
    { method: 'POST', url: '/api/categories', payload: { name: 'Pantry' } },
    201,
  );
  const toEntry = (product: any): CatalogEntry => ({
    id: product.id,
    name: product.name,
    price: product.price,
    currency: product.currency,
    stock: product.stock,
  });

  return {
    url,
    async addProduct(input) {
      const payload = {
        description: `${input.name}, from the souk.`,
        stock: 10,
        categoryId: category.id,
        ...input,
      };
      return toEntry(await asAdmin({ method: 'POST', url: '/api/products', payload }, 201));
    },
    async changeProduct(id, changes) {
      return toEntry(
        await asAdmin({ method: 'PATCH', url: `/api/products/${id}`, payload: changes }, 200),
      );
    },
    async read(id) {
      return toEntry((await app.inject({ method: 'GET', url: `/api/products/${id}` })).json());
    },
    async deleteProduct(id) {
      await asAdmin({ method: 'DELETE', url: `/api/products/${id}` }, 204);
    },
    async close() {
      await app.close();
      await broker.stop();
      await database.drop();
      await rm(uploadDir, { recursive: true, force: true });
    },
  };
}

// ---------- The order service under test ----------

export interface Caller {
  userId: string;
  token: string;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export interface OrderService {
  app: App;
  database: TestDatabase;
  /** Every envelope the order service's outbox relay handed to the broker, in order. */
  published: EventEnvelope[];
  /** A new client (random user id) or admin with a signed token. */
  client(): Promise<Caller>;
  admin(): Promise<Caller>;
  /** Publishes a hand-made event on the broker, as a peer service would; returns the envelope. */
  deliver<K extends keyof EventMap>(
    type: K,
    data: EventMap[K],
    id?: string,
  ): Promise<EventEnvelope>;
  /** Waits (bounded) until `check` passes. */
  eventually<T>(check: () => Promise<T> | T, timeout?: number): Promise<T>;
  /** Envelopes of `type` published for this order. */
  eventsFor(orderId: string, type?: string): EventEnvelope[];
  /** Runs SQL on the order service's database (to look at what it stored). */
  query<R extends Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
  /** Places an order as `caller` and returns the 201 body. */
  placeOrder(caller: Caller, items: Array<{ productId: string; quantity: number }>): Promise<any>;
  /** Waits until the order service has handled (or skipped as a duplicate) this event. */
  handled(envelope: EventEnvelope): Promise<void>;
  /**
   * Waits until everything the service wrote to its outbox before now has been published (and
   * recorded), so a test can check that nothing more went out. A marker event (a charge for an
   * order nobody knows) goes through the same consumer, outbox and relay after the events under
   * test; the service answers it with order.refund_requested, and the relay publishes outbox rows
   * in the order they were written: once the answer is recorded, whatever came before it is too.
   */
  settled(): Promise<void>;
  /** The order's status as stored. */
  statusOf(orderId: string): Promise<string | undefined>;
  /** Drives an order from where it is along the saga with real events (stock.reserved, payment.succeeded) and admin calls. */
  bringTo(
    order: { id: string; userId: string; total: number; currency: string; items: any[] },
    status: 'AWAITING_PAYMENT' | 'PAID' | 'SHIPPED' | 'DELIVERED',
  ): Promise<string | undefined>;
  /** Builds another instance of the service on the same database and broker (what it publishes is recorded too). */
  startAnotherInstance(): Promise<App>;
  close(): Promise<void>;
}

export const card = { brand: 'visa', last4: '4242' };

export async function startOrderService(
  label: string,
  keys: TestKeys,
  productUrl: string,
  env: Record<string, string> = {},
  options: { brokerDatabase?: TestDatabase } = {},
): Promise<OrderService> {
  const server = testDatabaseServerUrl();
  const database = await createTestDatabase(server, `order_${label}`);
  const brokerDatabase =
    options.brokerDatabase ?? (await createTestDatabase(server, `order_${label}_broker`));
  const published: EventEnvelope[] = [];
  const brokers: Broker[] = [];
  const apps: App[] = [];
  const producer = createBroker(brokerDatabase.url, { logger, service: 'test-peer' });
  const config = loadConfig(configSchema, {
    DATABASE_URL: database.url,
    BROKER_URL: brokerDatabase.url,
    DISCOVERY: 'static',
    LOG_LEVEL: logLevel,
    ...env,
  });
  const verifier = createTokenVerifier({
    loadKeySet: async () => keys.jwks,
    issuer: TEST_ISSUER,
    audience: TEST_AUDIENCE,
  });
  const startInstance = async () => {
    const broker = recordingBroker(
      createBroker(brokerDatabase.url, { logger, service: 'order' }),
      published,
    );
    brokers.push(broker);
    const instance = await buildApp(config, logger, {
      verifier,
      broker,
      discovery: createStaticDiscovery(`product=${productUrl}`),
    });
    apps.push(instance);
    return instance;
  };
  const app = await startInstance();
  await producer.start();
  const inspector = new pg.Pool({ connectionString: database.url, max: 2 });
  // A connection cut while the pool ends (the database is dropped with FORCE) must not crash the run.
  inspector.on('error', () => {});

  const caller = async (roles: string[]): Promise<Caller> => {
    const userId = randomUUID();
    const token = await keys.sign({ sub: userId, roles });
    return {
      userId,
      token,
      request: (options) =>
        app.inject({
          ...options,
          headers: { ...options.headers, authorization: `Bearer ${token}` },
        }),
    };
  };
  const eventually = <T>(check: () => Promise<T> | T, timeout = 10_000) =>
    vi.waitFor(check, { timeout, interval: 50 });

  const service: OrderService = {
    app,
    database,
    published,
    client: () => caller(['CLIENT']),
    admin: () => caller(['ADMIN', 'CLIENT']),
    async deliver(type, data, id = randomUUID()) {
      const envelope: EventEnvelope = {
        id,
        type,
        version: 1,
        occurredAt: new Date().toISOString(),
        source: 'test-peer',
        data,
      };
      await producer.publish([envelope]);
      return envelope;
    },
    eventually,
    eventsFor: (orderId, type) =>
      published.filter(
        (e) => (e.data as { orderId?: string }).orderId === orderId && (!type || e.type === type),
      ),
    async query(text, values) {
      return (await inspector.query(text, values)).rows;
    },
    async handled(envelope) {
      await eventually(async () => {
        const { rows } = await inspector.query(
          'SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = $2',
          ['order', envelope.id],
        );
        if (rows.length === 0) throw new Error(`${envelope.type} ${envelope.id} not handled yet`);
      });
    },
    async settled() {
      const marker = randomUUID();
      await service.deliver('payment.succeeded', {
        paymentId: randomUUID(),
        orderId: marker,
        userId: randomUUID(),
        amount: 100,
        currency: 'MAD',
        card,
      });
      await eventually(() => {
        if (service.eventsFor(marker, 'order.refund_requested').length === 0)
          throw new Error('the marker event has not been answered yet');
      });
    },
    async statusOf(orderId) {
      return (await inspector.query('SELECT status FROM orders WHERE id = $1', [orderId])).rows[0]
        ?.status;
    },
    async bringTo(order, status) {
      const steps = ['AWAITING_PAYMENT', 'PAID', 'SHIPPED', 'DELIVERED'];
      let paymentId: string | undefined;
      const current = steps.indexOf((await service.statusOf(order.id)) ?? 'PENDING');
      for (const step of steps.slice(current + 1, steps.indexOf(status) + 1)) {
        if (step === 'AWAITING_PAYMENT') {
          const items = order.items.map((item) => ({
            productId: item.productId,
            quantity: item.quantity,
          }));
          await service.deliver('stock.reserved', { orderId: order.id, items });
        } else if (step === 'PAID') {
          paymentId = randomUUID();
          await service.deliver('payment.succeeded', {
            paymentId,
            orderId: order.id,
            userId: order.userId,
            amount: order.total,
            currency: order.currency,
            card,
          });
        } else {
          const admin = await service.admin();
          const response = await admin.request({
            method: 'PATCH',
            url: `/api/orders/${order.id}/status`,
            payload: { status: step },
          });
          if (response.statusCode !== 200)
            throw new Error(`${step}: ${response.statusCode} ${response.body}`);
        }
        await eventually(async () => {
          if ((await service.statusOf(order.id)) !== step) throw new Error(`order not ${step} yet`);
        });
      }
      return paymentId;
    },
    async placeOrder(who, items) {
      const response = await who.request({
        method: 'POST',
        url: '/api/orders',
        headers: { 'idempotency-key': randomUUID() },
        payload: { items, shippingAddress: ADDRESS },
      });
      if (response.statusCode !== 201)
        throw new Error(`placing an order: ${response.statusCode} ${response.body}`);
      return response.json();
    },
    startAnotherInstance: startInstance,
    async close() {
      for (const instance of apps) await instance.close();
      for (const broker of brokers) await broker.stop();
      await producer.stop();
      await inspector.end();
      await database.drop();
      if (!options.brokerDatabase) await brokerDatabase.drop();
    },
  };
  return service;
}

export { createTestDatabase, createTestKeys, testDatabaseServerUrl };
