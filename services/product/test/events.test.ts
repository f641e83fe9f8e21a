import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCategory,
  createProduct,
  multipartBody,
  startProductService,
  tinyPng,
  type TestService,
} from './helpers.js';

describe('catalog events', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startProductService('events');
  });
  afterAll(() => service?.close());

  it('when categories change, then category.created, updated and deleted are published through the outbox', async () => {
    const id = await createCategory(service, 'Ceramics', 'From Safi.');
    const created = await service.waitForEvent(
      'category.created',
      (data) => data.category.id === id,
    );
    expect(created).toMatchObject({
      source: 'product',
      version: 1,
      data: { category: { id, name: 'Ceramics', description: 'From Safi.' } },
    });

    await service.asAdmin({
      method: 'PATCH',
      url: `/api/categories/${id}`,
      payload: { name: 'Pottery' },
    });
    const updated = await service.waitForEvent(
      'category.updated',
      (data) => data.category.id === id,
    );
    expect(updated.data).toEqual({ category: { id, name: 'Pottery', description: 'From Safi.' } });

    await service.asAdmin({ method: 'DELETE', url: `/api/categories/${id}` });
    expect(
      (await service.waitForEvent('category.deleted', (data) => data.categoryId === id)).data,
    ).toEqual({ categoryId: id });
  });

  it('when products change, then product.created, updated (also for a new image) and deleted carry the snapshot', async () => {
    const categoryId = await createCategory(service, 'Tea');
    const product = await createProduct(service, {
      name: 'Teapot',
      price: 39000,
      stock: 3,
      categoryId,
    });
    expect(
      (await service.waitForEvent('product.created', (data) => data.product.id === product.id))
        .data,
    ).toEqual({ product });

    const patched = (
      await service.asAdmin({
        method: 'PATCH',
        url: `/api/products/${product.id}`,
        payload: { stock: 2 },
      })
    ).json();
    expect(
      (
        await service.waitForEvent(
          'product.updated',
          (data) => data.product.id === product.id && data.product.stock === 2,
        )
      ).data,
    ).toEqual({
      product: patched,
    });

    const body = multipartBody('image', 'pot.png', 'image/png', tinyPng());
    const withImage = (
      await service.asAdmin({
        method: 'POST',
        url: `/api/products/${product.id}/image`,
        payload: body.payload,
        headers: body.headers,
      })
    ).json();
    expect(
      (
        await service.waitForEvent(
          'product.updated',
          (data) => data.product.id === product.id && data.product.imageUrl !== null,
        )
      ).data,
    ).toEqual({ product: withImage });

    await service.asAdmin({ method: 'DELETE', url: `/api/products/${product.id}` });
    expect(
      (await service.waitForEvent('product.deleted', (data) => data.productId === product.id)).data,
    ).toEqual({ productId: product.id });
  });

  it('when a change fails, then no event is published for it', async () => {
    const categoryId = await createCategory(service, 'Spices');
    const product = await createProduct(service, { name: 'Cumin', price: 3200, categoryId });
    await service.waitForEvent('product.created', (data) => data.product.id === product.id);
    const before = service.published.length;

    const failures = [
      await service.asAdmin({
        method: 'POST',
        url: '/api/categories',
        payload: { name: 'spices' },
      }),
      await service.asAdmin({ method: 'DELETE', url: `/api/categories/${categoryId}` }),
      await service.asAdmin({
        method: 'POST',
        url: '/api/products',
        payload: { name: 'X', description: '', price: 1, stock: 1, categoryId: randomUUID() },
      }),
      await service.asAdmin({
        method: 'PATCH',
        url: `/api/products/${product.id}`,
        payload: { categoryId: randomUUID() },
      }),
      await service.asAdmin({
        method: 'PATCH',
        url: `/api/products/${randomUUID()}`,
        payload: { stock: 1 },
      }),
      await service.app.inject({
        method: 'DELETE',
        url: `/api/products/${product.id}`,
        headers: { authorization: `Bearer ${service.clientToken}` },
      }),
      await service.asAdmin({
        method: 'POST',
        url: `/api/products/${product.id}/image`,
        ...multipartBody('image', 'x.png', 'image/png', Buffer.from('not an image')),
      }),
    ];
    expect(failures.map((response) => response.statusCode)).toEqual([
      409, 409, 400, 400, 404, 403, 415,
    ]);

    // The outbox is relayed in commit order: once a later event is out, any earlier one would be too.
    const marker = await createCategory(service, 'Marker');
    await service.waitForEvent('category.created', (data) => data.category.id === marker);
    expect(service.published.slice(before).map((envelope) => envelope.type)).toEqual([
      'category.created',
    ]);
  });
});
