import type { AddressInfo } from 'node:net';
import { Agent, request, type Dispatcher } from 'undici';
import {
  createLogger,
  createServer,
  createStaticDiscovery,
  JWKS_PATH,
  loadConfig,
  REVOCATIONS_PATH,
  type App,
  type Discovery,
  type ReadinessCheck,
  type RevocationFeed,
} from '@souk/platform';
import type { JSONWebKeySet } from 'jose';
import { buildApp, type GatewayDeps } from '../src/app.js';
import { gatewayConfigSchema, type GatewayConfig } from '../src/config.js';

export const silentLogger = createLogger({ name: 'gateway-test', level: 'silent' });

/** A platform server standing in for one service, on 127.0.0.1 and a free port. */
export async function startUpstream(
  name: string,
  routes: (app: App) => void,
  options: { bodyLimit?: number; readiness?: ReadinessCheck[] } = {},
): Promise<{ app: App; url: string }> {
  const app = createServer({
    name,
    logger: silentLogger,
    bodyLimit: options.bodyLimit,
    readiness: options.readiness,
  });
  routes(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

/**
 * What a stand-in auth service serves the gateway's token verifier: its public keys, and its
 * revocation feed (nothing revoked unless `revoked` says so, read on every sync).
 */
export function serveTokenKeys(
  app: App,
  jwks: () => JSONWebKeySet,
  revoked: () => Partial<RevocationFeed> = () => ({}),
): void {
  app.get(JWKS_PATH, { schema: { hide: true } }, async () => jwks());
  app.get(REVOCATIONS_PATH, { schema: { hide: true } }, async () => ({
    now: new Date().toISOString(),
    keepSeconds: 900,
    users: [],
    sessions: [],
    ...revoked(),
  }));
}

export function gatewayConfig(env: Record<string, string>): GatewayConfig {
  return loadConfig(gatewayConfigSchema, {
    DISCOVERY: 'static',
    LOG_LEVEL: 'silent',
    PORT: '0',
    ...env,
  });
}

/** The real gateway, listening on 127.0.0.1 in front of the given services. */
export async function startGateway(
  serviceUrls: Record<string, string>,
  env: Record<string, string> = {},
  deps: Partial<GatewayDeps> = {},
): Promise<{ app: App; url: string; config: GatewayConfig }> {
  const SERVICE_URLS = Object.entries(serviceUrls)
    .map(([name, url]) => `${name}=${url}`)
    .join(',');
  const config = gatewayConfig({ SERVICE_URLS, ...env });
  // Static discovery unless the test brings its own, or asks for the configured one (`discovery: undefined`).
  const discovery = 'discovery' in deps ? deps.discovery : createStaticDiscovery(SERVICE_URLS);
  const app = await buildApp(config, { logger: silentLogger, ...deps, discovery });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, config };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: <T = any>() => T;
}

/** One HTTP call over a real socket, body read whole. */
export async function call(
  base: string,
  path: string,
  options: {
    method?: Dispatcher.HttpMethod;
    headers?: Record<string, string>;
    body?: string | Buffer;
  } = {},
): Promise<Answer> {
  const response = await request(`${base}${path}`, {
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    headers: response.headers,
    text,
    json: () => JSON.parse(text),
  };
}

/** Static discovery over fixed URLs that records what the gateway reports as failed. */
export function recordingDiscovery(urls: Record<string, string>): {
  discovery: Discovery;
  failures: string[];
} {
  const failures: string[] = [];
  const discovery: Discovery = {
    async resolve(service) {
      const url = urls[service];
      if (url === undefined) throw new Error(`no ${service} in this test`);
      return url;
    },
    async instances() {
      return [];
    },
    reportFailure(service, url) {
      failures.push(`${service} ${url}`);
    },
    async close() {},
  };
  return { discovery, failures };
}

/**
 * Connections from another loopback address, which the gateway sees as another client IP
 * (Linux routes all of 127.0.0.0/8 to the loopback interface).
 */
export function clientAt(address: string): Agent {
  return new Agent({ localAddress: address });
}

/** Polls until `check` holds, for at most `timeoutMs`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 2_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
