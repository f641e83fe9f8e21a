import { ConfigError, createLogger, loadConfig, type App } from '@souk/platform';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { configSchema } from '../src/config.js';

const logger = createLogger({ name: 'registry', level: 'silent' });
const TTL_MS = 15_000;
const TOKEN = 'registry-test-token-0123456789abcdef';
const config = { INSTANCE_TTL_MS: TTL_MS, TRUSTED_PROXIES: '', REGISTRY_TOKEN: TOKEN };
const withToken = { 'x-registry-token': TOKEN };

const register = (
  app: App,
  service: string,
  instanceId: string,
  url: string,
  headers: Record<string, string> = withToken,
) =>
  app.inject({
    method: 'PUT',
    url: `/registry/services/${service}/instances/${instanceId}`,
    payload: { url },
    headers,
  });
const heartbeat = (
  app: App,
  service: string,
  instanceId: string,
  headers: Record<string, string> = withToken,
) =>
  app.inject({
    method: 'PUT',
    url: `/registry/services/${service}/instances/${instanceId}/heartbeat`,
    headers,
  });
const deregister = (
  app: App,
  service: string,
  instanceId: string,
  headers: Record<string, string> = withToken,
) =>
  app.inject({
    method: 'DELETE',
    url: `/registry/services/${service}/instances/${instanceId}`,
    headers,
  });

describe('registry HTTP API', () => {
  let app: App;
  let clock = Date.parse('2026-01-01T10:00:00Z');

  beforeAll(async () => {
    app = await buildApp(config, { logger, now: () => clock });
    await app.ready();
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    // Each test starts from an empty registry: expire whatever an earlier test left.
    clock += TTL_MS * 10;
    await app.inject({ method: 'GET', url: '/registry/services' });
  });

  it('when an instance registers, then it is listed under its service with its timestamps', async () => {
    const created = await register(app, 'product', 'product-a1', 'http://127.0.0.1:8082');
    expect(created.statusCode).toBe(200);
    expect(created.json()).toEqual({
      service: 'product',
      instanceId: 'product-a1',
      url: 'http://127.0.0.1:8082',
      registeredAt: new Date(clock).toISOString(),
      lastHeartbeatAt: new Date(clock).toISOString(),
    });

    const listed = await app.inject({ method: 'GET', url: '/registry/services/product' });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual({ service: 'product', instances: [created.json()] });
  });

  it('when the same instance registers again with a new URL, then it is updated, not duplicated', async () => {
    await register(app, 'auth', 'auth-1', 'http://127.0.0.1:8081');
    const registeredAt = new Date(clock).toISOString();
    clock += 1_000;
    const moved = await register(app, 'auth', 'auth-1', 'http://127.0.0.1:9081/');

    expect(moved.json()).toMatchObject({
      url: 'http://127.0.0.1:9081',
      lastHeartbeatAt: new Date(clock).toISOString(),
    });
    expect(moved.json().registeredAt).not.toBe(registeredAt);
    const listed = await app.inject({ method: 'GET', url: '/registry/services/auth' });
    expect(listed.json().instances).toHaveLength(1);
  });

  it('when nothing is registered for a service, then its list is empty, not a 404', async () => {
    const response = await app.inject({ method: 'GET', url: '/registry/services/order' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ service: 'order', instances: [] });
  });

  it('when several services register, then the overview lists each with its instances', async () => {
    await register(app, 'product', 'p1', 'http://127.0.0.1:8082');
    await register(app, 'product', 'p2', 'http://127.0.0.1:9082');
    await register(app, 'auth', 'a1', 'http://127.0.0.1:8081');

    const response = await app.inject({ method: 'GET', url: '/registry/services' });
    expect(response.statusCode).toBe(200);
    const services = response.json().services as {
      service: string;
      instances: { instanceId: string }[];
    }[];
    expect(
      services.map((entry) => [
        entry.service,
        entry.instances.map((instance) => instance.instanceId),
      ]),
    ).toEqual([
      ['auth', ['a1']],
      ['product', ['p1', 'p2']],
    ]);
  });

  it('when a known instance sends a heartbeat, then its lease is renewed and it outlives the first TTL', async () => {
    await register(app, 'product', 'p1', 'http://127.0.0.1:8082');
    const registeredAt = new Date(clock).toISOString();
    clock += TTL_MS - 1_000;
    const beat = await heartbeat(app, 'product', 'p1');
    expect(beat.statusCode).toBe(200);
    expect(beat.json().lastHeartbeatAt).toBe(new Date(clock).toISOString());
    expect(beat.json().registeredAt).toBe(registeredAt);

    clock += TTL_MS - 1_000;
    const listed = await app.inject({ method: 'GET', url: '/registry/services/product' });
    expect(
      listed.json().instances.map((instance: { instanceId: string }) => instance.instanceId),
    ).toEqual(['p1']);
  });

  it('when heartbeats stop for longer than the TTL, then the instance disappears and its next heartbeat is a 404', async () => {
    await register(app, 'product', 'p1', 'http://127.0.0.1:8082');
    clock += TTL_MS + 1;

    const listed = await app.inject({ method: 'GET', url: '/registry/services/product' });
    expect(listed.json().instances).toEqual([]);
    const beat = await heartbeat(app, 'product', 'p1');
    expect(beat.statusCode).toBe(404);
    expect(beat.headers['content-type']).toContain('application/problem+json');
    expect(beat.json()).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('when an unknown instance sends a heartbeat, then it gets a 404 problem so it registers again', async () => {
    const beat = await heartbeat(app, 'product', 'never-seen');
    expect(beat.statusCode).toBe(404);
    expect(beat.json().code).toBe('not_found');
  });

  it('when an instance deregisters, then it is gone, and deregistering again is still a 204', async () => {
    await register(app, 'product', 'p1', 'http://127.0.0.1:8082');
    const first = await deregister(app, 'product', 'p1');
    const second = await deregister(app, 'product', 'p1');

    expect([first.statusCode, second.statusCode]).toEqual([204, 204]);
    expect(first.body).toBe('');
    const listed = await app.inject({ method: 'GET', url: '/registry/services/product' });
    expect(listed.json().instances).toEqual([]);
  });

  it.each([
    ['an upper-case service name', 'Product', 'p1', 'http://127.0.0.1:8082'],
    ['a service name starting with a digit', '1product', 'p1', 'http://127.0.0.1:8082'],
    ['a service name over 40 characters', `s${'x'.repeat(40)}`, 'p1', 'http://127.0.0.1:8082'],
    ['an instance id with a space', 'product', 'p%201', 'http://127.0.0.1:8082'],
    ['an instance id over 64 characters', 'product', 'p'.repeat(65), 'http://127.0.0.1:8082'],
    ['a non-http URL', 'product', 'p1', 'ftp://127.0.0.1:8082'],
    ['a URL with a query string', 'product', 'p1', 'http://127.0.0.1:8082/?x=1'],
    ['a URL that is not a URL', 'product', 'p1', 'localhost:8082'],
  ])(
    'when registering with %s, then it is a 400 problem',
    async (_situation, service, instanceId, url) => {
      const response = await register(app, service, instanceId, url);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ status: 400, code: 'validation_failed' });
    },
  );

  it('when the body has a key besides url, then it is refused', async () => {
    const response = await app.inject({
      method: 'PUT',
      url: '/registry/services/product/instances/p1',
      payload: { url: 'http://127.0.0.1:8082', weight: 5 },
      headers: withToken,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ path: 'body.weight', message: 'is not allowed' }]);
  });

  it('when the registry answers health probes, then it is live and ready', async () => {
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
  });
});

describe('registry token', () => {
  let app: App;
  const listed = async () =>
    (await app.inject({ method: 'GET', url: '/registry/services/product' })).json().instances;

  beforeAll(async () => {
    app = await buildApp(config, { logger });
    await app.ready();
  });
  afterAll(() => app.close());

  it('when a write has no token or a wrong one, then it is a 401 problem and the registry does not change', async () => {
    await register(app, 'product', 'p1', 'http://127.0.0.1:8082');
    const before = await listed();
    const wrong = { 'x-registry-token': `${TOKEN.slice(0, -1)}0` };

    const refused = [
      await register(app, 'product', 'p1', 'http://10.6.6.6:8082', {}),
      await register(app, 'product', 'p2', 'http://10.6.6.6:8082', wrong),
      await heartbeat(app, 'product', 'p1', {}),
      await heartbeat(app, 'product', 'p1', wrong),
      await deregister(app, 'product', 'p1', {}),
      await deregister(app, 'product', 'p1', wrong),
    ];
    for (const response of refused) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ status: 401, code: 'unauthorized' });
    }
    expect(await listed()).toEqual(before);
  });

  it('when writes carry the token, then they succeed, and reads need no token', async () => {
    expect((await register(app, 'product', 'p3', 'http://127.0.0.1:8082')).statusCode).toBe(200);
    expect((await heartbeat(app, 'product', 'p3')).statusCode).toBe(200);
    const read = await app.inject({ method: 'GET', url: '/registry/services/product' });
    expect(read.statusCode).toBe(200);
    expect(
      read.json().instances.map((instance: { instanceId: string }) => instance.instanceId),
    ).toContain('p3');
    expect((await deregister(app, 'product', 'p3')).statusCode).toBe(204);
  });

  it('when the registry starts without a token, or with one under 32 characters, then its configuration is refused', () => {
    const problems = (variables: Record<string, string>) => {
      try {
        loadConfig(configSchema, variables);
        return [];
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
      }
    };
    expect(problems({})).toContainEqual(
      expect.stringMatching(/^REGISTRY_TOKEN: Expected required property/),
    );
    expect(problems({ REGISTRY_TOKEN: 'x'.repeat(31) })).toEqual([
      expect.stringMatching(/^REGISTRY_TOKEN: .*32/),
    ]);
    expect(problems({ REGISTRY_TOKEN: 'x'.repeat(32) })).toEqual([]);
  });
});
