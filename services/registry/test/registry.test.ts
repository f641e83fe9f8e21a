import { createLogger, type App } from '@souk/platform';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';

const logger = createLogger({ name: 'registry', level: 'silent' });
const TTL_MS = 15_000;
const config = { INSTANCE_TTL_MS: TTL_MS, TRUSTED_PROXIES: '' };

const register = (app: App, service: string, instanceId: string, url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'PUT', url: `/registry/services/${service}/instances/${instanceId}`, payload: { url }, headers });

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

    expect(moved.json()).toMatchObject({ url: 'http://127.0.0.1:9081', lastHeartbeatAt: new Date(clock).toISOString() });
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
    const services = response.json().services as { service: string; instances: { instanceId: string }[] }[];
    expect(services.map((entry) => [entry.service, entry.instances.map((instance) => instance.instanceId)])).toEqual([
      ['auth', ['a1']],
      ['product', ['p1', 'p2']],
    ]);
  });

  it('when a known instance sends a heartbeat, then its lease is renewed and it outlives the first TTL', async () => {
    await register(app, 'product', 'p1', 'http://127.0.0.1:8082');
    const registeredAt = new Date(clock).toISOString();
    clock += TTL_MS - 1_000;
    const beat = await app.inject({ method: 'PUT', url: '/registry/services/product/instances/p1/heartbeat' });
    expect(beat.statusCode).toBe(200);
    expect(beat.json().lastHeartbeatAt).toBe(new Date(clock).toISOString());
    expect(beat.json().registeredAt).toBe(registeredAt);

    clock += TTL_MS - 1_000;
    const listed = await app.inject({ method: 'GET', url: '/registry/services/product' });
    expect(listed.json().instances.map((instance: { instanceId: string }) => instance.instanceId)).toEqual(['p1']);
  });

  it('when heartbeats stop for longer than the TTL, then the instance disappears and its next heartbeat is a 404', async () => {
    await register(app, 'product', 'p1', 'http://127.0.0.1:8082');
    clock += TTL_MS + 1;

    const listed = await app.inject({ method: 'GET', url: '/registry/services/product' });
    expect(listed.json().instances).toEqual([]);
    const beat = await app.inject({ method: 'PUT', url: '/registry/services/product/instances/p1/heartbeat' });
    expect(beat.statusCode).toBe(404);
    expect(beat.headers['content-type']).toContain('application/problem+json');
    expect(beat.json()).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('when an unknown instance sends a heartbeat, then it gets a 404 problem so it registers again', async () => {
    const beat = await app.inject({ method: 'PUT', url: '/registry/services/product/instances/never-seen/heartbeat' });
    expect(beat.statusCode).toBe(404);
    expect(beat.json().code).toBe('not_found');
  });

  it('when an instance deregisters, then it is gone, and deregistering again is still a 204', async () => {
    await register(app, 'product', 'p1', 'http://127.0.0.1:8082');
    const first = await app.inject({ method: 'DELETE', url: '/registry/services/product/instances/p1' });
    const second = await app.inject({ method: 'DELETE', url: '/registry/services/product/instances/p1' });

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
  ])('when registering with %s, then it is a 400 problem', async (_situation, service, instanceId, url) => {
    const response = await register(app, service, instanceId, url);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ status: 400, code: 'validation_failed' });
  });

  it('when the body has a key besides url, then it is refused', async () => {
    const response = await app.inject({
      method: 'PUT',
      url: '/registry/services/product/instances/p1',
      payload: { url: 'http://127.0.0.1:8082', weight: 5 },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ path: 'body.weight', message: 'is not allowed' }]);
  });

  it('when the registry answers health probes, then it is live and ready', async () => {
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
  });
});

describe('registry with REGISTRY_TOKEN', () => {
  const token = 'internal-secret-123';
  let app: App;

  beforeAll(async () => {
    app = await buildApp({ ...config, REGISTRY_TOKEN: token }, { logger });
    await app.ready();
  });
  afterAll(() => app.close());

  it('when a write has no token or a wrong one, then it is a 401 and nothing changes', async () => {
    const missing = await register(app, 'product', 'p1', 'http://127.0.0.1:8082');
    const wrong = await register(app, 'product', 'p1', 'http://127.0.0.1:8082', { 'x-registry-token': 'internal-secret-124' });
    const deleted = await app.inject({ method: 'DELETE', url: '/registry/services/product/instances/p1' });
    const beat = await app.inject({ method: 'PUT', url: '/registry/services/product/instances/p1/heartbeat' });

    expect([missing.statusCode, wrong.statusCode, deleted.statusCode, beat.statusCode]).toEqual([401, 401, 401, 401]);
    expect(missing.json().code).toBe('unauthorized');
    const listed = await app.inject({ method: 'GET', url: '/registry/services/product' });
    expect(listed.json().instances).toEqual([]);
  });

  it('when writes carry the token, then they succeed, and reads need no token', async () => {
    const headers = { 'x-registry-token': token };
    expect((await register(app, 'product', 'p1', 'http://127.0.0.1:8082', headers)).statusCode).toBe(200);
    const beat = await app.inject({ method: 'PUT', url: '/registry/services/product/instances/p1/heartbeat', headers });
    expect(beat.statusCode).toBe(200);

    const listed = await app.inject({ method: 'GET', url: '/registry/services/product' });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().instances).toHaveLength(1);
    const deleted = await app.inject({ method: 'DELETE', url: '/registry/services/product/instances/p1', headers });
    expect(deleted.statusCode).toBe(204);
  });
});
