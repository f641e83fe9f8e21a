import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCategory, createProduct, startProductService, type TestService } from './helpers.js';

describe('categories', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startProductService('categories');
  });
  afterAll(() => service?.close());

  it('when an admin creates categories, then anyone lists them sorted by name with their product counts', async () => {
    const tea = await createCategory(service, 'Tea & Coffee', 'Everything for mint tea.');
    const argan = await createCategory(service, '  argan   Oils ');
    await createProduct(service, { name: 'Gunpowder tea', price: 6500, categoryId: tea });
    await createProduct(service, { name: 'Berrad teapot', price: 39000, categoryId: tea });

    const response = await service.app.inject({ method: 'GET', url: '/api/categories' });
    expect(response.statusCode).toBe(200);
    const listed = response
      .json()
      .filter((category: { id: string }) => [tea, argan].includes(category.id));
    expect(listed).toEqual([
      { id: argan, name: 'argan Oils', description: '', productCount: 0 },
      { id: tea, name: 'Tea & Coffee', description: 'Everything for mint tea.', productCount: 2 },
    ]);

    const one = await service.app.inject({ method: 'GET', url: `/api/categories/${tea}` });
    expect(one.json()).toEqual({
      id: tea,
      name: 'Tea & Coffee',
      description: 'Everything for mint tea.',
      productCount: 2,
    });
  });

  it('when a category name is taken, in any letter case, then creating or renaming to it is a 409', async () => {
    const first = await createCategory(service, 'Babouches');
    const other = await createCategory(service, 'Lanterns');

    const duplicate = await service.asAdmin({
      method: 'POST',
      url: '/api/categories',
      payload: { name: 'BABOUCHES' },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.headers['content-type']).toContain('application/problem+json');
    expect(duplicate.json()).toMatchObject({
      code: 'conflict',
      detail: 'A category named "BABOUCHES" already exists',
    });

    const rename = await service.asAdmin({
      method: 'PATCH',
      url: `/api/categories/${other}`,
      payload: { name: 'babouches' },
    });
    expect(rename.statusCode).toBe(409);
    const unchanged = await service.app.inject({ method: 'GET', url: `/api/categories/${other}` });
    expect(unchanged.json().name).toBe('Lanterns');

    const sameName = await service.asAdmin({
      method: 'PATCH',
      url: `/api/categories/${first}`,
      payload: { name: 'Babouches', description: 'Slippers' },
    });
    expect(sameName.statusCode).toBe(200);
  });

  it('when an admin edits a category, then the new name and description are kept', async () => {
    const id = await createCategory(service, 'Rugs');
    const response = await service.asAdmin({
      method: 'PATCH',
      url: `/api/categories/${id}`,
      payload: { description: 'Hand-knotted in the Atlas.' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      id,
      name: 'Rugs',
      description: 'Hand-knotted in the Atlas.',
      productCount: 0,
    });

    const renamed = await service.asAdmin({
      method: 'PATCH',
      url: `/api/categories/${id}`,
      payload: { name: 'Rugs & Kilims' },
    });
    expect(renamed.json()).toMatchObject({
      name: 'Rugs & Kilims',
      description: 'Hand-knotted in the Atlas.',
    });
  });

  it('when a category still has products, then deleting it is a 409 with the product count, and it stays', async () => {
    const id = await createCategory(service, 'Spices');
    await createProduct(service, { name: 'Cumin', price: 3200, categoryId: id });
    await createProduct(service, { name: 'Paprika', price: 2800, categoryId: id });

    const response = await service.asAdmin({ method: 'DELETE', url: `/api/categories/${id}` });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'conflict', productCount: 2 });
    expect(response.json().detail).toBe(
      'Category "Spices" still has 2 products; move or delete them first',
    );
    expect(
      (await service.app.inject({ method: 'GET', url: `/api/categories/${id}` })).statusCode,
    ).toBe(200);
  });

  it('when its only products were deleted, then the category can be deleted and is gone', async () => {
    const id = await createCategory(service, 'Lamps');
    const lamp = await createProduct(service, { name: 'Brass lamp', price: 45000, categoryId: id });
    expect(
      (await service.asAdmin({ method: 'DELETE', url: `/api/products/${lamp.id}` })).statusCode,
    ).toBe(204);

    const response = await service.asAdmin({ method: 'DELETE', url: `/api/categories/${id}` });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(
      (await service.app.inject({ method: 'GET', url: `/api/categories/${id}` })).statusCode,
    ).toBe(404);
    expect(
      (await service.asAdmin({ method: 'DELETE', url: `/api/categories/${id}` })).statusCode,
    ).toBe(404);
  });

  it('when the body is invalid, then it is a 400 problem', async () => {
    const id = await createCategory(service, 'Ceramics');
    for (const payload of [
      {},
      { name: '' },
      { name: '   ' },
      { name: 42 },
      { name: 'x'.repeat(81) },
      { name: 'Pots', id },
      { name: 'Pots', productCount: 3 },
    ]) {
      const response = await service.asAdmin({ method: 'POST', url: '/api/categories', payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().code).toBe('validation_failed');
    }
    const empty = await service.asAdmin({
      method: 'PATCH',
      url: `/api/categories/${id}`,
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
    const badId = await service.app.inject({ method: 'GET', url: '/api/categories/not-a-uuid' });
    expect(badId.statusCode).toBe(400);
  });

  it('when nobody or a client writes, then it is 401 or 403 and nothing changes', async () => {
    const id = await createCategory(service, 'Jewellery');
    const writes = [
      { method: 'POST' as const, url: '/api/categories', payload: { name: 'Sneaky' } },
      { method: 'PATCH' as const, url: `/api/categories/${id}`, payload: { name: 'Sneaky' } },
      { method: 'DELETE' as const, url: `/api/categories/${id}` },
    ];
    for (const write of writes) {
      const anonymous = await service.app.inject(write);
      expect(anonymous.statusCode, `${write.method} anonymous`).toBe(401);
      const client = await service.app.inject({
        ...write,
        headers: { authorization: `Bearer ${service.clientToken}` },
      });
      expect(client.statusCode, `${write.method} client`).toBe(403);
      expect(client.json().code).toBe('forbidden');
    }
    const names = (await service.app.inject({ method: 'GET', url: '/api/categories' }))
      .json()
      .map((c: { name: string }) => c.name);
    expect(names).toContain('Jewellery');
    expect(names).not.toContain('Sneaky');
  });
});
