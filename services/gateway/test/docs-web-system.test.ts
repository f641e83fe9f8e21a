import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App } from '@souk/platform';
import { createTestKeys, type TestKeys } from '@souk/testkit';
import { call, startGateway, startUpstream, serveTokenKeys } from './support.js';

const Category = Type.Object({ id: Type.String(), name: Type.String() }, { $id: 'Category' });

describe('API docs, system view and web app', () => {
  const apps: App[] = [];
  let keys: TestKeys;
  let gateway: { app: App; url: string };
  let webDir: string;

  beforeAll(async () => {
    keys = await createTestKeys();
    webDir = await mkdtemp(path.join(tmpdir(), 'souk-web-'));
    await mkdir(path.join(webDir, 'assets'));
    await writeFile(
      path.join(webDir, 'index.html'),
      '<!doctype html><title>souk shop</title><div id="root"></div>',
    );
    await writeFile(path.join(webDir, 'assets', 'index-3f2a9c.js'), 'console.log("shop")');
    await writeFile(path.join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(path.join(webDir, '.env'), 'SECRET=1');

    const auth = await startUpstream('auth', (app) => {
      serveTokenKeys(app, () => keys.jwks);
      app.post(
        '/api/auth/login',
        {
          schema: {
            tags: ['auth'],
            body: Type.Object(
              { email: Type.String({ maxLength: 320 }), password: Type.String({ maxLength: 128 }) },
              { additionalProperties: false },
            ),
            response: { 200: Type.Object({ accessToken: Type.String() }) },
          },
        },
        async () => ({ accessToken: 'x' }),
      );
    });
    const product = await startUpstream('product', (app) => {
      app.addSchema(Category);
      app.get(
        '/api/categories',
        { schema: { tags: ['catalog'], response: { 200: Type.Array(Type.Ref(Category)) } } },
        async () => [],
      );
      app.get(
        '/api/products/:id',
        {
          schema: {
            params: Type.Object(
              { id: Type.String({ maxLength: 36 }) },
              { additionalProperties: false },
            ),
          },
        },
        async () => ({}),
      );
    });
    const dead = await startUpstream('client', () => {});
    await dead.app.close();
    const brokerless = await startUpstream('payment', () => {}, {
      readiness: [
        { name: 'database', check: async () => {} },
        {
          name: 'broker',
          required: false,
          check: async () => {
            throw new Error('RabbitMQ is not connected');
          },
        },
      ],
    });
    apps.push(auth.app, product.app, brokerless.app);
    gateway = await startGateway(
      { auth: auth.url, product: product.url, client: dead.url, payment: brokerless.url },
      { WEB_DIR: webDir },
    );
  });

  afterAll(async () => {
    await gateway?.app.close();
    await Promise.all(apps.map((app) => app.close()));
    await rm(webDir, { recursive: true, force: true });
  });

  it('when the merged document is asked for, then it holds every answering service and names the others', async () => {
    const answer = await call(gateway.url, '/api/docs/openapi.json');
    expect(answer.status).toBe(200);
    const document = answer.json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/categories',
        '/api/products/{id}',
        '/api/system/services',
      ]),
    );
    expect(document.paths['/api/auth/login'].post).toBeDefined();
    expect(document.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    expect(JSON.stringify(document.components.schemas ?? {})).toContain('Category');
    expect(document.info.description).toContain('Included services: gateway, auth, product');
    expect(document.info.description).toMatch(/Not answering.*client/);
    expect(Object.keys(document.paths)).not.toContain('/openapi.json');
    expect(Object.keys(document.paths)).not.toContain('/api/*');
  });

  it('when /api/docs is opened, then Swagger UI loads the merged document', async () => {
    const page = await call(gateway.url, '/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('swagger-ui');
    const initializer = await call(gateway.url, '/api/docs/static/swagger-initializer.js');
    expect(initializer.text).toContain("resolveUrl('./json')");
    const json = await call(gateway.url, '/api/docs/json');
    expect(Object.keys(json.json().paths)).toContain('/api/categories');
    expect((await call(gateway.url, '/api/docs/static/swagger-ui-bundle.js')).status).toBe(200);
  });

  it('when an admin asks for the system view, then each instance shows its readiness', async () => {
    const answer = await call(gateway.url, '/api/system/services', {
      headers: { authorization: `Bearer ${await keys.sign({ roles: ['ADMIN'] })}` },
    });
    expect(answer.status).toBe(200);
    const services = new Map(
      answer
        .json<{
          services: Array<{ name: string; instances: Array<{ state: string; checks: object }> }>;
        }>()
        .services.map((service) => [service.name, service]),
    );
    expect(services.get('auth')?.instances).toEqual([expect.objectContaining({ state: 'ready' })]);
    expect(services.get('product')?.instances[0]?.state).toBe('ready');
    expect(services.get('client')?.instances[0]?.state).toBe('unreachable');
    expect(services.get('payment')?.instances[0]).toMatchObject({
      state: 'degraded',
      checks: { database: 'ok', broker: 'RabbitMQ is not connected' },
    });
    expect(services.get('order')?.instances).toEqual([]);
    expect(services.get('gateway')?.instances[0]).toMatchObject({
      state: 'ready',
      checks: { discovery: 'ok' },
    });
  });

  it('when a client-side route is opened, then index.html comes back, never cached', async () => {
    for (const route of ['/', '/products/p1', '/account/orders']) {
      const answer = await call(gateway.url, route);
      expect(answer.status, route).toBe(200);
      expect(answer.text).toContain('souk shop');
      expect(answer.headers['cache-control']).toBe('no-cache');
    }
  });

  it('when a file is asked for, then hashed assets are cached for long and missing files are a 404', async () => {
    const asset = await call(gateway.url, '/assets/index-3f2a9c.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await call(gateway.url, '/favicon.svg')).headers['cache-control']).toBe('no-cache');
    for (const missing of ['/assets/gone.js', '/.env', '/api', '/health/other']) {
      const answer = await call(gateway.url, missing);
      expect(answer.status, missing).toBe(404);
      expect(answer.headers['content-type'], missing).toContain('application/problem+json');
    }
  });

  it('when the health routes are asked, then the gateway is live and ready', async () => {
    expect((await call(gateway.url, '/health/live')).status).toBe(200);
    const ready = await call(gateway.url, '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ok', checks: { discovery: 'ok' } });
  });

  it('when the web app is not built, then a page says how to build it and where the docs are', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'souk-web-empty-'));
    const bare = await startGateway({}, { WEB_DIR: empty });
    try {
      const page = await call(bare.url, '/');
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.text).toContain('npm run build');
      expect(page.text).toContain('/api/docs');
      expect((await call(bare.url, '/health/ready')).status).toBe(503);
    } finally {
      await bare.app.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});
