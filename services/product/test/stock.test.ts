import { randomUUID } from 'node:crypto';
import {
  createBroker,
  createDatabase,
  createLogger,
  type Broker,
  type Database,
  type EventEnvelope,
} from '@souk/platform';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ProductDatabase } from '../src/db/schema.js';
import { createCategory, createProduct, startProductService, type TestService } from './helpers.js';

const logger = createLogger({ name: 'stock-test', level: 'silent' });

describe('stock reservations (the product side of the checkout saga)', () => {
  let service: TestService;
  let orders: Broker;
  let database: Database<ProductDatabase>;
  let categoryId: string;

  beforeAll(async () => {
    service = await startProductService('stock', { LOW_STOCK_THRESHOLD: '3' });
    orders = createBroker(service.database.url, { logger, service: 'order-test-publisher' });
    await orders.start();
    database = createDatabase<ProductDatabase>({ url: service.database.url, logger, poolMax: 1 });
    categoryId = await createCategory(service, 'Pottery');
  });
  afterAll(async () => {
    await orders?.stop();
    await database?.close();
    await service?.close();
  });

  function envelope(type: string, data: unknown): EventEnvelope {
    return {
      id: randomUUID(),
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      source: 'order',
      data,
    };
  }
  const placed = (orderId: string, lines: Array<{ productId: string; quantity: number }>) =>
    envelope('order.placed', {
      orderId,
      userId: randomUUID(),
      items: lines.map((line) => ({ ...line, name: 'x', unitPrice: 100 })),
      total: 100,
      currency: 'MAD',
      placedAt: new Date().toISOString(),
    });
  const cancelled = (orderId: string) =>
    envelope('order.cancelled', {
      orderId,
      userId: randomUUID(),
      reason: 'changed my mind',
      wasPaid: false,
      cancelledBy: 'client',
    });
  const paid = (orderId: string) =>
    envelope('order.paid', {
      orderId,
      userId: randomUUID(),
      paymentId: randomUUID(),
      total: 100,
      currency: 'MAD',
      items: [],
    });

  async function stockOf(productId: string): Promise<number> {
    return (await service.app.inject({ url: `/api/products/${productId}` })).json().stock;
  }
  /** Waits until the product service has handled this event (its inbox row is committed). */
  const handled = (message: EventEnvelope) =>
    vi.waitFor(
      async () => {
        const row = await database.db
          .selectFrom('inbox')
          .select('event_id')
          .where('consumer', '=', 'product')
          .where('event_id', '=', message.id)
          .executeTakeFirst();
        if (!row) throw new Error(`${message.type} ${message.id} not handled yet`);
      },
      { timeout: 10_000, interval: 50 },
    );
  /**
   * Waits until whatever the service published before now is recorded: a marker order reserved
   * after it; the relay publishes outbox rows in the order they were written.
   */
  const settled = async (productId: string) => {
    const marker = randomUUID();
    await orders.publish([placed(marker, [{ productId, quantity: 1 }])]);
    await service.waitForEvent('stock.reserved', (data) => data.orderId === marker);
  };
  const eventsFor = (type: string, orderId: string) =>
    service.published.filter((e) => e.type === type && (e.data as any).orderId === orderId);

  it('when every line is available, then all are reserved at once and stock.reserved is published', async () => {
    const tajine = await createProduct(service, {
      name: 'Tajine',
      price: 25000,
      stock: 10,
      categoryId,
    });
    const plate = await createProduct(service, {
      name: 'Plate',
      price: 9000,
      stock: 10,
      categoryId,
    });
    const orderId = randomUUID();
    await orders.publish([
      placed(orderId, [
        { productId: tajine.id, quantity: 2 },
        { productId: plate.id, quantity: 4 },
      ]),
    ]);
    const reserved = await service.waitForEvent(
      'stock.reserved',
      (data) => data.orderId === orderId,
    );
    expect((reserved.data as { items: unknown[] }).items).toHaveLength(2);
    expect(await stockOf(tajine.id)).toBe(8);
    expect(await stockOf(plate.id)).toBe(6);
  });

  it('when one line is short, then nothing is reserved and stock.rejected says why', async () => {
    const bowl = await createProduct(service, { name: 'Bowl', price: 5000, stock: 5, categoryId });
    const vase = await createProduct(service, { name: 'Vase', price: 15000, stock: 1, categoryId });
    const orderId = randomUUID();
    await orders.publish([
      placed(orderId, [
        { productId: bowl.id, quantity: 2 },
        { productId: vase.id, quantity: 3 },
      ]),
    ]);
    const rejected = await service.waitForEvent(
      'stock.rejected',
      (data) => data.orderId === orderId,
    );
    const rejection = rejected.data as { unavailable: unknown[]; reason: string };
    expect(rejection.unavailable).toEqual([{ productId: vase.id, requested: 3, available: 1 }]);
    expect(rejection.reason).toContain('Vase: 3 requested, 1 available');
    expect(await stockOf(bowl.id)).toBe(5);
    expect(await stockOf(vase.id)).toBe(1);
  });

  it('when 200 orders race for the last 10 units, then exactly 10 are reserved and stock ends at 0', async () => {
    const lantern = await createProduct(service, {
      name: 'Lantern',
      price: 42000,
      stock: 10,
      categoryId,
    });
    const orderIds = Array.from({ length: 200 }, () => randomUUID());
    await orders.publish(
      orderIds.map((orderId) => placed(orderId, [{ productId: lantern.id, quantity: 1 }])),
    );
    await vi.waitFor(
      () => {
        const answered = orderIds.filter(
          (id) =>
            eventsFor('stock.reserved', id).length + eventsFor('stock.rejected', id).length > 0,
        );
        expect(answered).toHaveLength(200);
      },
      { timeout: 60_000, interval: 200 },
    );
    expect(orderIds.filter((id) => eventsFor('stock.reserved', id).length === 1)).toHaveLength(10);
    expect(orderIds.filter((id) => eventsFor('stock.rejected', id).length === 1)).toHaveLength(190);
    expect(await stockOf(lantern.id)).toBe(0);
  });

  it('when order.placed is delivered twice, then stock is taken once', async () => {
    const rug = await createProduct(service, { name: 'Rug', price: 120000, stock: 4, categoryId });
    const orderId = randomUUID();
    const message = placed(orderId, [{ productId: rug.id, quantity: 1 }]);
    await orders.publish([message]);
    await service.waitForEvent('stock.reserved', (data) => data.orderId === orderId);
    await orders.publish([{ ...message }]);
    const marker = randomUUID();
    await orders.publish([placed(marker, [{ productId: rug.id, quantity: 1 }])]);
    await service.waitForEvent('stock.reserved', (data) => data.orderId === marker);
    expect(eventsFor('stock.reserved', orderId)).toHaveLength(1);
    expect(await stockOf(rug.id)).toBe(2);
  });

  it('when a reserved order is cancelled (twice), then its units come back once', async () => {
    const teapot = await createProduct(service, {
      name: 'Teapot',
      price: 30000,
      stock: 6,
      categoryId,
    });
    const orderId = randomUUID();
    await orders.publish([placed(orderId, [{ productId: teapot.id, quantity: 5 }])]);
    await service.waitForEvent('stock.reserved', (data) => data.orderId === orderId);
    expect(await stockOf(teapot.id)).toBe(1);
    const twice = [cancelled(orderId), cancelled(orderId)];
    await orders.publish(twice);
    for (const message of twice) await handled(message);
    expect(await stockOf(teapot.id)).toBe(6);
    await settled(teapot.id);
    expect(eventsFor('stock.released', orderId)).toHaveLength(1);
  });

  it('when the cancellation arrives before the order, then the late order.placed reserves nothing', async () => {
    const pouf = await createProduct(service, { name: 'Pouf', price: 35000, stock: 3, categoryId });
    const orderId = randomUUID();
    await orders.publish([cancelled(orderId)]);
    // The cancellation seen first leaves a RELEASED tombstone.
    await vi.waitFor(
      async () => {
        const row = await database.db
          .selectFrom('reservations')
          .select('status')
          .where('order_id', '=', orderId)
          .executeTakeFirst();
        expect(row?.status).toBe('RELEASED');
      },
      { timeout: 10_000, interval: 50 },
    );
    await orders.publish([placed(orderId, [{ productId: pouf.id, quantity: 2 }])]);
    const marker = randomUUID();
    await orders.publish([placed(marker, [{ productId: pouf.id, quantity: 1 }])]);
    await service.waitForEvent('stock.reserved', (data) => data.orderId === marker);
    expect(eventsFor('stock.reserved', orderId)).toHaveLength(0);
    expect(eventsFor('stock.rejected', orderId)).toHaveLength(0);
    expect(await stockOf(pouf.id)).toBe(2);
  });

  it('when the order is paid, then the reservation becomes a sale, even if order.paid overtakes order.placed', async () => {
    const basket = await createProduct(service, {
      name: 'Basket',
      price: 8000,
      stock: 9,
      categoryId,
    });
    const orderId = randomUUID();
    const early = paid(orderId);
    await orders.publish([early]);
    // order.placed goes out only once order.paid was tried and put back for a retry (pg-boss keeps
    // the envelope id as its job id), so it really comes first.
    await vi.waitFor(
      async () => {
        const { rows } = await sql<{ tried: boolean }>`
          SELECT state = 'retry' OR retry_count > 0 AS tried FROM pgboss.job WHERE id = ${early.id}::uuid
        `.execute(database.db);
        expect(rows.map((row) => row.tried)).toContain(true);
      },
      { timeout: 10_000, interval: 50 },
    );
    await orders.publish([placed(orderId, [{ productId: basket.id, quantity: 2 }])]);
    const committed = await vi.waitFor(
      () => {
        const found = eventsFor('stock.committed', orderId)[0];
        if (!found) throw new Error('not committed yet');
        return found;
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(committed.data).toEqual({ orderId, items: [{ productId: basket.id, quantity: 2 }] });
    expect(await stockOf(basket.id)).toBe(7);
  });

  it('when a reservation takes a product to the threshold, then product.stock_low is published once', async () => {
    const candle = await createProduct(service, {
      name: 'Candle',
      price: 2000,
      stock: 5,
      categoryId,
    });
    const first = randomUUID();
    await orders.publish([placed(first, [{ productId: candle.id, quantity: 2 }])]);
    const low = await service.waitForEvent(
      'product.stock_low',
      (data) => data.productId === candle.id,
    );
    expect(low.data).toEqual({ productId: candle.id, name: 'Candle', stock: 3, threshold: 3 });
    const second = randomUUID();
    await orders.publish([placed(second, [{ productId: candle.id, quantity: 1 }])]);
    await service.waitForEvent('stock.reserved', (data) => data.orderId === second);
    expect(
      service.published.filter(
        (e) => e.type === 'product.stock_low' && (e.data as any).productId === candle.id,
      ),
    ).toHaveLength(1);

    const list = await service.asAdmin({ url: '/api/products/low-stock' });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((item: any) => item.id)).toContain(candle.id);
    expect(
      (
        await service.app.inject({
          url: '/api/products/low-stock',
          headers: { authorization: `Bearer ${service.clientToken}` },
        })
      ).statusCode,
    ).toBe(403);
    expect((await service.app.inject({ url: '/api/products/low-stock' })).statusCode).toBe(401);
  });
});
