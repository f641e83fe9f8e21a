import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually, type ApiClient } from '../support/api.js';
import { startSystem, type System } from '../support/system.js';

// Issue 2's system test: the real processes, started the way `npm start` does, driven through
// the gateway: register -> login -> browse and search -> admin creates a category and a product
// -> a visitor sees it.
describe('the platform spine through the gateway', () => {
  let system: System;
  let api: ApiClient;
  let adminToken: string;

  beforeAll(async () => {
    system = await startSystem();
    api = apiClient(system.gatewayUrl);
    adminToken = await api.login(system.admin.email, system.admin.password);
  });
  afterAll(() => system?.stop());

  it('a visitor registers, logs in and reads their account', async () => {
    const client = await api.register('spine');
    const token = await api.login(client.email, client.password);
    const me = await api.get('/api/auth/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: client.userId, email: client.email, roles: ['CLIENT'] });
    expect((await api.get('/api/auth/me')).status).toBe(401);
  });

  it('a visitor browses and searches the demo catalog', async () => {
    const categories = await api.get('/api/categories');
    expect(categories.status).toBe(200);
    expect(categories.body.length).toBeGreaterThanOrEqual(6);
    const page = await api.get('/api/products?pageSize=12&sort=price_asc');
    expect(page.status).toBe(200);
    expect(page.body.total).toBeGreaterThanOrEqual(40);
    expect(page.body.items).toHaveLength(12);
    const prices = page.body.items.map((item: { price: number }) => item.price);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const search = await api.get('/api/products?q=argan');
    expect(search.body.items.length).toBeGreaterThan(0);
    expect(search.body.items[0].name.toLowerCase()).toContain('argan');
    const image = await fetch(`${system.gatewayUrl}${page.body.items[0].imageUrl}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toMatch(/^image\//);
  });

  it('an admin creates a category and a product, and a visitor sees them', async () => {
    const category = await api.post('/api/categories', {
      token: adminToken,
      body: { name: 'Zellige tiles', description: 'Hand-cut in Fès.' },
    });
    expect(category.status).toBe(201);
    const product = await api.post('/api/products', {
      token: adminToken,
      body: {
        name: 'Zellige tile set',
        description: 'Twelve glazed terracotta tiles.',
        price: 45000,
        stock: 7,
        categoryId: category.body.id,
      },
    });
    expect(product.status).toBe(201);
    // The gateway caches catalog reads and purges them on product events: the visitor sees it.
    const seen = await eventually(async () => {
      const result = await api.get(`/api/products?categoryId=${category.body.id}`);
      return result.body.total === 1 ? result.body.items[0] : undefined;
    }, 'the new product in the catalog');
    expect(seen).toMatchObject({
      name: 'Zellige tile set',
      price: 45000,
      currency: 'MAD',
      stock: 7,
    });
    const categories = await eventually(async () => {
      const result = await api.get('/api/categories');
      const found = result.body.find((entry: { id: string }) => entry.id === category.body.id);
      return found?.productCount === 1 ? found : undefined;
    }, 'the category with its product count');
    expect(categories.name).toBe('Zellige tiles');
  });

  it('roles are enforced: no token 401, a client token 403 on admin writes', async () => {
    const client = await api.register('nosy');
    const body = { name: 'Sneaky category' };
    expect((await api.post('/api/categories', { body })).status).toBe(401);
    const forbidden = await api.post('/api/categories', { token: client.token, body });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toContain('application/problem+json');
    expect(forbidden.body.code).toBe('forbidden');
  });

  it('bad input gets a 4xx problem, never a 5xx', async () => {
    const cases: Array<[string, string, unknown]> = [
      ['GET', '/api/products?pageSize=10000', undefined],
      ['GET', '/api/products?minPrice=abc', undefined],
      ['GET', '/api/products/not-a-uuid', undefined],
      ['POST', '/api/auth/register', { email: 'x', password: 1 }],
      [
        'POST',
        '/api/auth/register',
        { email: 'ok@example.com', password: 'short', firstName: 'a', lastName: 'b' },
      ],
      ['POST', '/api/auth/login', { email: ['array'], password: {} }],
      [
        'POST',
        '/api/auth/register',
        { email: 'a@b.ma', password: 'x'.repeat(2_000_000), firstName: 'a', lastName: 'b' },
      ],
    ];
    for (const [method, path, body] of cases) {
      const response = await api.request(method, path, { body });
      expect(response.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `${method} ${path}`).toBeLessThan(500);
      expect(response.headers.get('content-type'), `${method} ${path}`).toContain(
        'application/problem+json',
      );
    }
  });

  it('the API docs page aggregates every service', async () => {
    const docs = await api.get('/api/docs/openapi.json');
    expect(docs.status).toBe(200);
    const paths = Object.keys(docs.body.paths);
    for (const path of [
      '/api/auth/login',
      '/api/products',
      '/api/categories',
      '/api/orders',
      '/api/payments',
      '/api/clients/me',
      '/api/notifications',
    ]) {
      expect(paths, path).toContain(path);
    }
  });
});
