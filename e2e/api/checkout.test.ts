import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually, type ApiClient } from '../support/api.js';
import { startSystem, type System } from '../support/system.js';

// Issue 3's system tests: the checkout saga across the real processes, through the gateway.

const address = {
  fullName: 'Salma Bennani',
  line1: '12 derb Sidi Ahmed',
  city: 'Fès',
  postalCode: '30000',
  country: 'MA',
};
const card = (number: string) => ({
  number,
  expMonth: 12,
  expYear: new Date().getFullYear() + 2,
  cvc: '123',
  holderName: 'Salma Bennani',
});
const GOOD = '4242 4242 4242 4242';
const DECLINED = '4000 0000 0000 0002';

describe('checkout across the real services', () => {
  let system: System;
  let api: ApiClient;
  let adminToken: string;
  let categoryId: string;

  beforeAll(async () => {
    // 200 orders at once from one machine (50 from one user) would trip the per-IP and per-user
    // limits meant for people, and 10 at once per client the unpaid-order limit (its own tests are
    // in services/order).
    system = await startSystem({
      env: {
        GATEWAY_RATE_LIMIT_MAX: '0',
        GATEWAY_LOGIN_RATE_LIMIT_MAX: '100000',
        GATEWAY_MAX_REQUESTS_PER_IP: '0',
        GATEWAY_MAX_REQUESTS_PER_USER: '0',
        AUTH_LOGIN_MAX_FAILURES_PER_IP: '100000',
        PRODUCT_DEMO_CATALOG: 'false',
        ORDER_MAX_UNPAID_ORDERS_PER_CLIENT: '10',
      },
    });
    api = apiClient(system.gatewayUrl);
    adminToken = await api.login(system.admin.email, system.admin.password);
    categoryId = (
      await api.post('/api/categories', { token: adminToken, body: { name: 'Checkout tests' } })
    ).body.id;
  });
  afterAll(() => system?.stop());

  async function createProduct(name: string, stock: number, price = 25000): Promise<string> {
    const response = await api.post('/api/products', {
      token: adminToken,
      body: { name, description: `${name} for the tests.`, price, stock, categoryId },
    });
    expect(response.status).toBe(201);
    return response.body.id;
  }

  async function placeOrder(
    token: string,
    items: Array<{ productId: string; quantity: number }>,
    key = randomUUID(),
  ) {
    return api.post('/api/orders', {
      token,
      body: { items, shippingAddress: address },
      headers: { 'idempotency-key': key },
    });
  }

  async function orderStatus(token: string, orderId: string, wanted: string[], timeoutMs = 30_000) {
    return eventually(
      async () => {
        const order = await api.get(`/api/orders/${orderId}`, { token });
        return wanted.includes(order.body.status) ? order.body : undefined;
      },
      `order ${orderId} to reach ${wanted.join(' or ')}`,
      timeoutMs,
    );
  }

  async function pay(token: string, orderId: string, number: string, key = randomUUID()) {
    return api.post('/api/payments', {
      token,
      body: { orderId, card: card(number) },
      headers: { 'idempotency-key': key },
    });
  }

  it('a client fills the cart, orders, is declined, pays, and follows the order to delivery with a notification at every step', async () => {
    const client = await api.register('buyer');
    const teapot = await createProduct('Silver teapot', 5, 39000);
    expect(
      (await api.put(`/api/cart/items/${teapot}`, { token: client.token, body: { quantity: 2 } }))
        .status,
    ).toBe(200);
    const cart = await api.get('/api/cart', { token: client.token });
    expect(cart.body).toMatchObject({
      total: 78000,
      currency: 'MAD',
      items: [{ productId: teapot, quantity: 2, unitPrice: 39000, name: 'Silver teapot' }],
    });

    const placed = await placeOrder(client.token, [{ productId: teapot, quantity: 2 }]);
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({
      status: 'PENDING',
      total: 78000,
      currency: 'MAD',
      items: [{ name: 'Silver teapot', unitPrice: 39000, lineTotal: 78000 }],
    });
    expect((await api.get('/api/cart', { token: client.token })).body.items).toEqual([]);
    const orderId = placed.body.id;
    await orderStatus(client.token, orderId, ['AWAITING_PAYMENT']);

    const declined = await pay(client.token, orderId, DECLINED);
    expect(declined.status).toBe(201);
    expect(declined.body).toMatchObject({
      status: 'DECLINED',
      declineCode: 'card_declined',
      amount: 78000,
      card: { brand: 'visa', last4: '0002' },
    });
    expect((await api.get(`/api/orders/${orderId}`, { token: client.token })).body.status).toBe(
      'AWAITING_PAYMENT',
    );

    const paid = await pay(client.token, orderId, GOOD);
    expect(paid.body).toMatchObject({
      status: 'SUCCEEDED',
      amount: 78000,
      currency: 'MAD',
      card: { last4: '4242' },
    });
    await orderStatus(client.token, orderId, ['PAID']);
    expect((await api.get(`/api/products/${teapot}`)).body.stock).toBe(3);

    expect(
      (
        await api.patch(`/api/orders/${orderId}/status`, {
          token: adminToken,
          body: { status: 'DELIVERED' },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await api.patch(`/api/orders/${orderId}/status`, {
          token: adminToken,
          body: { status: 'SHIPPED' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api.patch(`/api/orders/${orderId}/status`, {
          token: adminToken,
          body: { status: 'DELIVERED' },
        })
      ).status,
    ).toBe(200);
    const delivered = (await api.get(`/api/orders/${orderId}`, { token: client.token })).body;
    expect(delivered.history.map((entry: { status: string }) => entry.status)).toEqual([
      'PENDING',
      'AWAITING_PAYMENT',
      'PAID',
      'SHIPPED',
      'DELIVERED',
    ]);

    const kinds = await eventually(async () => {
      const list = await api.get('/api/notifications?pageSize=100', { token: client.token });
      const found = new Set(list.body.items.map((item: { kind: string }) => item.kind));
      return [
        'order.placed',
        'payment.failed',
        'order.paid',
        'order.shipped',
        'order.delivered',
      ].every((kind) => found.has(kind))
        ? found
        : undefined;
    }, 'the client notifications');
    expect(kinds.has('auth.user.registered')).toBe(true);
    const log = await api.get(`/api/payments?orderId=${orderId}`, { token: client.token });
    expect(
      log.body.filter((entry: { type: string; status: string }) => entry.type === 'CHARGE').length,
    ).toBe(2);
  });

  it('when 200 orders race for a product with 10 units left, then exactly 10 await payment and the rest are rejected', async () => {
    const lantern = await createProduct('Brass lantern', 10);
    const clients = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api.register(`racer${i}`)),
    );
    const placed = await Promise.all(
      clients.flatMap((client) =>
        Array.from({ length: 10 }, () =>
          placeOrder(client.token, [{ productId: lantern, quantity: 1 }]),
        ),
      ),
    );
    expect(placed.map((response) => response.status).filter((status) => status !== 201)).toEqual(
      [],
    );
    const ids = new Set(placed.map((response) => response.body.id as string));
    const final = await eventually(
      async () => {
        const byStatus: Record<string, number> = {};
        for (let page = 1; page <= 3; page += 1) {
          const list = await api.get(`/api/orders?pageSize=100&page=${page}`, {
            token: adminToken,
          });
          for (const order of list.body.items)
            if (ids.has(order.id)) byStatus[order.status] = (byStatus[order.status] ?? 0) + 1;
        }
        return (byStatus.AWAITING_PAYMENT ?? 0) + (byStatus.REJECTED ?? 0) === 200
          ? byStatus
          : undefined;
      },
      'all 200 orders to be answered',
      90_000,
      500,
    );
    expect(final).toEqual({ AWAITING_PAYMENT: 10, REJECTED: 190 });
    expect((await api.get(`/api/products/${lantern}`)).body.stock).toBe(0);
  });

  it('when 50 identical payments race with one key, then there is one charge and every reply is it (or 409 while in flight)', async () => {
    const client = await api.register('double');
    const rug = await createProduct('Beni Ouarain rug', 3, 250000);
    const orderId = (await placeOrder(client.token, [{ productId: rug, quantity: 1 }])).body.id;
    await orderStatus(client.token, orderId, ['AWAITING_PAYMENT']);
    const key = randomUUID();
    const replies = await Promise.all(
      Array.from({ length: 50 }, () => pay(client.token, orderId, GOOD, key)),
    );
    const created = replies.filter((reply) => reply.status === 201);
    expect(replies.every((reply) => reply.status === 201 || reply.status === 409)).toBe(true);
    expect(new Set(created.map((reply) => reply.body.id)).size).toBe(1);
    const log = await api.get(`/api/payments?orderId=${orderId}`, { token: client.token });
    expect(log.body.filter((entry: { type: string }) => entry.type === 'CHARGE')).toHaveLength(1);
    expect((await pay(client.token, orderId, GOOD, key)).body.id).toBe(
      created[0]?.body.id ?? (await pay(client.token, orderId, GOOD, key)).body.id,
    );
    expect((await pay(client.token, orderId, '5555 5555 5555 4444', key)).status).toBe(422);
    expect(
      (
        await api.post('/api/payments', {
          token: client.token,
          body: { orderId, card: card(GOOD) },
        })
      ).status,
    ).toBe(400);
    await orderStatus(client.token, orderId, ['PAID']);
  });

  it('the same holds for orders: one key, one order; another body 422; no key 400', async () => {
    const client = await api.register('repeat');
    const pouf = await createProduct('Leather pouf', 50);
    const key = randomUUID();
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        placeOrder(client.token, [{ productId: pouf, quantity: 1 }], key),
      ),
    );
    expect(new Set(replies.map((reply) => reply.body.id)).size).toBe(1);
    expect((await placeOrder(client.token, [{ productId: pouf, quantity: 2 }], key)).status).toBe(
      422,
    );
    expect(
      (
        await api.post('/api/orders', {
          token: client.token,
          body: { items: [{ productId: pouf, quantity: 1 }], shippingAddress: address },
        })
      ).status,
    ).toBe(400);
    expect((await api.get('/api/orders', { token: client.token })).body.total).toBe(1);
  });

  it('a paid order cancelled by its owner is refunded and its stock comes back', async () => {
    const client = await api.register('regret');
    const vase = await createProduct('Safi vase', 4, 18000);
    const orderId = (await placeOrder(client.token, [{ productId: vase, quantity: 3 }])).body.id;
    await orderStatus(client.token, orderId, ['AWAITING_PAYMENT']);
    expect((await pay(client.token, orderId, GOOD)).body.status).toBe('SUCCEEDED');
    await orderStatus(client.token, orderId, ['PAID']);
    const cancelled = await api.post(`/api/orders/${orderId}/cancel`, {
      token: client.token,
      body: { reason: 'ordered by mistake' },
    });
    expect(cancelled.status).toBe(200);
    const refund = await eventually(async () => {
      const log = await api.get(`/api/payments?orderId=${orderId}`, { token: client.token });
      return log.body.find((entry: { type: string }) => entry.type === 'REFUND');
    }, 'the refund');
    expect(refund).toMatchObject({ amount: 54000, currency: 'MAD' });
    await eventually(
      async () => (await api.get(`/api/products/${vase}`)).body.stock === 4,
      'the stock to come back',
    );
  });

  it("client B gets 404 on every one of A's objects, and bodies cannot set status, price, total, role or owner", async () => {
    const a = await api.register('alice');
    const b = await api.register('bob');
    const tray = await createProduct('Copper tray', 10, 12000);
    await api.put(`/api/cart/items/${tray}`, { token: a.token, body: { quantity: 1 } });
    const orderId = (await placeOrder(a.token, [{ productId: tray, quantity: 1 }])).body.id;
    await orderStatus(a.token, orderId, ['AWAITING_PAYMENT']);
    const paymentId = (await pay(a.token, orderId, GOOD)).body.id;
    const notification = await eventually(
      async () => (await api.get('/api/notifications', { token: a.token })).body.items[0],
      'a notification for A',
    );

    expect((await api.get(`/api/orders/${orderId}`, { token: b.token })).status).toBe(404);
    expect((await api.post(`/api/orders/${orderId}/cancel`, { token: b.token })).status).toBe(404);
    expect((await api.get(`/api/payments/${paymentId}`, { token: b.token })).status).toBe(404);
    expect((await api.get(`/api/payments?orderId=${orderId}`, { token: b.token })).status).toBe(
      404,
    );
    expect((await pay(b.token, orderId, GOOD)).status).toBe(404);
    expect(
      (await api.post(`/api/notifications/${notification.id}/read`, { token: b.token })).status,
    ).toBe(404);
    expect(
      (await api.get('/api/notifications', { token: b.token })).body.items.some(
        (item: { id: string }) => item.id === notification.id,
      ),
    ).toBe(false);
    expect((await api.get('/api/orders', { token: b.token })).body.items).toEqual([]);
    expect((await api.get('/api/cart', { token: b.token })).body.items).toEqual([]);

    const sneaky = [
      api.post('/api/orders', {
        token: b.token,
        body: { items: [{ productId: tray, quantity: 1, price: 1 }], shippingAddress: address },
        headers: { 'idempotency-key': randomUUID() },
      }),
      api.post('/api/orders', {
        token: b.token,
        body: {
          items: [{ productId: tray, quantity: 1 }],
          shippingAddress: address,
          total: 1,
          status: 'PAID',
          userId: a.userId,
        },
        headers: { 'idempotency-key': randomUUID() },
      }),
      api.post('/api/payments', {
        token: b.token,
        body: { orderId, card: card(GOOD), amount: 1 },
        headers: { 'idempotency-key': randomUUID() },
      }),
      api.post('/api/auth/register', {
        body: {
          email: `x${randomUUID().slice(0, 6)}@example.com`,
          password: 'a long passphrase',
          firstName: 'x',
          lastName: 'y',
          roles: ['ADMIN'],
        },
      }),
      api.patch('/api/clients/me', { token: b.token, body: { userId: a.userId } }),
      api.put(`/api/cart/items/${tray}`, { token: b.token, body: { quantity: 1, price: 1 } }),
    ];
    for (const response of await Promise.all(sneaky)) expect(response.status).toBe(400);
    expect((await api.get('/api/auth/me', { token: b.token })).body.roles).toEqual(['CLIENT']);
  });
});
