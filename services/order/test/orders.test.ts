import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADDRESS,
  createTestKeys,
  type Caller,
  startOrderService,
  startProductPeer,
  type CatalogEntry,
  type OrderService,
  type ProductPeer,
} from './helpers.js';

describe('placing orders', () => {
  let catalog: ProductPeer;
  let service: OrderService;
  let tea: CatalogEntry;
  let oil: CatalogEntry;

  beforeAll(async () => {
    const keys = await createTestKeys();
    catalog = await startProductPeer(keys);
    service = await startOrderService('orders', keys, catalog.url);
    tea = await catalog.addProduct({ name: 'Mint tea', price: 4500, stock: 50 });
    oil = await catalog.addProduct({ name: 'Argan oil', price: 12900, stock: 50 });
  });
  afterAll(async () => {
    await service?.close();
    await catalog?.close();
  });

  /** `key: null` sends no Idempotency-Key header. */
  const post = (client: Caller, payload: unknown, key: string | null = randomUUID()) =>
    client.request({
      method: 'POST',
      url: '/api/orders',
      headers: key === null ? {} : { 'idempotency-key': key },
      payload: payload as object,
    });

  it('when a client places an order, then it is PENDING with the catalog names and prices, and order.placed goes out', async () => {
    const client = await service.client();
    const keep = await catalog.addProduct({ name: 'Saffron', price: 8000 });
    for (const [product, quantity] of [
      [tea, 1],
      [oil, 1],
      [keep, 2],
    ] as const) {
      await client.request({
        method: 'PUT',
        url: `/api/cart/items/${product.id}`,
        payload: { quantity },
      });
    }

    const response = await post(client, {
      items: [
        { productId: tea.id, quantity: 3 },
        { productId: oil.id, quantity: 1 },
      ],
      shippingAddress: { ...ADDRESS, line2: 'Appartement 4', phone: '+212600000000' },
    });
    expect(response.statusCode).toBe(201);
    const order = response.json();
    expect(order).toEqual({
      id: expect.any(String),
      userId: client.userId,
      status: 'PENDING',
      items: [
        { productId: tea.id, name: 'Mint tea', unitPrice: 4500, quantity: 3, lineTotal: 13500 },
        { productId: oil.id, name: 'Argan oil', unitPrice: 12900, quantity: 1, lineTotal: 12900 },
      ],
      total: 26400,
      currency: 'MAD',
      shippingAddress: { ...ADDRESS, line2: 'Appartement 4', phone: '+212600000000' },
      paymentId: null,
      payBy: expect.any(String),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      history: [{ status: 'PENDING', at: expect.any(String) }],
    });
    expect(Date.parse(order.payBy) - Date.parse(order.createdAt)).toBeCloseTo(30 * 60_000, -3);

    const placed = await service.eventually(
      () => service.eventsFor(order.id, 'order.placed')[0] ?? Promise.reject(new Error('not yet')),
    );
    expect(placed.data).toEqual({
      orderId: order.id,
      userId: client.userId,
      items: [
        { productId: tea.id, name: 'Mint tea', unitPrice: 4500, quantity: 3 },
        { productId: oil.id, name: 'Argan oil', unitPrice: 12900, quantity: 1 },
      ],
      total: 26400,
      currency: 'MAD',
      placedAt: order.createdAt,
    });

    const read = await client.request({ method: 'GET', url: `/api/orders/${order.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(order);
    // The ordered products left the cart in the same transaction; the other line stayed.
    const cart = (await client.request({ method: 'GET', url: '/api/cart' })).json();
    expect(cart.items.map((item: any) => item.productId)).toEqual([keep.id]);
  });

  it('when the body carries price, total, status, userId or other unknown keys, then it is a 400 and nothing is placed', async () => {
    const client = await service.client();
    const items = [{ productId: tea.id, quantity: 1 }];
    const bodies = [
      { items, shippingAddress: ADDRESS, total: 1 },
      { items, shippingAddress: ADDRESS, status: 'PAID' },
      { items, shippingAddress: ADDRESS, userId: randomUUID() },
      { items, shippingAddress: ADDRESS, currency: 'EUR' },
      { items: [{ productId: tea.id, quantity: 1, price: 1 }], shippingAddress: ADDRESS },
      {
        items: [{ productId: tea.id, quantity: 1, unitPrice: 1, name: 'Free tea' }],
        shippingAddress: ADDRESS,
      },
      { items, shippingAddress: { ...ADDRESS, userId: randomUUID() } },
    ];
    for (const body of bodies) {
      const response = await post(client, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().code).toBe('validation_failed');
      expect(response.json().errors.map((error: any) => error.message)).toContain('is not allowed');
    }
    expect(
      await service.query('SELECT id FROM orders WHERE user_id = $1', [client.userId]),
    ).toEqual([]);
  });

  it('when the items or the address are malformed, then it is a 400 naming the field', async () => {
    const client = await service.client();
    const line = { productId: tea.id, quantity: 1 };
    const cases: Array<[unknown, string]> = [
      [{ items: [], shippingAddress: ADDRESS }, 'body.items'],
      [{ items: [{ ...line, quantity: 0 }], shippingAddress: ADDRESS }, 'body.items.0.quantity'],
      [{ items: [{ ...line, quantity: 100 }], shippingAddress: ADDRESS }, 'body.items.0.quantity'],
      [
        { items: [line, { productId: tea.id, quantity: 2 }], shippingAddress: ADDRESS },
        'body.items.1.productId',
      ],
      [
        {
          items: Array.from({ length: 51 }, () => ({ productId: randomUUID(), quantity: 1 })),
          shippingAddress: ADDRESS,
        },
        'body.items',
      ],
      [
        { items: [line], shippingAddress: { ...ADDRESS, country: 'XX' } },
        'body.shippingAddress.country',
      ],
      [
        { items: [line], shippingAddress: { ...ADDRESS, country: 'ma' } },
        'body.shippingAddress.country',
      ],
      [
        { items: [line], shippingAddress: { ...ADDRESS, fullName: '' } },
        'body.shippingAddress.fullName',
      ],
      [{ items: [line] }, 'body.shippingAddress'],
    ];
    for (const [body, path] of cases) {
      const response = await post(client, body);
      expect(response.statusCode, path).toBe(400);
      expect(
        response.json().errors.map((error: any) => error.path),
        path,
      ).toContain(path);
    }
  });

  it('when a product does not exist, then it is a 400 listing the unknown ids', async () => {
    const client = await service.client();
    const missing = [randomUUID(), randomUUID()];
    const response = await post(client, {
      items: [
        { productId: tea.id, quantity: 1 },
        { productId: missing[0], quantity: 1 },
        { productId: missing[1], quantity: 2 },
      ],
      shippingAddress: ADDRESS,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'validation_failed',
      unknownProductIds: missing,
      errors: [
        { path: 'body.items.1.productId', message: 'does not exist' },
        { path: 'body.items.2.productId', message: 'does not exist' },
      ],
    });
    expect(response.json().detail).toContain(missing[0]);
  });

  it('when the products are priced in different currencies, then it is a 400', async () => {
    const client = await service.client();
    const kettle = await catalog.addProduct({
      name: 'Imported kettle',
      price: 4500,
      currency: 'EUR',
    });
    const response = await post(client, {
      items: [
        { productId: tea.id, quantity: 1 },
        { productId: kettle.id, quantity: 1 },
      ],
      shippingAddress: ADDRESS,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toContain('different currencies');
  });

  it('when 50 identical requests race with one Idempotency-Key, then one order is placed and every reply is the same', async () => {
    const client = await service.client();
    const key = randomUUID();
    const jar = await catalog.addProduct({ name: 'Last argan jar', price: 12900 });
    const body = { items: [{ productId: jar.id, quantity: 2 }], shippingAddress: ADDRESS };
    const replies = await Promise.all(Array.from({ length: 50 }, () => post(client, body, key)));
    expect(replies.map((reply) => reply.statusCode)).toEqual(Array(50).fill(201));
    expect(new Set(replies.map((reply) => reply.body)).size).toBe(1);
    expect(replies.filter((reply) => reply.headers['idempotent-replayed'] === 'true')).toHaveLength(
      49,
    );
    const orders = await service.query('SELECT id FROM orders WHERE user_id = $1', [client.userId]);
    expect(orders).toEqual([{ id: replies[0]!.json().id }]);
    await service.eventually(() =>
      expect(service.eventsFor(replies[0]!.json().id, 'order.placed')).toHaveLength(1),
    );

    // Later retries replay too, even once the catalog no longer has the product.
    await catalog.deleteProduct(jar.id);
    expect((await post(client, body)).statusCode).toBe(400);
    const again = await post(client, body, key);
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(replies[0]!.body);
  });

  it('when a key is reused with another body, then it is a 422; without a key, a 400', async () => {
    const client = await service.client();
    const key = randomUUID();
    const body = { items: [{ productId: tea.id, quantity: 1 }], shippingAddress: ADDRESS };
    expect((await post(client, body, key)).statusCode).toBe(201);
    const reused = await post(
      client,
      { ...body, items: [{ productId: tea.id, quantity: 2 }] },
      key,
    );
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('idempotency_key_reused');
    const missing = await post(client, body, null);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().code).toBe('idempotency_key_missing');
    expect(
      await service.query('SELECT id FROM orders WHERE user_id = $1', [client.userId]),
    ).toHaveLength(1);
  });

  it('when two clients use the same key, then each gets their own order', async () => {
    const [a, b] = [await service.client(), await service.client()];
    const key = randomUUID();
    const body = { items: [{ productId: tea.id, quantity: 1 }], shippingAddress: ADDRESS };
    const [first, second] = [await post(a, body, key), await post(b, body, key)];
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(first.json().id).not.toBe(second.json().id);
    expect(second.json().userId).toBe(b.userId);
  });

  it('when the caller has no token, then placing or reading orders is a 401', async () => {
    const body = { items: [{ productId: tea.id, quantity: 1 }], shippingAddress: ADDRESS };
    const response = await service.app.inject({
      method: 'POST',
      url: '/api/orders',
      headers: { 'idempotency-key': randomUUID() },
      payload: body,
    });
    expect(response.statusCode).toBe(401);
    expect((await service.app.inject({ method: 'GET', url: '/api/orders' })).statusCode).toBe(401);
  });
});
