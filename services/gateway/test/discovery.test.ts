import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, type Discovery, type ServiceInstance } from '@souk/platform';
import { createTestKeys, type TestKeys } from '@souk/testkit';
import { call, startGateway, startUpstream, serveTokenKeys } from './support.js';

describe('gateway with the registry', () => {
  const apps: App[] = [];
  let keys: TestKeys;
  let gateway: { app: App; url: string };
  const instances: Record<string, ServiceInstance[]> = {};

  beforeAll(async () => {
    keys = await createTestKeys();
    const auth = await startUpstream('auth', (app) => serveTokenKeys(app, () => keys.jwks));
    const product = await startUpstream('product', (app) =>
      app.get('/api/products', async () => ({ items: [], from: 'product' })),
    );
    const dead = await startUpstream('order', () => {});
    await dead.app.close();
    apps.push(auth.app, product.app);
    instances.auth = [{ service: 'auth', instanceId: 'auth-1', url: auth.url }];
    instances.product = [
      {
        service: 'product',
        instanceId: 'product-1',
        url: product.url,
        lastHeartbeatAt: new Date().toISOString(),
      },
    ];
    instances.order = [{ service: 'order', instanceId: 'order-1', url: dead.url }];

    // The registry's read API, as services/registry serves it.
    const registry = await startUpstream('registry', (app) => {
      app.get<{ Params: { service: string } }>('/registry/services/:service', async (request) => ({
        service: request.params.service,
        instances: instances[request.params.service] ?? [],
      }));
      app.get('/registry/services', async () => ({
        services: Object.entries(instances).map(([service, list]) => ({
          service,
          instances: list,
        })),
      }));
    });
    apps.push(registry.app);
    gateway = await startGateway(
      {},
      { DISCOVERY: 'registry', REGISTRY_URL: registry.url },
      { discovery: undefined },
    );
  });

  afterAll(async () => {
    await gateway?.app.close();
    await Promise.all(apps.map((app) => app.close()));
  });

  it('when a service is registered, then requests reach it and the gateway is ready', async () => {
    const answer = await call(gateway.url, '/api/products');
    expect(answer.json()).toMatchObject({ from: 'product' });
    const ready = await call(gateway.url, '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.json()).toMatchObject({ checks: { registry: 'ok' } });
  });

  it('when the system view is asked for, then it lists what the registry knows, the registry and the gateway', async () => {
    const answer = await call(gateway.url, '/api/system/services', {
      headers: { authorization: `Bearer ${await keys.sign({ roles: ['ADMIN'] })}` },
    });
    expect(answer.status).toBe(200);
    const services = new Map(
      answer
        .json<{ services: Array<{ name: string; instances: Array<Record<string, unknown>> }> }>()
        .services.map((s) => [s.name, s.instances]),
    );
    expect(services.get('product')).toEqual([
      expect.objectContaining({
        instanceId: 'product-1',
        state: 'ready',
        lastHeartbeatAt: expect.any(String),
      }),
    ]);
    expect(services.get('order')).toEqual([
      expect.objectContaining({ instanceId: 'order-1', state: 'unreachable' }),
    ]);
    expect(services.get('registry')).toEqual([expect.objectContaining({ state: 'ready' })]);
    expect(services.get('gateway')?.[0]).toMatchObject({
      state: 'ready',
      checks: { registry: 'ok' },
    });
    expect(services.get('payment')).toEqual([]);
  });
});

describe('gateway fail-over between instances', () => {
  const apps: App[] = [];
  let gateway: { app: App; url: string };
  const failures: string[] = [];
  let deadUrl = '';
  let livePosts = 0;
  const brokenOff: string[] = [];
  let liveUrl = '';
  /** Round-robin position: each test starts on the dead instance. */
  let turn = 0;

  beforeAll(async () => {
    const keys = await createTestKeys();
    const auth = await startUpstream('auth', (app) => serveTokenKeys(app, () => keys.jwks));
    const live = await startUpstream('product', (app) => {
      app.get('/api/products', async () => ({ from: 'live' }));
      app.post('/api/products', async () => {
        livePosts += 1;
        return { from: 'live' };
      });
    });
    // Breaks every connection once a request has arrived, as an instance killed mid-request.
    const breaking = await startUpstream('order', (app) => {
      app.route({
        method: ['GET', 'POST'],
        url: '/api/orders',
        handler: async (request, reply) => {
          brokenOff.push(request.method);
          reply.hijack();
          request.raw.socket.destroy();
        },
      });
    });
    apps.push(breaking.app);
    const dead = await startUpstream('product', () => {});
    await dead.app.close();
    apps.push(auth.app, live.app);
    deadUrl = dead.url;
    liveUrl = live.url;
    // Round-robin over a dead and a live instance, as a registry lists a crashed one until it expires.
    const discovery: Discovery = {
      async resolve(service) {
        if (service === 'auth') return auth.url;
        if (service === 'order') return breaking.url;
        return turn++ % 2 === 0 ? deadUrl : liveUrl;
      },
      async instances() {
        return [];
      },
      reportFailure(service, url) {
        failures.push(`${service} ${url}`);
      },
      async close() {},
    };
    gateway = await startGateway({}, { CATALOG_CACHE_TTL_MS: '0' }, { discovery });
    (gateway as { token?: string }).token = await keys.sign({ roles: ['ADMIN'] });
  });

  afterAll(async () => {
    await gateway?.app.close();
    await Promise.all(apps.map((app) => app.close()));
  });

  it('when a GET lands on a dead instance, then the failure is reported and another instance answers', async () => {
    failures.length = 0;
    turn = 0;
    const answer = await call(gateway.url, '/api/products');
    expect(answer.status).toBe(200);
    expect(answer.json()).toMatchObject({ from: 'live' });
    expect(failures).toEqual([`product ${deadUrl}`]);
  });

  it('when a POST cannot connect to a dead instance, then nothing was sent, so another instance takes it once', async () => {
    failures.length = 0;
    turn = 0;
    livePosts = 0;
    const answer = await call(gateway.url, '/api/products', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${(gateway as { token?: string }).token}`,
        'content-type': 'application/json',
      },
      body: '{"name":"x"}',
    });
    expect(answer.status).toBe(200);
    expect(answer.json()).toMatchObject({ from: 'live' });
    expect(livePosts).toBe(1);
    expect(failures).toEqual([`product ${deadUrl}`]);
  });

  it('when a POST reached an instance that broke the connection, then it is never sent again: a 502 problem', async () => {
    brokenOff.length = 0;
    const answer = await call(gateway.url, '/api/orders', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${(gateway as { token?: string }).token}`,
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(answer.status).toBe(502);
    expect(brokenOff).toEqual(['POST']);
  });

  it('when a GET had its connection broken off, then it is tried once more', async () => {
    brokenOff.length = 0;
    const answer = await call(gateway.url, '/api/orders', {
      headers: { authorization: `Bearer ${(gateway as { token?: string }).token}` },
    });
    expect(answer.status).toBe(502);
    expect(brokenOff).toEqual(['GET', 'GET']);
  });
});
