import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestKeys,
  startOrderService,
  startProductPeer,
  type CatalogEntry,
  type OrderService,
  type ProductPeer,
} from './helpers.js';

const DAY = 86_400_000;
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('admin figures', () => {
  let catalog: ProductPeer;
  let service: OrderService;

  beforeAll(async () => {
    const keys = await createTestKeys();
    catalog = await startProductPeer(keys);
    // The figures come from one client's many orders, some of them large: no hoarding limits here.
    service = await startOrderService('stats', keys, catalog.url, {
      MAX_UNPAID_ORDERS_PER_CLIENT: '1000',
      MAX_UNITS_PER_LINE: '99',
    });
  });
  afterAll(async () => {
    await service?.close();
    await catalog?.close();
  });

  it('when orders were paid over the window, then revenue per day, orders by status and top products add up', async () => {
    const client = await service.client();
    const prices = [1000, 2000, 3000, 4000, 5000, 6000];
    const products: CatalogEntry[] = [];
    for (const [index, price] of prices.entries())
      products.push(await catalog.addProduct({ name: `Product ${index + 1}`, price, stock: 1000 }));
    const kettle = await catalog.addProduct({
      name: 'Imported kettle',
      price: 99900,
      currency: 'EUR',
    });
    const line = (index: number, quantity: number) => ({
      productId: products[index]!.id,
      quantity,
    });

    const today = await service.placeOrder(client, [line(0, 7), line(5, 1)]); // 7000 + 6000
    const alsoToday = await service.placeOrder(client, [line(1, 2)]); // 4000
    const twoDaysAgo = await service.placeOrder(client, [
      line(2, 1),
      line(3, 1),
      line(4, 1),
      line(1, 2),
    ]); // 3000 + 4000 + 5000 + 4000
    const refunded = await service.placeOrder(client, [line(5, 10)]); // cancelled after payment: not revenue
    const old = await service.placeOrder(client, [line(0, 50)]); // paid 40 days ago: outside the window
    const euros = await service.placeOrder(client, [{ productId: kettle.id, quantity: 1 }]);
    await service.placeOrder(client, [line(0, 1)]); // stays PENDING
    for (const order of [today, alsoToday, twoDaysAgo, refunded, old, euros])
      await service.bringTo(order, 'PAID');
    await service.bringTo(alsoToday, 'SHIPPED');
    expect(
      (await client.request({ method: 'POST', url: `/api/orders/${refunded.id}/cancel` }))
        .statusCode,
    ).toBe(200);
    await service.query(`UPDATE orders SET paid_at = now() - interval '2 days' WHERE id = $1`, [
      twoDaysAgo.id,
    ]);
    await service.query(
      `UPDATE orders SET paid_at = now() - interval '40 days', created_at = now() - interval '40 days' WHERE id = $1`,
      [old.id],
    );

    const admin = await service.admin();
    const response = await admin.request({ method: 'GET', url: '/api/orders/stats?days=30' });
    expect(response.statusCode).toBe(200);
    const stats = response.json();
    const now = Date.now();
    expect(stats.currency).toBe('MAD');
    expect(stats.revenuePerDay).toHaveLength(30);
    expect(stats.revenuePerDay[0].date).toBe(dateOf(now - 29 * DAY));
    expect(stats.revenuePerDay.at(-1)).toEqual({ date: dateOf(now), revenue: 17000, orders: 2 });
    expect(stats.revenuePerDay.at(-3)).toEqual({
      date: dateOf(now - 2 * DAY),
      revenue: 16000,
      orders: 1,
    });
    const otherDays = stats.revenuePerDay.filter(
      (day: any) => day.date !== dateOf(now) && day.date !== dateOf(now - 2 * DAY),
    );
    expect(otherDays.every((day: any) => day.revenue === 0 && day.orders === 0)).toBe(true);

    expect(stats.ordersByStatus).toEqual({
      PENDING: 1,
      AWAITING_PAYMENT: 0,
      PAID: 3,
      SHIPPED: 1,
      DELIVERED: 0,
      CANCELLED: 1,
      REJECTED: 0,
    });
    // Product 3 (3000) is sixth: only five are shown.
    expect(stats.topProducts).toEqual([
      { productId: products[1]!.id, name: 'Product 2', quantity: 4, revenue: 8000 },
      { productId: products[0]!.id, name: 'Product 1', quantity: 7, revenue: 7000 },
      { productId: products[5]!.id, name: 'Product 6', quantity: 1, revenue: 6000 },
      { productId: products[4]!.id, name: 'Product 5', quantity: 1, revenue: 5000 },
      { productId: products[3]!.id, name: 'Product 4', quantity: 1, revenue: 4000 },
    ]);

    const wider = (await admin.request({ method: 'GET', url: '/api/orders/stats?days=60' })).json();
    expect(wider.revenuePerDay.find((day: any) => day.date === dateOf(now - 40 * DAY))).toEqual({
      date: dateOf(now - 40 * DAY),
      revenue: 50000,
      orders: 1,
    });
    const inEuros = (
      await admin.request({ method: 'GET', url: '/api/orders/stats?days=7&currency=EUR' })
    ).json();
    expect(inEuros.revenuePerDay.at(-1)).toEqual({ date: dateOf(now), revenue: 99900, orders: 1 });
    expect(inEuros.topProducts).toEqual([
      { productId: kettle.id, name: 'Imported kettle', quantity: 1, revenue: 99900 },
    ]);
  });

  it('when a client asks, or days is out of 1..366, then 403 or 400', async () => {
    const client = await service.client();
    const admin = await service.admin();
    expect((await client.request({ method: 'GET', url: '/api/orders/stats' })).statusCode).toBe(
      403,
    );
    expect(
      (await admin.request({ method: 'GET', url: '/api/orders/stats?days=0' })).statusCode,
    ).toBe(400);
    expect(
      (await admin.request({ method: 'GET', url: '/api/orders/stats?days=367' })).statusCode,
    ).toBe(400);
    expect(
      (await admin.request({ method: 'GET', url: '/api/orders/stats?days=7&extra=1' })).statusCode,
    ).toBe(400);
    const week = (await admin.request({ method: 'GET', url: '/api/orders/stats?days=7' })).json();
    expect(week.revenuePerDay).toHaveLength(7);
  });
});
