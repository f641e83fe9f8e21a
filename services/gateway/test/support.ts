import type { AddressInfo } from 'node:net';
import { request, type Dispatcher } from 'undici';
import { createLogger, createServer, createStaticDiscovery, JWKS_PATH, loadConfig, REVOCATIONS_PATH, type App, type RevocationFeed } from '@souk/platform';
import type { JSONWebKeySet } from 'jose';
import { buildApp, type GatewayDeps } from '../src/app.js';
import { gatewayConfigSchema, type GatewayConfig } from '../src/config.js';

export const silentLogger = createLogger({ name: 'gateway-test', level: 'silent' });

/** A platform server standing in for one service, on 127.0.0.1 and a free port. */
export async function startUpstream(name: string, routes: (app: App) => void): Promise<{ app: App; url: string }> {
  const app = createServer({ name, logger: silentLogger });
  routes(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

/**
 * What a stand-in auth service serves the gateway's token verifier: its public keys, and its
 * revocation feed (nothing revoked unless `revoked` says so, read on every sync).
 */
export function serveTokenKeys(app: App, jwks: () => JSONWebKeySet, revoked: () => Partial<RevocationFeed> = () => ({})): void {
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
  return loadConfig(gatewayConfigSchema, { DISCOVERY: 'static', LOG_LEVEL: 'silent', PORT: '0', ...env });
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
  options: { method?: Dispatcher.HttpMethod; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
  const response = await request(`${base}${path}`, {
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, text, json: () => JSON.parse(text) };
}
