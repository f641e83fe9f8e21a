import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestKeys,
  startOrderService,
  startProductPeer,
  type Caller,
  type CatalogEntry,
  type OrderService,
  type ProductPeer,
} from './helpers.js';

describe('order lifecycle: cancel, ship, deliver, read', () => {
  let catalog: ProductPeer;
  let service: OrderService;
  let tea: CatalogEntry;

  beforeAll(async () => {
    const keys = await createTestKeys();
    catalog = await startProductPeer(keys);
    service = await startOrderService('lifecycle', keys, catalog.url);
    tea = await catalog.addProduct({ name: 'Mint tea', price: 4500, stock: 1000 });
  });
  afterAll(async () => {
    await service?.close();
    await catalog?.close();
  });

  const place = (client: Caller, quantity = 1) =>
    service.placeOrder(client, [{ productId: tea.id, quantity }]);
  const cancel = (caller: Caller, id: string, payload: object = {}) =>
    caller.request({ method: 'POST', url: `/api/orders/${id}/cancel`, payload });
  const setStatus = (caller: Caller, id: string, status: string) =>
    caller.request({ method: 'PATCH', url: `/api/orders/${id}/status`, payload: { status } });
  const eventOf = (orderId: string, type: string) =>
    service.eventually(
      () => service.eventsFor(orderId, type)[0] ?? Promise.reject(new Error(`no ${type} yet`)),
    );

  describe('cancelling', () => {
    it.each(['PENDING', 'AWAITING_PAYMENT'] as const)(
      'when the owner cancels a %s order, then it is CANCELLED, unpaid, by the client',
      async (status) => {
        const client = await service.client();
        const order = await place(client);
        if (status !== 'PENDING') await service.bringTo(order, status);

        const response = await cancel(client, order.id, { reason: 'changed my mind' });
        expect(response.statusCode).toBe(200);
        const cancelled = response.json();
        expect(cancelled.status).toBe('CANCELLED');
        expect(cancelled.history.at(-1)).toEqual({
          status: 'CANCELLED',
          at: expect.any(String),
          reason: 'changed my mind',
        });
        expect((await eventOf(order.id, 'order.cancelled')).data).toEqual({
          orderId: order.id,
          userId: client.userId,
          reason: 'changed my mind',
          wasPaid: false,
          cancelledBy: 'client',
        });
      },
    );

    it('when the owner cancels a PAID order, then the event says it was paid so the charge is refunded', async () => {
      const client = await service.client();
      const order = await place(client);
      await service.bringTo(order, 'PAID');
      const response = await client.request({
        method: 'POST',
        url: `/api/orders/${order.id}/cancel`,
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().history.map((entry: any) => entry.status)).toEqual([
        'PENDING',
        'AWAITING_PAYMENT',
        'PAID',
        'CANCELLED',
      ]);
      expect((await eventOf(order.id, 'order.cancelled')).data).toMatchObject({
        wasPaid: true,
        cancelledBy: 'client',
        reason: 'cancelled by the client',
      });
    });

    it('when the owner tries to cancel a SHIPPED order, then it is a 409, but an admin may, with a refund', async () => {
      const client = await service.client();
      const order = await place(client);
      await service.bringTo(order, 'SHIPPED');
      const refused = await cancel(client, order.id);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().detail).toContain('SHIPPED');
      expect(await service.statusOf(order.id)).toBe('SHIPPED');

      const admin = await service.admin();
      const response = await cancel(admin, order.id, { reason: 'lost in transit' });
      expect(response.statusCode).toBe(200);
      expect((await eventOf(order.id, 'order.cancelled')).data).toMatchObject({
        wasPaid: true,
        cancelledBy: 'admin',
        reason: 'lost in transit',
      });
    });

    it('when an order is DELIVERED, CANCELLED or REJECTED, then nobody can cancel it (409) and nothing is published', async () => {
      const client = await service.client();
      const admin = await service.admin();
      const delivered = await place(client);
      await service.bringTo(delivered, 'DELIVERED');
      const cancelled = await place(client);
      expect((await cancel(client, cancelled.id)).statusCode).toBe(200);
      const rejected = await place(client);
      await service.deliver('stock.rejected', {
        orderId: rejected.id,
        reason: 'out of stock',
        unavailable: [],
      });
      await service.eventually(async () =>
        expect(await service.statusOf(rejected.id)).toBe('REJECTED'),
      );

      for (const order of [delivered, cancelled, rejected]) {
        expect((await cancel(client, order.id)).statusCode).toBe(409);
        expect((await cancel(admin, order.id)).statusCode).toBe(409);
      }
      await service.settled();
      expect(service.eventsFor(cancelled.id, 'order.cancelled')).toHaveLength(1);
      expect(service.eventsFor(delivered.id, 'order.cancelled')).toHaveLength(0);
      expect(service.eventsFor(rejected.id, 'order.cancelled')).toHaveLength(0);
    });

    it('when the cancel body has unknown keys, then it is a 400', async () => {
      const client = await service.client();
      const order = await place(client);
      expect(
        (await cancel(client, order.id, { reason: 'x', status: 'CANCELLED' })).statusCode,
      ).toBe(400);
      expect((await cancel(client, order.id, { reason: '' })).statusCode).toBe(400);
    });
  });

  describe('shipping and delivering (admin)', () => {
    it('when an admin ships then delivers a paid order, then each step is recorded and published', async () => {
      const client = await service.client();
      const admin = await service.admin();
      const order = await place(client);
      await service.bringTo(order, 'PAID');

      const shipped = await setStatus(admin, order.id, 'SHIPPED');
      expect(shipped.statusCode).toBe(200);
      expect(shipped.json().status).toBe('SHIPPED');
      const delivered = await setStatus(admin, order.id, 'DELIVERED');
      expect(delivered.statusCode).toBe(200);
      expect(delivered.json().history.map((entry: any) => entry.status)).toEqual([
        'PENDING',
        'AWAITING_PAYMENT',
        'PAID',
        'SHIPPED',
        'DELIVERED',
      ]);
      expect((await eventOf(order.id, 'order.shipped')).data).toEqual({
        orderId: order.id,
        userId: client.userId,
      });
      expect((await eventOf(order.id, 'order.delivered')).data).toEqual({
        orderId: order.id,
        userId: client.userId,
      });
    });

    it('when the change skips or reverses a step, then it is a 409 and the status stays', async () => {
      const client = await service.client();
      const admin = await service.admin();
      const pending = await place(client);
      expect((await setStatus(admin, pending.id, 'SHIPPED')).statusCode).toBe(409);
      expect((await setStatus(admin, pending.id, 'DELIVERED')).statusCode).toBe(409);
      const awaiting = await place(client);
      await service.bringTo(awaiting, 'AWAITING_PAYMENT');
      expect((await setStatus(admin, awaiting.id, 'SHIPPED')).statusCode).toBe(409);
      const paid = await place(client);
      await service.bringTo(paid, 'PAID');
      expect((await setStatus(admin, paid.id, 'DELIVERED')).statusCode).toBe(409);
      expect((await setStatus(admin, paid.id, 'SHIPPED')).statusCode).toBe(200);
      expect((await setStatus(admin, paid.id, 'SHIPPED')).statusCode).toBe(409);
      expect((await setStatus(admin, paid.id, 'DELIVERED')).statusCode).toBe(200);
      const again = await setStatus(admin, paid.id, 'SHIPPED');
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'conflict', currentStatus: 'DELIVERED' });
      expect([
        await service.statusOf(pending.id),
        await service.statusOf(awaiting.id),
        await service.statusOf(paid.id),
      ]).toEqual(['PENDING', 'AWAITING_PAYMENT', 'DELIVERED']);
    });

    it('when a client asks, or the status is not SHIPPED/DELIVERED, or the order is unknown, then 403, 400, 404', async () => {
      const client = await service.client();
      const admin = await service.admin();
      const order = await place(client);
      await service.bringTo(order, 'PAID');
      expect((await setStatus(client, order.id, 'SHIPPED')).statusCode).toBe(403);
      expect((await setStatus(admin, order.id, 'PAID')).statusCode).toBe(400);
      expect((await setStatus(admin, order.id, 'CANCELLED')).statusCode).toBe(400);
      expect((await setStatus(admin, randomUUID(), 'SHIPPED')).statusCode).toBe(404);
      expect(await service.statusOf(order.id)).toBe('PAID');
    });
  });

  describe('ownership', () => {
    it("when client B asks for A's order, then it is a 404 for reading and cancelling, and A's order is untouched", async () => {
      const a = await service.client();
      const b = await service.client();
      const order = await place(a);
      const read = await b.request({ method: 'GET', url: `/api/orders/${order.id}` });
      expect(read.statusCode).toBe(404);
      expect(read.json().detail).toBe('Order not found');
      expect((await cancel(b, order.id)).statusCode).toBe(404);
      expect(await service.statusOf(order.id)).toBe('PENDING');
      expect((await b.request({ method: 'GET', url: '/api/orders' })).json()).toMatchObject({
        items: [],
        total: 0,
      });
      expect(
        (await b.request({ method: 'GET', url: `/api/orders?userId=${a.userId}` })).json(),
      ).toMatchObject({ items: [], total: 0 });
      expect(
        (await b.request({ method: 'GET', url: `/api/orders/${randomUUID()}` })).statusCode,
      ).toBe(404);
    });

    it("when an admin reads a client's order, then it is there with what the payment service checks", async () => {
      const client = await service.client();
      const admin = await service.admin();
      const order = await place(client, 2);
      const read = await admin.request({ method: 'GET', url: `/api/orders/${order.id}` });
      expect(read.statusCode).toBe(200);
      expect(read.json()).toMatchObject({
        id: order.id,
        userId: client.userId,
        status: 'PENDING',
        total: 9000,
        currency: 'MAD',
      });
      const own = await client.request({ method: 'GET', url: `/api/orders/${order.id}` });
      expect(own.json()).toMatchObject({
        id: order.id,
        userId: client.userId,
        status: 'PENDING',
        total: 9000,
        currency: 'MAD',
      });
    });
  });

  describe('listing', () => {
    it('when a client lists orders, then they get their own, newest first, paged, filtered by status', async () => {
      const client = await service.client();
      const other = await service.client();
      await place(other);
      const placed = [];
      for (let i = 0; i < 3; i++) placed.push(await place(client, i + 1));
      await service.bringTo(placed[0], 'AWAITING_PAYMENT');

      const all = (await client.request({ method: 'GET', url: '/api/orders' })).json();
      expect(all).toMatchObject({ page: 1, pageSize: 20, total: 3 });
      expect(all.items.map((order: any) => order.id)).toEqual(
        placed.map((order) => order.id).reverse(),
      );
      expect(all.items[2].history.map((entry: any) => entry.status)).toEqual([
        'PENDING',
        'AWAITING_PAYMENT',
      ]);
      expect(all.items[0].items).toEqual(placed[2].items);

      const second = (
        await client.request({ method: 'GET', url: '/api/orders?page=2&pageSize=2' })
      ).json();
      expect(second).toMatchObject({ page: 2, pageSize: 2, total: 3 });
      expect(second.items.map((order: any) => order.id)).toEqual([placed[0].id]);
      const awaiting = (
        await client.request({ method: 'GET', url: '/api/orders?status=AWAITING_PAYMENT' })
      ).json();
      expect(awaiting.items.map((order: any) => order.id)).toEqual([placed[0].id]);
      for (const query of [
        'pageSize=101',
        'pageSize=0',
        'page=0',
        'status=LOST',
        'from=yesterday',
        'sort=total',
      ]) {
        expect(
          (await client.request({ method: 'GET', url: `/api/orders?${query}` })).statusCode,
          query,
        ).toBe(400);
      }
    });

    it('when an admin lists orders, then they may filter by client, status and creation dates', async () => {
      const admin = await service.admin();
      const a = await service.client();
      const b = await service.client();
      const first = await place(a);
      const second = await place(a);
      await service.bringTo(second, 'AWAITING_PAYMENT');
      const third = await place(b);
      await service.query(`UPDATE orders SET created_at = '2020-03-10T12:00:00Z' WHERE id = $1`, [
        first.id,
      ]);
      await service.query(`UPDATE orders SET created_at = '2020-03-11T08:00:00Z' WHERE id = $1`, [
        third.id,
      ]);

      const ids = async (query: string) =>
        (await admin.request({ method: 'GET', url: `/api/orders?pageSize=100&${query}` }))
          .json()
          .items.map((order: any) => order.id);
      expect(await ids(`userId=${a.userId}`)).toEqual([second.id, first.id]);
      expect(await ids(`userId=${a.userId}&status=PENDING`)).toEqual([first.id]);
      expect(await ids(`userId=${b.userId}&status=PENDING`)).toEqual([third.id]);
      expect(await ids('from=2020-03-10&to=2020-03-10')).toEqual([first.id]);
      expect(await ids('from=2020-03-10&to=2020-03-11')).toEqual([third.id, first.id]);
      expect(await ids('from=2020-03-10T13:00:00Z&to=2020-03-31')).toEqual([third.id]);
      expect(await ids('to=2020-03-11T07:59:59Z')).toEqual([first.id]);
      const everyone = (
        await admin.request({ method: 'GET', url: '/api/orders?pageSize=100' })
      ).json();
      expect(everyone.total).toBeGreaterThanOrEqual(3);
      expect(everyone.items.map((order: any) => order.id)).toEqual(
        expect.arrayContaining([first.id, second.id, third.id]),
      );
    });
  });
});
