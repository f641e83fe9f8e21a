import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestKeys,
  startOrderService,
  startProductPeer,
  type OrderService,
  type ProductPeer,
} from './helpers.js';

describe('cart', () => {
  let catalog: ProductPeer;
  let service: OrderService;

  beforeAll(async () => {
    const keys = await createTestKeys();
    catalog = await startProductPeer(keys);
    service = await startOrderService('cart', keys, catalog.url);
  });
  afterAll(async () => {
    await service?.close();
    await catalog?.close();
  });

  it('when a client has never added anything, then the cart is empty in MAD', async () => {
    const client = await service.client();
    const response = await client.request({ method: 'GET', url: '/api/cart' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ items: [], total: 0, currency: 'MAD' });
  });

  it('when products are put in the cart, then it shows the catalog names, prices, stock and totals', async () => {
    const client = await service.client();
    const tea = await catalog.addProduct({ name: 'Mint tea', price: 4500, stock: 3 });
    const oil = await catalog.addProduct({ name: 'Argan oil', price: 12900, stock: 10 });

    const first = await client.request({
      method: 'PUT',
      url: `/api/cart/items/${tea.id}`,
      payload: { quantity: 5 },
    });
    expect(first.statusCode).toBe(200);
    const second = await client.request({
      method: 'PUT',
      url: `/api/cart/items/${oil.id}`,
      payload: { quantity: 2 },
    });
    expect(second.json()).toEqual({
      items: [
        {
          productId: tea.id,
          name: 'Mint tea',
          unitPrice: 4500,
          currency: 'MAD',
          quantity: 5,
          lineTotal: 22500,
          stock: 3,
          available: false,
        },
        {
          productId: oil.id,
          name: 'Argan oil',
          unitPrice: 12900,
          currency: 'MAD',
          quantity: 2,
          lineTotal: 25800,
          stock: 10,
          available: true,
        },
      ],
      total: 48300,
      currency: 'MAD',
    });

    const changed = await client.request({
      method: 'PUT',
      url: `/api/cart/items/${tea.id}`,
      payload: { quantity: 1 },
    });
    expect(changed.json().items[0]).toMatchObject({
      productId: tea.id,
      quantity: 1,
      lineTotal: 4500,
      available: true,
    });
    expect(changed.json().total).toBe(4500 + 25800);
  });

  it('when the catalog changes a price or stock, then the cart shows the new figures', async () => {
    const client = await service.client();
    const dates = await catalog.addProduct({ name: 'Medjool dates', price: 9000, stock: 8 });
    await client.request({
      method: 'PUT',
      url: `/api/cart/items/${dates.id}`,
      payload: { quantity: 4 },
    });
    await catalog.changeProduct(dates.id, { price: 9900, stock: 2, name: 'Medjool dates, 1 kg' });

    const cart = (await client.request({ method: 'GET', url: '/api/cart' })).json();
    expect(cart.items).toEqual([
      {
        productId: dates.id,
        name: 'Medjool dates, 1 kg',
        unitPrice: 9900,
        currency: 'MAD',
        quantity: 4,
        lineTotal: 39600,
        stock: 2,
        available: false,
      },
    ]);
    expect(cart.total).toBe(39600);
  });

  it('when a product leaves the catalog, then it is dropped from the reply and from the cart', async () => {
    const client = await service.client();
    const soap = await catalog.addProduct({ name: 'Black soap', price: 3000 });
    const kept = await catalog.addProduct({ name: 'Rose water', price: 5000 });
    await client.request({
      method: 'PUT',
      url: `/api/cart/items/${soap.id}`,
      payload: { quantity: 1 },
    });
    await client.request({
      method: 'PUT',
      url: `/api/cart/items/${kept.id}`,
      payload: { quantity: 1 },
    });
    await catalog.deleteProduct(soap.id);

    const cart = (await client.request({ method: 'GET', url: '/api/cart' })).json();
    expect(cart.items.map((item: any) => item.productId)).toEqual([kept.id]);
    expect(cart.total).toBe(5000);
    const stored = await service.query<{ product_id: string }>(
      'SELECT product_id FROM cart_items WHERE user_id = $1',
      [client.userId],
    );
    expect(stored.map((row) => row.product_id)).toEqual([kept.id]);
  });

  it('when the product does not exist, then putting it is a 404 and the cart is unchanged', async () => {
    const client = await service.client();
    const response = await client.request({
      method: 'PUT',
      url: `/api/cart/items/${randomUUID()}`,
      payload: { quantity: 1 },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'not_found', detail: 'Product not found' });
    expect((await client.request({ method: 'GET', url: '/api/cart' })).json().items).toEqual([]);
  });

  it('when the quantity is out of 1..99 or the body has other keys, then it is a 400', async () => {
    const client = await service.client();
    const product = await catalog.addProduct({ name: 'Saffron', price: 8000 });
    for (const payload of [
      { quantity: 0 },
      { quantity: 100 },
      { quantity: 1.5 },
      { quantity: '2' },
      {},
      { quantity: 1, unitPrice: 1 },
    ]) {
      const response = await client.request({
        method: 'PUT',
        url: `/api/cart/items/${product.id}`,
        payload,
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect(
      (
        await client.request({
          method: 'PUT',
          url: '/api/cart/items/not-a-uuid',
          payload: { quantity: 1 },
        })
      ).statusCode,
    ).toBe(400);
  });

  it('when a line is removed or the cart emptied, then the cart shows it', async () => {
    const client = await service.client();
    const a = await catalog.addProduct({ name: 'Couscous', price: 2500 });
    const b = await catalog.addProduct({ name: 'Harissa', price: 1800 });
    await client.request({
      method: 'PUT',
      url: `/api/cart/items/${a.id}`,
      payload: { quantity: 2 },
    });
    await client.request({
      method: 'PUT',
      url: `/api/cart/items/${b.id}`,
      payload: { quantity: 1 },
    });

    const removed = await client.request({ method: 'DELETE', url: `/api/cart/items/${a.id}` });
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({
      items: [{ productId: b.id, quantity: 1 }],
      total: 1800,
    });
    expect(
      (await client.request({ method: 'DELETE', url: `/api/cart/items/${a.id}` })).statusCode,
    ).toBe(200);

    const cleared = await client.request({ method: 'DELETE', url: '/api/cart' });
    expect(cleared.statusCode).toBe(204);
    expect(cleared.body).toBe('');
    expect((await client.request({ method: 'GET', url: '/api/cart' })).json()).toEqual({
      items: [],
      total: 0,
      currency: 'MAD',
    });
  });

  it('when a cart already holds 50 products, then a 51st is refused with 409 but existing lines can change', async () => {
    const client = await service.client();
    const products = await Promise.all(
      Array.from({ length: 51 }, (_, i) =>
        catalog.addProduct({ name: `Spice ${i}`, price: 100 + i }),
      ),
    );
    for (const product of products.slice(0, 50)) {
      const response = await client.request({
        method: 'PUT',
        url: `/api/cart/items/${product.id}`,
        payload: { quantity: 1 },
      });
      expect(response.statusCode).toBe(200);
    }
    const extra = await client.request({
      method: 'PUT',
      url: `/api/cart/items/${products[50]!.id}`,
      payload: { quantity: 1 },
    });
    expect(extra.statusCode).toBe(409);
    const change = await client.request({
      method: 'PUT',
      url: `/api/cart/items/${products[0]!.id}`,
      payload: { quantity: 3 },
    });
    expect(change.statusCode).toBe(200);
    expect(change.json().items).toHaveLength(50);
  });

  it('when a product in another currency is added to a MAD cart, then it is refused with 409', async () => {
    const client = await service.client();
    const mad = await catalog.addProduct({ name: 'Amlou', price: 6000 });
    const eur = await catalog.addProduct({ name: 'Imported kettle', price: 4500, currency: 'EUR' });
    await client.request({
      method: 'PUT',
      url: `/api/cart/items/${mad.id}`,
      payload: { quantity: 1 },
    });
    const response = await client.request({
      method: 'PUT',
      url: `/api/cart/items/${eur.id}`,
      payload: { quantity: 1 },
    });
    expect(response.statusCode).toBe(409);
  });

  it('when two clients fill carts, then each sees only their own, and no token is a 401', async () => {
    const a = await service.client();
    const b = await service.client();
    const product = await catalog.addProduct({ name: 'Olives', price: 2000 });
    await a.request({
      method: 'PUT',
      url: `/api/cart/items/${product.id}`,
      payload: { quantity: 2 },
    });
    expect((await b.request({ method: 'GET', url: '/api/cart' })).json().items).toEqual([]);
    await b.request({ method: 'DELETE', url: '/api/cart' });
    expect((await a.request({ method: 'GET', url: '/api/cart' })).json().items).toHaveLength(1);
    expect((await service.app.inject({ method: 'GET', url: '/api/cart' })).statusCode).toBe(401);
  });

  it('when the OpenAPI document is read, then it lists the cart, order and figures routes', async () => {
    const document = (await service.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/cart',
        '/api/cart/items/{productId}',
        '/api/orders',
        '/api/orders/{id}',
        '/api/orders/{id}/cancel',
        '/api/orders/{id}/status',
        '/api/orders/stats',
      ]),
    );
  });
});
