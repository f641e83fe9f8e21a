import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCategory, createProduct, startProductService, type TestService } from './helpers.js';

describe('products', () => {
  let service: TestService;
  let categoryId: string;

  beforeAll(async () => {
    service = await startProductService('products');
    categoryId = await createCategory(service, 'Kitchen');
  });
  afterAll(() => service?.close());

  const validBody = () => ({
    name: 'Painted tajine',
    description: 'Hand-painted in Safi.',
    price: 32000,
    stock: 15,
    categoryId,
  });

  it('when an admin adds a product, then it is 201 with MAD by default and anyone can read it', async () => {
    const response = await service.asAdmin({
      method: 'POST',
      url: '/api/products',
      payload: { ...validBody(), name: '  Painted   tajine ' },
    });
    expect(response.statusCode).toBe(201);
    const product = response.json();
    expect(product).toEqual({
      id: expect.any(String),
      name: 'Painted tajine',
      description: 'Hand-painted in Safi.',
      price: 32000,
      currency: 'MAD',
      stock: 15,
      categoryId,
      imageUrl: null,
      createdAt: expect.any(String),
    });
    expect(Date.parse(product.createdAt)).toBeGreaterThan(Date.now() - 60_000);

    const read = await service.app.inject({ method: 'GET', url: `/api/products/${product.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(product);
  });

  it('when a currency is given, then it is kept', async () => {
    const product = await createProduct(service, {
      name: 'Imported kettle',
      price: 4500,
      currency: 'EUR',
      categoryId,
    });
    expect(product.currency).toBe('EUR');
  });

  it('when a product does not exist, then reading, changing or deleting it is a 404 problem', async () => {
    const id = randomUUID();
    const read = await service.app.inject({ method: 'GET', url: `/api/products/${id}` });
    expect(read.statusCode).toBe(404);
    expect(read.headers['content-type']).toContain('application/problem+json');
    expect(read.json()).toMatchObject({ code: 'not_found', detail: 'Product not found' });
    expect(
      (
        await service.asAdmin({
          method: 'PATCH',
          url: `/api/products/${id}`,
          payload: { price: 1 },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await service.asAdmin({ method: 'DELETE', url: `/api/products/${id}` })).statusCode,
    ).toBe(404);
  });

  it('when an admin changes some fields, then only those change', async () => {
    const product = await createProduct(service, {
      name: 'Teapot',
      price: 39000,
      stock: 4,
      categoryId,
    });
    const otherCategory = await createCategory(service, 'Tea');
    const response = await service.asAdmin({
      method: 'PATCH',
      url: `/api/products/${product.id}`,
      payload: { price: 35000, stock: 0, categoryId: otherCategory },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      ...product,
      price: 35000,
      stock: 0,
      categoryId: otherCategory,
    });
    const read = await service.app.inject({ method: 'GET', url: `/api/products/${product.id}` });
    expect(read.json()).toEqual(response.json());
  });

  it('when the category does not exist, then creating or moving a product is a 400 naming categoryId', async () => {
    const missing = randomUUID();
    const create = await service.asAdmin({
      method: 'POST',
      url: '/api/products',
      payload: { ...validBody(), categoryId: missing },
    });
    expect(create.statusCode).toBe(400);
    expect(create.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'body.categoryId', message: 'does not exist' }],
    });

    const product = await createProduct(service, { name: 'Bowl', price: 21000, categoryId });
    const move = await service.asAdmin({
      method: 'PATCH',
      url: `/api/products/${product.id}`,
      payload: { categoryId: missing },
    });
    expect(move.statusCode).toBe(400);
    expect(
      (await service.app.inject({ method: 'GET', url: `/api/products/${product.id}` })).json()
        .categoryId,
    ).toBe(categoryId);
  });

  it('when a product is deleted, then it answers 404 and leaves listings and category counts', async () => {
    const own = await createCategory(service, 'Lanterns');
    const product = await createProduct(service, {
      name: 'Brass lantern',
      price: 45000,
      categoryId: own,
    });
    const response = await service.asAdmin({
      method: 'DELETE',
      url: `/api/products/${product.id}`,
    });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');

    expect(
      (await service.app.inject({ method: 'GET', url: `/api/products/${product.id}` })).statusCode,
    ).toBe(404);
    const listed = await service.app.inject({
      method: 'GET',
      url: `/api/products?categoryId=${own}`,
    });
    expect(listed.json()).toMatchObject({ items: [], total: 0 });
    const byId = await service.app.inject({
      method: 'GET',
      url: `/api/products?ids=${product.id}`,
    });
    expect(byId.json().items).toEqual([]);
    expect(
      (await service.app.inject({ method: 'GET', url: `/api/categories/${own}` })).json()
        .productCount,
    ).toBe(0);
    expect(
      (
        await service.asAdmin({
          method: 'PATCH',
          url: `/api/products/${product.id}`,
          payload: { stock: 3 },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await service.asAdmin({ method: 'DELETE', url: `/api/products/${product.id}` })).statusCode,
    ).toBe(404);
  });

  it('when the body has wrong types, unknown or server-owned keys, or out-of-range values, then it is a 400 problem', async () => {
    const invalid: Array<[string, Record<string, unknown>]> = [
      ['price as a string', { ...validBody(), price: '320.00' }],
      ['price with decimals', { ...validBody(), price: 320.5 }],
      ['negative price', { ...validBody(), price: -1 }],
      ['negative stock', { ...validBody(), stock: -1 }],
      ['stock as a string', { ...validBody(), stock: '3' }],
      ['fractional stock', { ...validBody(), stock: 1.5 }],
      ['an id', { ...validBody(), id: randomUUID() }],
      ['a createdAt', { ...validBody(), createdAt: new Date().toISOString() }],
      ['an imageUrl', { ...validBody(), imageUrl: 'https://evil.example/x.png' }],
      ['a lower-case currency', { ...validBody(), currency: 'mad' }],
      ['a blank name', { ...validBody(), name: '   ' }],
      ['a missing description', { name: 'x', price: 1, stock: 1, categoryId }],
      ['a category that is not a uuid', { ...validBody(), categoryId: '42' }],
      ['a null name', { ...validBody(), name: null }],
    ];
    for (const [label, payload] of invalid) {
      const response = await service.asAdmin({ method: 'POST', url: '/api/products', payload });
      expect(response.statusCode, label).toBe(400);
      expect(response.headers['content-type'], label).toContain('application/problem+json');
      expect(response.json().code, label).toBe('validation_failed');
    }
    const unknownKey = await service.asAdmin({
      method: 'POST',
      url: '/api/products',
      payload: { ...validBody(), id: randomUUID() },
    });
    expect(unknownKey.json().errors).toEqual([{ path: 'body.id', message: 'is not allowed' }]);

    const product = await createProduct(service, { name: 'Plate', price: 14000, categoryId });
    for (const payload of [
      {},
      { stock: -1 },
      { price: 1.25 },
      { currency: 'EUR' },
      { createdAt: '2020-01-01T00:00:00Z' },
      { id: randomUUID() },
    ]) {
      const response = await service.asAdmin({
        method: 'PATCH',
        url: `/api/products/${product.id}`,
        payload,
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect(
      (await service.app.inject({ method: 'GET', url: `/api/products/${product.id}` })).json(),
    ).toEqual(product);
  });

  it('when the body is not JSON or too large, then it is a 4xx problem, never a 5xx', async () => {
    const notJson = await service.asAdmin({
      method: 'POST',
      url: '/api/products',
      payload: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.statusCode).toBe(400);
    const text = await service.asAdmin({
      method: 'POST',
      url: '/api/products',
      payload: 'name=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.statusCode).toBe(415);
    const huge = await service.asAdmin({
      method: 'POST',
      url: '/api/products',
      payload: { ...validBody(), description: 'x'.repeat(200_000) },
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('payload_too_large');
  });

  it('when nobody or a client writes, then it is 401 or 403 and nothing changes', async () => {
    const product = await createProduct(service, { name: 'Bag', price: 55000, categoryId });
    const writes = [
      { method: 'POST' as const, url: '/api/products', payload: validBody() },
      { method: 'PATCH' as const, url: `/api/products/${product.id}`, payload: { price: 1 } },
      { method: 'DELETE' as const, url: `/api/products/${product.id}` },
    ];
    for (const write of writes) {
      const anonymous = await service.app.inject(write);
      expect(anonymous.statusCode, `${write.method} anonymous`).toBe(401);
      expect(anonymous.headers['www-authenticate']).toBe('Bearer');
      const client = await service.app.inject({
        ...write,
        headers: { authorization: `Bearer ${service.clientToken}` },
      });
      expect(client.statusCode, `${write.method} client`).toBe(403);
      const forged = await service.app.inject({
        ...write,
        headers: { authorization: `Bearer ${service.adminToken.slice(0, -4)}AAAA` },
      });
      expect(forged.statusCode, `${write.method} forged`).toBe(401);
    }
    expect(
      (await service.app.inject({ method: 'GET', url: `/api/products/${product.id}` })).json(),
    ).toEqual(product);
  });

  it('when the OpenAPI document is asked for, then every catalog route is in it', async () => {
    const paths = Object.keys(
      (await service.app.inject({ method: 'GET', url: '/openapi.json' })).json().paths,
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/categories',
        '/api/categories/{id}',
        '/api/products',
        '/api/products/{id}',
        '/api/products/{id}/image',
        '/api/images/{file}',
      ]),
    );
  });
});
