import { randomUUID } from 'node:crypto';
import type { TestDatabase } from '@souk/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADDRESS,
  createTestDatabase,
  createTestKeys,
  startOrderService,
  startProductPeer,
  testDatabaseServerUrl,
  type Caller,
  type CatalogEntry,
  type OrderService,
  type ProductPeer,
} from './helpers.js';

// Issue 8, item 6: two unpaid orders from a fresh account reserved all the stock of 3 products for
// 30 minutes. The order service and the real product service share a broker here, so every order
// placed really reserves stock, as in production.

interface Shop {
  brokerDatabase: TestDatabase;
  catalog: ProductPeer;
  service: OrderService;
}

async function openShop(label: string, env: Record<string, string> = {}): Promise<Shop> {
  const keys = await createTestKeys();
  const brokerDatabase = await createTestDatabase(testDatabaseServerUrl(), `order_${label}_broker`);
  const catalog = await startProductPeer(keys, { brokerUrl: brokerDatabase.url });
  const service = await startOrderService(label, keys, catalog.url, env, { brokerDatabase });
  return { brokerDatabase, catalog, service };
}

async function closeShop(shop: Shop | undefined): Promise<void> {
  await shop?.service.close();
  await shop?.catalog.close();
  await shop?.brokerDatabase.drop();
}

const post = (
  client: Caller,
  items: Array<{ productId: string; quantity: number }>,
  key: string = randomUUID(),
) =>
  client.request({
    method: 'POST',
    url: '/api/orders',
    headers: { 'idempotency-key': key },
    payload: { items, shippingAddress: ADDRESS },
  });

describe('limits against stock hoarding (defaults: 3 unpaid orders, 10 units per line)', () => {
  let shop: Shop;
  let tea: CatalogEntry;

  beforeAll(async () => {
    shop = await openShop('hoarding');
    tea = await shop.catalog.addProduct({ name: 'Mint tea', price: 4500, stock: 1000 });
  });
  afterAll(() => closeShop(shop));

  const one = () => [{ productId: tea.id, quantity: 1 }];
  const unpaidOf = async (client: Caller) =>
    (
      await shop.service.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM orders WHERE user_id = $1 AND status IN ('PENDING', 'AWAITING_PAYMENT')`,
        [client.userId],
      )
    )[0]!.n;
  const waitForStatus = (orderId: string, status: string) =>
    shop.service.eventually(
      async () => expect(await shop.service.statusOf(orderId)).toBe(status),
      15_000,
    );

  it('when a client already has 3 unpaid orders, then a 4th is a 409 saying how many are unpaid and what to do', async () => {
    const client = await shop.service.client();
    for (let i = 0; i < 3; i += 1) expect((await post(client, one())).statusCode).toBe(201);

    const refused = await post(client, one());
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({
      status: 409,
      code: 'conflict',
      unpaidOrders: 3,
      maxUnpaidOrders: 3,
    });
    expect(refused.json().detail).toMatch(/You have 3 unpaid orders.*pay or cancel one of them/);
    expect(await unpaidOf(client)).toBe(3);

    const someoneElse = await shop.service.client();
    expect((await post(someoneElse, one())).statusCode).toBe(201);
  });

  it('when one client places 6 orders at once, then exactly 3 are placed and 3 refused', async () => {
    const client = await shop.service.client();
    const replies = await Promise.all(Array.from({ length: 6 }, () => post(client, one())));

    expect(replies.map((reply) => reply.statusCode).sort()).toEqual([201, 201, 201, 409, 409, 409]);
    expect(await unpaidOf(client)).toBe(3);
  });

  it('when an unpaid order is paid or cancelled, or one was rejected, then a new one is accepted again', async () => {
    const client = await shop.service.client();
    const scarce = await shop.catalog.addProduct({ name: 'Saffron', price: 9000, stock: 1 });
    const rejected = (await post(client, [{ productId: scarce.id, quantity: 2 }])).json();
    await waitForStatus(rejected.id, 'REJECTED');
    const orders = [];
    for (let i = 0; i < 3; i += 1) orders.push((await post(client, one())).json());
    expect((await post(client, one())).statusCode).toBe(409);

    expect(
      (await client.request({ method: 'POST', url: `/api/orders/${orders[0].id}/cancel` }))
        .statusCode,
    ).toBe(200);
    expect((await post(client, one())).statusCode).toBe(201);
    expect((await post(client, one())).statusCode).toBe(409);

    await waitForStatus(orders[1].id, 'AWAITING_PAYMENT');
    await shop.service.bringTo(orders[1], 'PAID');
    expect((await post(client, one())).statusCode).toBe(201);
    expect(await unpaidOf(client)).toBe(3);
  });

  it('when an order is sent again with its Idempotency-Key at the cap, then the first reply is replayed, not refused', async () => {
    const client = await shop.service.client();
    const keys = [randomUUID(), randomUUID(), randomUUID()];
    const first = [];
    for (const key of keys) first.push(await post(client, one(), key));

    const again = await Promise.all(keys.map((key) => post(client, one(), key)));
    for (const [index, reply] of again.entries()) {
      expect(reply.statusCode).toBe(201);
      expect(reply.headers['idempotent-replayed']).toBe('true');
      expect(reply.json()).toEqual(first[index]!.json());
    }
    expect((await post(client, one())).statusCode).toBe(409);
  });

  it('when a line asks for more than 10 units, then the cart and the order refuse it with a 400 naming the field', async () => {
    const client = await shop.service.client();
    const oil = await shop.catalog.addProduct({ name: 'Argan oil', price: 12900, stock: 1000 });
    const putInCart = (quantity: number) =>
      client.request({ method: 'PUT', url: `/api/cart/items/${oil.id}`, payload: { quantity } });

    expect((await putInCart(10)).statusCode).toBe(200);
    const tooMany = await putInCart(11);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json()).toMatchObject({
      code: 'validation_failed',
      maxUnitsPerLine: 10,
      errors: [{ path: 'body.quantity', message: 'must be at most 10' }],
    });
    expect((await client.request({ method: 'GET', url: '/api/cart' })).json().items).toMatchObject([
      { productId: oil.id, quantity: 10 },
    ]);

    const order = await post(client, [
      { productId: tea.id, quantity: 2 },
      { productId: oil.id, quantity: 11 },
    ]);
    expect(order.statusCode).toBe(400);
    expect(order.json()).toMatchObject({
      maxUnitsPerLine: 10,
      errors: [{ path: 'body.items.1.quantity', message: 'must be at most 10' }],
    });
    expect(await unpaidOf(client)).toBe(0);
    expect((await post(client, [{ productId: oil.id, quantity: 10 }])).statusCode).toBe(201);
  });
});

describe('how long stock stays reserved', () => {
  let shop: Shop;

  // 3 seconds to pay, a sweep every quarter of a second.
  beforeAll(async () => {
    shop = await openShop('hold_time', {
      PAYMENT_TIMEOUT_MINUTES: '0.05',
      EXPIRY_SWEEP_SECONDS: '0.25',
    });
  });
  afterAll(() => closeShop(shop));

  it('when an order is not paid within PAYMENT_TIMEOUT_MINUTES, then it is cancelled and its stock is back for others', async () => {
    const lamp = await shop.catalog.addProduct({ name: 'Brass lamp', price: 45000, stock: 2 });
    const hoarder = await shop.service.client();
    const held = await shop.service.placeOrder(hoarder, [{ productId: lamp.id, quantity: 2 }]);
    expect(Date.parse(held.payBy) - Date.parse(held.createdAt)).toBe(3_000);
    await shop.service.eventually(
      async () => expect((await shop.catalog.read(lamp.id)).stock).toBe(0),
      15_000,
    );

    await shop.service.eventually(
      async () => expect((await shop.catalog.read(lamp.id)).stock).toBe(2),
      15_000,
    );
    expect(await shop.service.statusOf(held.id)).toBe('CANCELLED');
    const buyer = await shop.service.client();
    const bought = await shop.service.placeOrder(buyer, [{ productId: lamp.id, quantity: 2 }]);
    await shop.service.eventually(
      async () => expect(await shop.service.statusOf(bought.id)).toBe('AWAITING_PAYMENT'),
      15_000,
    );
  });
});
