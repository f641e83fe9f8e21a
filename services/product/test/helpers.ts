import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import {
  createBroker,
  createLogger,
  createTokenVerifier,
  loadConfig,
  type App,
  type Broker,
  type EventEnvelope,
  recordingBroker,
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
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { vi } from 'vitest';
import { buildApp } from '../src/app.js';
import { configSchema, type ProductConfig } from '../src/config.js';

export interface TestService {
  app: App;
  config: ProductConfig;
  database: TestDatabase;
  keys: TestKeys;
  adminToken: string;
  clientToken: string;
  /** Every envelope the outbox relay handed to the broker, in order. */
  published: EventEnvelope[];
  /** Sends a request with the admin's token. */
  asAdmin(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Waits (bounded) until an event of this type matching `match` has been published. */
  waitForEvent(type: string, match?: (data: any) => boolean): Promise<EventEnvelope>;
  /** Builds a second app on the same database and upload folder (a restart, or a second instance). */
  restart(env?: Record<string, string>): Promise<App>;
  close(): Promise<void>;
}

const logLevel = process.env.TEST_LOG_LEVEL ?? 'silent';
const logger = createLogger({ name: 'product-test', level: logLevel });

/** The real product app on its own database, with test keys and a broker that records what it publishes. */
export async function startProductService(
  label: string,
  env: Record<string, string> = {},
): Promise<TestService> {
  const database = await createTestDatabase(testDatabaseServerUrl(), label);
  const uploadDir = await mkdtemp(path.join(tmpdir(), 'souk-product-uploads-'));
  const keys = await createTestKeys();
  const published: EventEnvelope[] = [];
  const brokers: Broker[] = [];
  const apps: App[] = [];

  const build = async (overrides: Record<string, string>) => {
    const config = loadConfig(configSchema, {
      DATABASE_URL: database.url,
      BROKER_URL: database.url,
      UPLOAD_DIR: uploadDir,
      DEMO_CATALOG: 'false',
      LOG_LEVEL: logLevel,
      DISCOVERY: 'static',
      ...env,
      ...overrides,
    });
    const broker = recordingBroker(
      createBroker(database.url, { logger, service: 'product' }),
      published,
    );
    brokers.push(broker);
    const verifier = createTokenVerifier({
      loadKeySet: async () => keys.jwks,
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
    });
    const app = await buildApp(config, logger, { verifier, broker });
    apps.push(app);
    return { app, config };
  };

  const { app, config } = await build({});
  const adminToken = await keys.sign({ roles: ['ADMIN', 'CLIENT'] });
  const clientToken = await keys.sign({ roles: ['CLIENT'] });

  return {
    app,
    config,
    database,
    keys,
    adminToken,
    clientToken,
    published,
    asAdmin: (options) =>
      app.inject({
        ...options,
        headers: { ...options.headers, authorization: `Bearer ${adminToken}` },
      }),
    async waitForEvent(type, match = () => true) {
      return vi.waitFor(
        () => {
          const found = published.find(
            (envelope) => envelope.type === type && match(envelope.data),
          );
          if (!found) throw new Error(`no ${type} event published yet`);
          return found;
        },
        { timeout: 10_000, interval: 50 },
      );
    },
    async restart(overrides = {}) {
      return (await build(overrides)).app;
    },
    async close() {
      for (const each of apps) await each.close();
      for (const broker of brokers) await broker.stop();
      await database.drop();
      await rm(uploadDir, { recursive: true, force: true });
    },
  };
}

/** A minimal valid PNG: 1 × 1 pixel, built byte by byte with real CRCs. */
export function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0); // width
  header.writeUInt32BE(1, 4); // height
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour
  // One scanline: filter byte 0, then one RGB pixel (terracotta).
  const pixels = deflateSync(Buffer.from([0x00, 0xc8, 0x5a, 0x3c]));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A multipart/form-data body with one file part. */
export function multipartBody(
  field: string,
  filename: string,
  contentType: string,
  content: Buffer,
) {
  const boundary = `----souk${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Creates a category as the admin and returns its id. */
export async function createCategory(
  service: TestService,
  name: string,
  description?: string,
): Promise<string> {
  const response = await service.asAdmin({
    method: 'POST',
    url: '/api/categories',
    payload: { name, ...(description ? { description } : {}) },
  });
  if (response.statusCode !== 201)
    throw new Error(`category ${name}: ${response.statusCode} ${response.body}`);
  return response.json().id;
}

export interface ProductInput {
  name: string;
  description?: string;
  price: number;
  stock?: number;
  categoryId: string;
  currency?: string;
}

/** Creates a product as the admin and returns the reply body. */
export async function createProduct(service: TestService, input: ProductInput): Promise<any> {
  const response = await service.asAdmin({
    method: 'POST',
    url: '/api/products',
    payload: { description: `${input.name}, a fine product.`, stock: 10, ...input },
  });
  if (response.statusCode !== 201)
    throw new Error(`product ${input.name}: ${response.statusCode} ${response.body}`);
  return response.json();
}
