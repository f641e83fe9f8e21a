import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EventMap } from '@souk/contracts';
import {
  createBroker,
  createDatabase,
  createEventBus,
  createHttpClient,
  createLogger,
  createStaticDiscovery,
  createTokenVerifier,
  loadConfig,
  type App,
  type Database,
  type EventEnvelope,
  type Logger,
  recordingBroker,
} from '@souk/platform';
import { eventSchemas } from '@souk/contracts';
import {
  createTestDatabase,
  createTestKeys,
  testDatabaseServerUrl,
  TEST_AUDIENCE,
  TEST_ISSUER,
  type TestKeys,
} from '@souk/testkit';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { symbols } from 'pino';
import { sql } from 'kysely';
import { expect, vi } from 'vitest';
import { buildApp as buildOrderApp, configSchema as orderConfigSchema } from '@souk/order-service';
import {
  buildApp as buildProductApp,
  configSchema as productConfigSchema,
} from '@souk/product-service';
import { buildApp } from '../src/app.js';
import { configSchema } from '../src/config.js';
import type { PaymentContext } from '../src/context.js';
import type { PaymentDatabase } from '../src/db/schema.js';
import { createOrderReader } from '../src/payments/order-reader.js';
import { createSandboxProcessor } from '../src/processor/sandbox-processor.js';

const peerLogLevel = process.env.TEST_LOG_LEVEL ?? 'silent';
const peerLogger = createLogger({ name: 'payment-test-peer', level: peerLogLevel });

export const ADDRESS = {
  fullName: 'Amina El Idrissi',
  line1: '12 rue des Orangers',
  city: 'Rabat',
  postalCode: '10000',
  country: 'MA',
};

export const CARDS = {
  visa: '4242 4242 4242 4242',
  declined: '4000 0000 0000 0002',
  insufficientFunds: '4000 0000 0000 9995',
  mastercard: '5555 5555 5555 4444',
  badLuhn: '4242 4242 4242 4241',
};
/** A CVC no generated id or timestamp in these tests is likely to contain on its own. */
export const CVC = '7319';

export function cardBody(
  orderId: string,
  number: string = CARDS.visa,
  overrides: Record<string, unknown> = {},
) {
  return {
    orderId,
    card: {
      number,
      expMonth: 12,
      expYear: new Date().getUTCFullYear() + 3,
      cvc: CVC,
      holderName: 'Amina El Idrissi',
      ...overrides,
    },
  };
}

export interface Caller {
  userId: string;
  token: string;
  /** A request to the payment service with this caller's token. */
  pay(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** A request to the order service with this caller's token. */
  order(options: InjectOptions): Promise<LightMyRequestResponse>;
}

/**
 * The payment service under test with its real peers: the order service (listening on 127.0.0.1,
 * read by the payment service over HTTP with the caller's token) and the product service the order
 * service reads prices from. Order and payment share one pg-boss broker database; the product
 * service has its own broker, so stock answers are published by the tests (`stock.reserved`).
 */
export interface Checkout {
  app: App;
  orderApp: App;
  keys: TestKeys;
  /** Every envelope the payment service's outbox relay handed to the broker, in order. */
  published: EventEnvelope[];
  /** Every log line the payment service wrote (level trace), as JSON text. */
  logLines: string[];
  /** The payment service's database, to look at what it stored. */
  db: Database<PaymentDatabase>['db'];
  /** A context on the payment database for driving the use-case steps directly (a "crash" between them). */
  ctx: PaymentContext;
  client(): Promise<Caller>;
  admin(): Promise<Caller>;
  /** A product priced `price` with plenty of stock. */
  productId: string;
  price: number;
  /** Places an order and, unless told otherwise, brings it to AWAITING_PAYMENT through a real `stock.reserved`. */
  placeOrder(
    caller: Caller,
    options?: { reserve?: boolean; quantity?: number },
  ): Promise<{ id: string; total: number; currency: string }>;
  orderStatus(caller: Caller, orderId: string): Promise<string>;
  /** Publishes a hand-made envelope on the shared broker, as a peer service would. */
  deliver<K extends keyof EventMap>(
    type: K,
    data: EventMap[K],
    id?: string,
  ): Promise<EventEnvelope>;
  /** Republishes an envelope exactly as it was (same id). */
  redeliver(envelope: EventEnvelope): Promise<void>;
  /** Waits until the payment service has handled (inbox) the event with this id. */
  handled(eventId: string): Promise<void>;
  eventually<T>(check: () => Promise<T> | T, timeout?: number): Promise<T>;
  eventsFor(orderId: string, type?: string): EventEnvelope[];
  close(): Promise<void>;
}

export async function startCheckout(
  label: string,
  env: Record<string, string> = {},
): Promise<Checkout> {
  const server = testDatabaseServerUrl();
  const keys = await createTestKeys();
  const verifier = createTokenVerifier({
    loadKeySet: async () => keys.jwks,
    issuer: TEST_ISSUER,
    audience: TEST_AUDIENCE,
  });
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => {});
  };

  try {
    // The product service, on its own database and broker.
    const productDb = await createTestDatabase(server, `pay_${label}_product`);
    closers.push(() => productDb.drop());
    const uploadDir = await mkdtemp(path.join(tmpdir(), 'souk-payment-test-uploads-'));
    closers.push(() => rm(uploadDir, { recursive: true, force: true }));
    const productBroker = createBroker(productDb.url, { logger: peerLogger, service: 'product' });
    closers.push(() => productBroker.stop());
    const productApp = await buildProductApp(
      loadConfig(productConfigSchema, {
        DATABASE_URL: productDb.url,
        BROKER_URL: productDb.url,
        DATABASE_POOL_MAX: '3',
        UPLOAD_DIR: uploadDir,
        DEMO_CATALOG: 'false',
        DISCOVERY: 'static',
        LOG_LEVEL: peerLogLevel,
      }),
      peerLogger,
      { verifier, broker: productBroker },
    );
    closers.push(() => productApp.close());
    const productUrl = await listen(productApp);
    const productAdmin = await keys.sign({ roles: ['ADMIN', 'CLIENT'] });
    const asProductAdmin = async (options: InjectOptions & { url: string }) => {
      const response = await productApp.inject({
        ...options,
        headers: { authorization: `Bearer ${productAdmin}` },
      });
      if (response.statusCode !== 201)
        throw new Error(`${options.url}: ${response.statusCode} ${response.body}`);
      return response.json();
    };
    const category = await asProductAdmin({
      method: 'POST',
      url: '/api/categories',
      payload: { name: 'Pantry' },
    });
    const price = 12_900;
    const product = await asProductAdmin({
      method: 'POST',
      url: '/api/products',
      payload: {
        name: 'Argan oil',
        description: 'Cold-pressed, from Essaouira.',
        price,
        stock: 100_000,
        categoryId: category.id,
      },
    });

    // The shared broker of the order and payment services, and a producer for hand-made events.
    const brokerDb = await createTestDatabase(server, `pay_${label}_broker`);
    closers.push(() => brokerDb.drop());
    const producer = createBroker(brokerDb.url, { logger: peerLogger, service: 'test-peer' });
    closers.push(() => producer.stop());
    await producer.start();

    // The order service.
    const orderDb = await createTestDatabase(server, `pay_${label}_order`);
    closers.push(() => orderDb.drop());
    const orderBroker = createBroker(brokerDb.url, { logger: peerLogger, service: 'order' });
    closers.push(() => orderBroker.stop());
    const orderApp = await buildOrderApp(
      loadConfig(orderConfigSchema, {
        DATABASE_URL: orderDb.url,
        BROKER_URL: brokerDb.url,
        DATABASE_POOL_MAX: '4',
        DISCOVERY: 'static',
        LOG_LEVEL: peerLogLevel,
        // The tests' client keeps many orders unpaid; the order service's own tests cover the limit.
        MAX_UNPAID_ORDERS_PER_CLIENT: '1000',
      }),
      peerLogger,
      { verifier, broker: orderBroker, discovery: createStaticDiscovery(`product=${productUrl}`) },
    );
    closers.push(() => orderApp.close());
    const orderUrl = await listen(orderApp);

    // The payment service under test, logging everything into memory.
    const paymentDb = await createTestDatabase(server, `pay_${label}`);
    closers.push(() => paymentDb.drop());
    const logLines: string[] = [];
    const logger = capturingLogger(logLines);
    const published: EventEnvelope[] = [];
    const paymentBroker = recordingBroker(
      createBroker(brokerDb.url, { logger, service: 'payment' }),
      published,
    );
    closers.push(() => paymentBroker.stop());
    const config = loadConfig(configSchema, {
      DATABASE_URL: paymentDb.url,
      BROKER_URL: brokerDb.url,
      DISCOVERY: 'static',
      LOG_LEVEL: 'trace',
      ...env,
    });
    const app = await buildApp(config, logger, {
      verifier,
      broker: paymentBroker,
      discovery: createStaticDiscovery(`order=${orderUrl}`),
    });
    closers.push(() => app.close());

    // A second handle on the payment database, as a restarted process would have, for the step-by-step tests.
    const database = createDatabase<PaymentDatabase>({ url: paymentDb.url, logger, poolMax: 3 });
    closers.push(() => database.close());
    const processor = createSandboxProcessor({ url: paymentDb.url, poolMax: 2 });
    closers.push(() => processor.close());
    const http = createHttpClient({ discovery: createStaticDiscovery(`order=${orderUrl}`) });
    closers.push(() => http.close());
    const bus = createEventBus<EventMap>({
      service: 'payment',
      db: database.db,
      broker: paymentBroker,
      schemas: eventSchemas,
      logger,
    });
    const ctx: PaymentContext = {
      db: database.db,
      bus,
      processor,
      orders: createOrderReader(http),
      logger,
    };

    const caller = async (roles: string[]): Promise<Caller> => {
      const userId = randomUUID();
      const token = await keys.sign({ sub: userId, roles });
      const withToken = (options: InjectOptions): InjectOptions => ({
        ...options,
        headers: { ...options.headers, authorization: `Bearer ${token}` },
      });
      return {
        userId,
        token,
        pay: (options) => app.inject(withToken(options)),
        order: (options) => orderApp.inject(withToken(options)),
      };
    };
    const eventually = <T>(check: () => Promise<T> | T, timeout = 15_000) =>
      vi.waitFor(check, { timeout, interval: 50 });
    const orderStatus = async (who: Caller, orderId: string) => {
      const response = await who.order({ method: 'GET', url: `/api/orders/${orderId}` });
      if (response.statusCode !== 200)
        throw new Error(`reading order ${orderId}: ${response.statusCode} ${response.body}`);
      return response.json().status as string;
    };
    const deliver = async <K extends keyof EventMap>(
      type: K,
      data: EventMap[K],
      id: string = randomUUID(),
    ) => {
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
    };

    return {
      app,
      orderApp,
      keys,
      published,
      logLines,
      db: database.db,
      ctx,
      productId: product.id,
      price,
      client: () => caller(['CLIENT']),
      admin: () => caller(['ADMIN', 'CLIENT']),
      async placeOrder(who, options = {}) {
        const quantity = options.quantity ?? 1;
        const response = await who.order({
          method: 'POST',
          url: '/api/orders',
          headers: { 'idempotency-key': randomUUID() },
          payload: { items: [{ productId: product.id, quantity }], shippingAddress: ADDRESS },
        });
        if (response.statusCode !== 201)
          throw new Error(`placing an order: ${response.statusCode} ${response.body}`);
        const order = response.json();
        if (options.reserve !== false) {
          await deliver('stock.reserved', {
            orderId: order.id,
            items: [{ productId: product.id, quantity }],
          });
          await eventually(async () => {
            if ((await orderStatus(who, order.id)) !== 'AWAITING_PAYMENT')
              throw new Error('order not awaiting payment yet');
          });
        }
        return { id: order.id, total: order.total, currency: order.currency };
      },
      orderStatus,
      deliver,
      async redeliver(envelope) {
        await producer.publish([envelope]);
      },
      async handled(eventId) {
        await eventually(async () => {
          const row = await database.db
            .selectFrom('inbox')
            .select('event_id')
            .where('event_id', '=', eventId)
            .executeTakeFirst();
          if (!row) throw new Error(`event ${eventId} not handled yet`);
        });
      },
      eventually,
      eventsFor: (orderId, type) =>
        published.filter(
          (e) => (e.data as { orderId?: string }).orderId === orderId && (!type || e.type === type),
        ),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function listen(app: App): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/** The platform logger (with its redaction rules), writing every line into `lines` instead of stdout. */
function capturingLogger(lines: string[]): Logger {
  const logger = createLogger({ name: 'payment', level: 'trace' });
  (logger as unknown as Record<symbol, unknown>)[symbols.streamSym] = {
    write: (line: string) => lines.push(line),
  };
  return logger;
}

/** Every row of every table in the payment service's database, as JSON text (a database dump). */
export async function dumpPaymentDatabase(checkout: Checkout): Promise<string> {
  const tables = await checkout.db
    .selectFrom('information_schema.tables' as any)
    .select('table_name' as any)
    .where('table_schema' as any, '=', 'public')
    .execute();
  const parts: string[] = [];
  for (const { table_name: table } of tables as Array<{ table_name: string }>) {
    const rows = await sql<{
      row: string;
    }>`SELECT row_to_json(t)::text AS row FROM ${sql.table(table)} t`.execute(checkout.db);
    parts.push(`-- ${table}`, ...rows.rows.map((r) => r.row));
  }
  return parts.join('\n');
}

/** The card numbers used in the tests (as typed and as digits) and the CVC must appear nowhere in `text`. */
export function expectNoCardData(text: string): void {
  for (const number of Object.values(CARDS)) {
    expect(text).not.toContain(number);
    expect(text).not.toContain(number.replace(/ /g, ''));
  }
  expect(text).not.toMatch(new RegExp(`(?<![\\w-])${CVC}(?![\\w-])`));
  expect(text).not.toMatch(/"cvc"/i);
}
