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

describe('payment timeout', () => {
  let catalog: ProductPeer;
  let service: OrderService;
  let tea: CatalogEntry;
  let client: Caller;

  beforeAll(async () => {
    const keys = await createTestKeys();
    catalog = await startProductPeer(keys);
    // 3 seconds to pay, a sweep every quarter of a second; one client holds 30 unpaid orders below.
    service = await startOrderService('timeout', keys, catalog.url, {
      PAYMENT_TIMEOUT_MINUTES: '0.05',
      EXPIRY_SWEEP_SECONDS: '0.25',
      MAX_UNPAID_ORDERS_PER_CLIENT: '1000',
    });
    tea = await catalog.addProduct({ name: 'Mint tea', price: 4500, stock: 1000 });
    client = await service.client();
  });
  afterAll(async () => {
    await service?.close();
    await catalog?.close();
  });

  const place = () => service.placeOrder(client, [{ productId: tea.id, quantity: 1 }]);
  const expire = (ids: string[]) =>
    service.query(`UPDATE orders SET pay_by = now() - interval '1 second' WHERE id = ANY($1)`, [
      ids,
    ]);
  const cancellations = (orderId: string) => service.eventsFor(orderId, 'order.cancelled');
  /**
   * A marker for "the sweep has run again since": an order expired now, cancelled by a later sweep
   * than the ones before, its order.cancelled recorded (the relay publishes outbox rows in the
   * order they were written, so whatever those sweeps published is recorded too).
   */
  const anotherSweep = async () => {
    const marker = await place();
    await expire([marker.id]);
    await service.eventually(() => expect(cancellations(marker.id)).toHaveLength(1), 15_000);
  };

  it('when an order awaiting payment outlives the timeout, then the sweep cancels it and publishes order.cancelled', async () => {
    const pending = await place();
    const awaiting = await place();
    await service.bringTo(awaiting, 'AWAITING_PAYMENT');
    expect(Date.parse(awaiting.payBy) - Date.parse(awaiting.createdAt)).toBe(3_000);

    await service.eventually(async () => {
      expect(await service.statusOf(pending.id)).toBe('CANCELLED');
      expect(await service.statusOf(awaiting.id)).toBe('CANCELLED');
    }, 15_000);
    for (const order of [pending, awaiting]) {
      const read = (await client.request({ method: 'GET', url: `/api/orders/${order.id}` })).json();
      expect(read.history.at(-1)).toEqual({
        status: 'CANCELLED',
        at: expect.any(String),
        reason: 'payment timeout',
      });
      expect(Date.parse(read.history.at(-1).at)).toBeGreaterThanOrEqual(Date.parse(order.payBy));
      await service.eventually(() =>
        expect(cancellations(order.id).map((event) => event.data)).toEqual([
          {
            orderId: order.id,
            userId: client.userId,
            reason: 'payment timeout',
            wasPaid: false,
            cancelledBy: 'system',
          },
        ]),
      );
    }
  });

  it('when a paid order passes its payment deadline, then the sweep leaves it alone', async () => {
    const paid = await place();
    // Room to get it paid first, however slow the machine is.
    await service.query(`UPDATE orders SET pay_by = now() + interval '1 hour' WHERE id = $1`, [
      paid.id,
    ]);
    await service.bringTo(paid, 'PAID');
    const unpaid = await place();
    await expire([paid.id, unpaid.id]);
    await service.eventually(async () =>
      expect(await service.statusOf(unpaid.id)).toBe('CANCELLED'),
    );
    await anotherSweep();
    expect(await service.statusOf(paid.id)).toBe('PAID');
    expect(cancellations(paid.id)).toEqual([]);
  });

  it('when two instances sweep the same overdue orders, then each order is cancelled exactly once', async () => {
    await service.startAnotherInstance();
    const orders = [];
    for (let i = 0; i < 30; i++) orders.push(await place());
    const ids = orders.map((order) => order.id);
    await expire(ids);

    await service.eventually(async () => {
      const [row] = await service.query<{ open: number }>(
        `SELECT count(*)::int AS open FROM orders WHERE id = ANY($1) AND status <> 'CANCELLED'`,
        [ids],
      );
      expect(row?.open).toBe(0);
    }, 15_000);
    const history = await service.query<{ order_id: string; entries: number }>(
      `SELECT order_id, count(*)::int AS entries FROM order_history WHERE order_id = ANY($1) AND status = 'CANCELLED' GROUP BY order_id`,
      [ids],
    );
    expect(history).toHaveLength(30);
    expect(history.every((row) => row.entries === 1)).toBe(true);
    await service.eventually(() => expect(ids.flatMap(cancellations)).toHaveLength(30));
    await anotherSweep();
    expect(ids.flatMap(cancellations)).toHaveLength(30);
  });
});
