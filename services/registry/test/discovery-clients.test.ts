import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AppError,
  createHttpClient,
  createLogger,
  createRegistryDiscovery,
  registerInstance,
  type App,
  type Registration,
} from '@souk/platform';
import { Type } from '@sinclair/typebox';
import { freePort } from '@souk/testkit';
import { Client } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/app.js';

// The platform's real clients (registration with heartbeats, cached round-robin discovery)
// against the real registry listening on a socket.

const logger = createLogger({ name: 'test', level: 'silent' });
// Long enough that a busy machine never expires an instance that beats every 100 ms; the test of
// expiry drives its registry's clock instead.
const TTL_MS = 10_000;
const TOKEN = 'registry-test-token-0123456789abcdef';

async function startRegistry(
  options: { port?: number; now?: () => number } = {},
): Promise<{ app: App; url: string; port: number }> {
  const app = await buildApp(
    { INSTANCE_TTL_MS: TTL_MS, TRUSTED_PROXIES: '', REGISTRY_TOKEN: TOKEN },
    { logger, now: options.now },
  );
  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const port = (app.server.address() as AddressInfo).port;
  return { app, url: `http://127.0.0.1:${port}`, port };
}

interface Listed {
  instanceId: string;
  registeredAt: string;
  lastHeartbeatAt: string;
}

async function records(registryUrl: string, service: string): Promise<Listed[]> {
  // A connection of its own each time: a registry is restarted on the same port in a test below.
  const client = new Client(registryUrl);
  try {
    const response = await client.request({ method: 'GET', path: `/registry/services/${service}` });
    const body = (await response.body.json()) as { instances: Listed[] };
    return body.instances.sort((a, b) => a.instanceId.localeCompare(b.instanceId));
  } finally {
    await client.close();
  }
}

async function listed(registryUrl: string, service: string): Promise<string[]> {
  return (await records(registryUrl, service)).map((instance) => instance.instanceId);
}

/** Waits (a few seconds at most) until `service` lists exactly `ids`. */
async function waitUntilListed(registryUrl: string, service: string, ids: string[]) {
  await vi.waitFor(async () => expect(await listed(registryUrl, service)).toEqual(ids), {
    timeout: 3_000,
    interval: 50,
  });
}

/** Waits until `instanceId` has sent a heartbeat the registry recorded at `at` or later. */
async function waitForHeartbeat(
  registryUrl: string,
  service: string,
  instanceId: string,
  at: number,
) {
  await vi.waitFor(
    async () => {
      const instance = (await records(registryUrl, service)).find(
        (record) => record.instanceId === instanceId,
      );
      expect(Date.parse(instance?.lastHeartbeatAt ?? '')).toBeGreaterThanOrEqual(at);
    },
    { timeout: 5_000, interval: 50 },
  );
}

describe('platform discovery clients against the registry', () => {
  let registry: Awaited<ReturnType<typeof startRegistry>>;
  const registrations: Registration[] = [];
  const register = async (
    service: string,
    url: string,
    extra: { instanceId?: string; token?: string } = {},
  ) => {
    const registration = await registerInstance({
      registryUrl: registry.url,
      service,
      url,
      logger,
      heartbeatMs: 100,
      token: TOKEN,
      ...extra,
    });
    registrations.push(registration);
    return registration;
  };

  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterEach(async () => {
    await Promise.all(registrations.splice(0).map((registration) => registration.deregister()));
  });
  afterAll(() => registry.app.close());

  it('when two instances are registered, then resolve alternates between them', async () => {
    await register('catalog', 'http://127.0.0.1:1001', { instanceId: 'catalog-a' });
    await register('catalog', 'http://127.0.0.1:1002', { instanceId: 'catalog-b' });
    const discovery = createRegistryDiscovery({ registryUrl: registry.url, logger });

    const urls = [];
    for (let i = 0; i < 4; i++) urls.push(await discovery.resolve('catalog'));

    expect(new Set(urls)).toEqual(new Set(['http://127.0.0.1:1001', 'http://127.0.0.1:1002']));
    expect(urls[0]).not.toBe(urls[1]);
    expect(urls[2]).toBe(urls[0]);
    expect(urls[3]).toBe(urls[1]);
  });

  it('when an instance stops sending heartbeats, then it expires while a beating one stays', async () => {
    // The registry's clock moves only when the test says so: a slow machine cannot expire anyone.
    let clock = Date.now();
    const own = await startRegistry({ now: () => clock });
    const alive = await registerInstance({
      registryUrl: own.url,
      service: 'stock',
      url: 'http://127.0.0.1:1003',
      instanceId: 'stock-alive',
      logger,
      heartbeatMs: 100,
      token: TOKEN,
    });
    try {
      // A crashed instance: registered once, never beats again.
      const crashed = await fetch(`${own.url}/registry/services/stock/instances/stock-crashed`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-registry-token': TOKEN },
        body: JSON.stringify({ url: 'http://127.0.0.1:1004' }),
      });
      expect(crashed.status).toBe(200);
      const [registered] = await records(own.url, 'stock');

      // Two TTLs, half a TTL at a time, with a heartbeat of the beating instance in each half.
      for (let half = 1; half <= 4; half++) {
        clock += TTL_MS / 2;
        await waitForHeartbeat(own.url, 'stock', 'stock-alive', clock);
        if (half === 1)
          expect(await listed(own.url, 'stock')).toEqual(['stock-alive', 'stock-crashed']);
      }

      // The same registration all along: a dropped instance registers again, at a new time.
      expect(await records(own.url, 'stock')).toEqual([
        { ...registered, lastHeartbeatAt: new Date(clock).toISOString() },
      ]);
    } finally {
      await alive.deregister();
      await own.app.close();
    }
  });

  it('when an instance deregisters, then it is no longer listed', async () => {
    const registration = await register('basket', 'http://127.0.0.1:1005', {
      instanceId: 'basket-gone',
    });
    // Beats at the same rhythm: its heartbeats show how much time has passed.
    await register('basket', 'http://127.0.0.1:1009', { instanceId: 'basket-marker' });
    expect(await listed(registry.url, 'basket')).toEqual(['basket-gone', 'basket-marker']);
    await registration.deregister();
    // Two heartbeat periods later, a heartbeat the deregistered instance still had coming would
    // have landed and registered it again.
    await waitForHeartbeat(registry.url, 'basket', 'basket-marker', Date.now() + 200);
    expect(await listed(registry.url, 'basket')).toEqual(['basket-marker']);
  });

  const PriceReply = Type.Object({ ok: Type.Boolean() });

  it('when one instance is dead, then the HTTP client falls over to the live one and skips the dead one', async () => {
    const live = http.createServer((_request, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
    );
    await new Promise<void>((resolve) => live.listen(0, '127.0.0.1', resolve));
    const liveUrl = `http://127.0.0.1:${(live.address() as AddressInfo).port}`;
    const deadUrl = `http://127.0.0.1:${await freePort()}`;
    await register('pricing', deadUrl, { instanceId: 'pricing-dead' });
    await register('pricing', liveUrl, { instanceId: 'pricing-live' });
    const discovery = createRegistryDiscovery({ registryUrl: registry.url, logger });
    const client = createHttpClient({ discovery });
    try {
      for (let i = 0; i < 4; i++)
        expect(await client.json('pricing', { path: '/price' }, PriceReply)).toEqual({ ok: true });
      // The dead URL was reported on the first failed call, so resolve now avoids it.
      const next = await Promise.all([1, 2, 3].map(() => discovery.resolve('pricing')));
      expect(next).toEqual([liveUrl, liveUrl, liveUrl]);
    } finally {
      await client.close();
      live.close();
    }
  });

  it('when registrations carry the registry token, then they are accepted; without it or with another, they are refused', async () => {
    const secured = await startRegistry();
    const options = { registryUrl: secured.url, service: 'mail', logger, heartbeatMs: 100 };
    const withToken = await registerInstance({
      ...options,
      url: 'http://127.0.0.1:1006',
      token: TOKEN,
    });
    const withoutToken = await registerInstance({ ...options, url: 'http://127.0.0.1:1007' });
    const otherToken = await registerInstance({
      ...options,
      url: 'http://127.0.0.1:1008',
      token: `${TOKEN}-other`,
    });
    try {
      // registerInstance waits for its first attempt: the registry has answered all three.
      expect(await listed(secured.url, 'mail')).toEqual([withToken.instanceId]);
    } finally {
      await Promise.all([
        withToken.deregister(),
        withoutToken.deregister(),
        otherToken.deregister(),
      ]);
      await secured.app.close();
    }
  });
});

describe('platform discovery clients when the registry goes away', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('when the registry restarts empty, then a registered instance registers again on its next heartbeat', async () => {
    const first = await startRegistry();
    const registration = await registerInstance({
      registryUrl: first.url,
      service: 'search',
      url: 'http://127.0.0.1:1010',
      logger,
      heartbeatMs: 100,
      token: TOKEN,
    });
    try {
      expect(await listed(first.url, 'search')).toEqual([registration.instanceId]);
      await first.app.close();

      const second = await startRegistry({ port: first.port });
      try {
        expect(await listed(second.url, 'search')).toEqual([]);
        await waitUntilListed(second.url, 'search', [registration.instanceId]);
      } finally {
        await second.app.close();
      }
    } finally {
      await registration.deregister();
    }
  });

  it('when the registry is down, then the last known instances keep being served, and a client that never reached it gets unavailable', async () => {
    const registry = await startRegistry();
    const registration = await registerInstance({
      registryUrl: registry.url,
      service: 'media',
      url: 'http://127.0.0.1:1011',
      logger,
      heartbeatMs: 100,
      token: TOKEN,
    });
    const discovery = createRegistryDiscovery({ registryUrl: registry.url, logger, cacheMs: 50 });
    expect(await discovery.resolve('media')).toBe('http://127.0.0.1:1011');
    await registration.deregister();
    await registry.app.close();
    // The cached list is past its time: the next resolve asks the registry.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 100);

    expect(await discovery.resolve('media')).toBe('http://127.0.0.1:1011');
    const stranger = createRegistryDiscovery({ registryUrl: registry.url, logger });
    const error = await stranger.resolve('media').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('unavailable');
  });

  it('when the registry hangs, then only one call waits for it and the next ones use the last known list at once', async () => {
    const registry = await startRegistry();
    const registration = await registerInstance({
      registryUrl: registry.url,
      service: 'tax',
      url: 'http://127.0.0.1:1012',
      logger,
      heartbeatMs: 60_000,
      token: TOKEN,
    });
    const discovery = createRegistryDiscovery({ registryUrl: registry.url, logger, cacheMs: 50 });
    expect(await discovery.resolve('tax')).toBe('http://127.0.0.1:1012');
    await registration.deregister();
    await registry.app.close();
    // A registry that accepts connections and never answers.
    const hung = http.createServer(() => {});
    await new Promise<void>((resolve) => hung.listen(registry.port, '127.0.0.1', resolve));
    try {
      // The cached list is past its time (and the clock stands still from here on).
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 100);
      expect(await discovery.resolve('tax')).toBe('http://127.0.0.1:1012'); // waits for the registry's timeout
      const started = performance.now();
      for (let i = 0; i < 5; i++)
        expect(await discovery.resolve('tax')).toBe('http://127.0.0.1:1012');
      expect(performance.now() - started).toBeLessThan(500);
    } finally {
      hung.closeAllConnections();
      hung.close();
    }
  });
});
