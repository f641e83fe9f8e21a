import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  card,
  createTestKeys,
  startOrderService,
  startProductPeer,
  type Caller,
  type CatalogEntry,
  type OrderService,
  type ProductPeer,
} from './helpers.js';

describe('checkout saga consumers: duplicates and out-of-order delivery', () => {
  let catalog: ProductPeer;
  let service: OrderService;
  let tea: CatalogEntry;
  let client: Caller;

  beforeAll(async () => {
    const keys = await createTestKeys();
    catalog = await startProductPeer(keys);
    service = await startOrderService('saga', keys, catalog.url);
    tea = await catalog.addProduct({ name: 'Mint tea', price: 4500, stock: 1000 });
    client = await service.client();
  });
  afterAll(async () => {
    await service?.close();
    await catalog?.close();
  });

  const place = () => service.placeOrder(client, [{ productId: tea.id, quantity: 2 }]);
  const reserved = (order: any) => ({
    orderId: order.id,
    items: [{ productId: tea.id, quantity: 2 }],
  });
  const payment = (order: any, paymentId: string = randomUUID(), amount: number = order.total) => ({
    paymentId,
    orderId: order.id,
    userId: order.userId,
    amount,
    currency: order.currency,
    card,
  });
  const deliverAndWait = async (...args: Parameters<OrderService['deliver']>) => {
    const envelope = await service.deliver(...args);
    await service.handled(envelope);
    return envelope;
  };
  const read = async (order: any) =>
    (await client.request({ method: 'GET', url: `/api/orders/${order.id}` })).json();
  const statuses = async (order: any) =>
    (await read(order)).history.map((entry: any) => entry.status);
  const types = (order: any) => service.eventsFor(order.id).map((event) => event.type);
  it('when stock.reserved arrives twice (same and new envelope ids), then the order awaits payment once', async () => {
    const order = await place();
    const first = await deliverAndWait('stock.reserved', reserved(order));
    await deliverAndWait('stock.reserved', reserved(order), first.id);
    await deliverAndWait('stock.reserved', reserved(order));

    expect(await statuses(order)).toEqual(['PENDING', 'AWAITING_PAYMENT']);
    await service.settled();
    expect(types(order)).toEqual(['order.placed', 'order.awaiting_payment']);
    expect(service.eventsFor(order.id, 'order.awaiting_payment')[0]!.data).toEqual({
      orderId: order.id,
      userId: client.userId,
      total: 9000,
      currency: 'MAD',
      payBy: order.payBy,
    });
  });

  it('when stock.rejected arrives twice and then a late stock.reserved, then the order stays REJECTED with the reason', async () => {
    const order = await place();
    const rejection = {
      orderId: order.id,
      reason: 'Mint tea: 1 left, 2 asked',
      unavailable: [{ productId: tea.id, requested: 2, available: 1 }],
    };
    await deliverAndWait('stock.rejected', rejection);
    await deliverAndWait('stock.rejected', rejection);
    await deliverAndWait('stock.reserved', reserved(order));

    const final = await read(order);
    expect(final.status).toBe('REJECTED');
    expect(final.history.map((entry: any) => [entry.status, entry.reason])).toEqual([
      ['PENDING', undefined],
      ['REJECTED', 'Mint tea: 1 left, 2 asked'],
    ]);
    await service.settled();
    expect(types(order)).toEqual(['order.placed', 'order.rejected']);
    expect(service.eventsFor(order.id, 'order.rejected')[0]!.data).toEqual({
      orderId: order.id,
      userId: client.userId,
      reason: 'Mint tea: 1 left, 2 asked',
    });
  });

  it('when payment.succeeded (twice) comes before stock.reserved, then it is kept and the order ends PAID once stock answers', async () => {
    const order = await place();
    const paid = payment(order);
    await deliverAndWait('payment.succeeded', paid);
    await deliverAndWait('payment.succeeded', paid);
    expect(await service.statusOf(order.id)).toBe('PENDING');

    await deliverAndWait('stock.reserved', reserved(order));
    await deliverAndWait('stock.reserved', reserved(order));
    const final = await read(order);
    expect(final).toMatchObject({ status: 'PAID', paymentId: paid.paymentId });
    expect(final.history.map((entry: any) => entry.status)).toEqual([
      'PENDING',
      'AWAITING_PAYMENT',
      'PAID',
    ]);
    await service.settled();
    // Both events come from one transaction: the bus does not order them (consumers never rely on order).
    expect(types(order).sort()).toEqual(['order.awaiting_payment', 'order.paid', 'order.placed']);
    expect(service.eventsFor(order.id, 'order.paid')[0]!.data).toEqual({
      orderId: order.id,
      userId: client.userId,
      paymentId: paid.paymentId,
      total: 9000,
      currency: 'MAD',
      items: [{ productId: tea.id, quantity: 2 }],
    });
  });

  it('when payment.succeeded arrives twice in order, then the order is PAID once and nothing is refunded', async () => {
    const order = await place();
    await deliverAndWait('stock.reserved', reserved(order));
    const paid = payment(order);
    await deliverAndWait('payment.succeeded', paid);
    await deliverAndWait('payment.succeeded', paid);
    expect(await statuses(order)).toEqual(['PENDING', 'AWAITING_PAYMENT', 'PAID']);
    await service.settled();
    expect(types(order)).toEqual(['order.placed', 'order.awaiting_payment', 'order.paid']);
  });

  it('when stock.reserved arrives after the order was cancelled, then it stays CANCELLED and publishes nothing more', async () => {
    const order = await place();
    expect(
      (await client.request({ method: 'POST', url: `/api/orders/${order.id}/cancel` })).statusCode,
    ).toBe(200);
    await deliverAndWait('stock.reserved', reserved(order));
    expect(await statuses(order)).toEqual(['PENDING', 'CANCELLED']);
    await service.settled();
    expect(types(order)).toEqual(['order.placed', 'order.cancelled']);
  });

  it('when payment.succeeded arrives (twice) for a cancelled order, then exactly one order.refund_requested goes out', async () => {
    const order = await place();
    await deliverAndWait('stock.reserved', reserved(order));
    expect(
      (await client.request({ method: 'POST', url: `/api/orders/${order.id}/cancel` })).statusCode,
    ).toBe(200);
    const paid = payment(order);
    await deliverAndWait('payment.succeeded', paid);
    await deliverAndWait('payment.succeeded', paid);

    expect(await statuses(order)).toEqual(['PENDING', 'AWAITING_PAYMENT', 'CANCELLED']);
    await service.settled();
    expect(types(order)).toEqual([
      'order.placed',
      'order.awaiting_payment',
      'order.cancelled',
      'order.refund_requested',
    ]);
    expect(service.eventsFor(order.id, 'order.refund_requested')[0]!.data).toEqual({
      orderId: order.id,
      userId: client.userId,
      paymentId: paid.paymentId,
      reason: 'the order was cancelled',
    });
  });

  it('when a second, different charge arrives for a paid order, then that charge is refunded and the first one kept', async () => {
    const order = await place();
    const first = await service.bringTo(order, 'PAID');
    const second = payment(order);
    await deliverAndWait('payment.succeeded', second);
    await deliverAndWait('payment.succeeded', second);
    expect(await read(order)).toMatchObject({ status: 'PAID', paymentId: first });
    await service.settled();
    expect(
      service.eventsFor(order.id, 'order.refund_requested').map((event) => event.data),
    ).toEqual([
      {
        orderId: order.id,
        userId: client.userId,
        paymentId: second.paymentId,
        reason: 'the order was already paid by another payment',
      },
    ]);
  });

  it('when a paid order was cancelled and its own charge is told again, then no extra refund is asked (order.cancelled carries it)', async () => {
    const order = await place();
    const paymentId = await service.bringTo(order, 'PAID');
    expect(
      (await client.request({ method: 'POST', url: `/api/orders/${order.id}/cancel` })).statusCode,
    ).toBe(200);
    await deliverAndWait('payment.succeeded', payment(order, paymentId));
    await service.settled();
    expect(types(order)).toEqual([
      'order.placed',
      'order.awaiting_payment',
      'order.paid',
      'order.cancelled',
    ]);
    expect(service.eventsFor(order.id, 'order.cancelled')[0]!.data).toMatchObject({
      wasPaid: true,
    });
  });

  it('when a charge does not match the order total, then it is refunded and the order still awaits payment', async () => {
    const order = await place();
    await deliverAndWait('stock.reserved', reserved(order));
    const wrong = payment(order, randomUUID(), order.total - 1);
    await deliverAndWait('payment.succeeded', wrong);
    expect(await service.statusOf(order.id)).toBe('AWAITING_PAYMENT');
    await service.settled();
    expect(
      service
        .eventsFor(order.id, 'order.refund_requested')
        .map((event) => (event.data as any).paymentId),
    ).toEqual([wrong.paymentId]);
  });

  it('when a payment is kept for a PENDING order that stock then rejects, then the charge is refunded', async () => {
    const order = await place();
    const paid = payment(order);
    await deliverAndWait('payment.succeeded', paid);
    await deliverAndWait('stock.rejected', {
      orderId: order.id,
      reason: 'out of stock',
      unavailable: [],
    });
    expect(await service.statusOf(order.id)).toBe('REJECTED');
    await service.settled();
    expect(types(order).sort()).toEqual([
      'order.placed',
      'order.refund_requested',
      'order.rejected',
    ]);
    expect(service.eventsFor(order.id, 'order.refund_requested')[0]!.data).toMatchObject({
      paymentId: paid.paymentId,
      reason: 'the order was rejected',
    });
  });

  it('when a payment is kept for a PENDING order that the client then cancels, then the charge is refunded', async () => {
    const order = await place();
    const paid = payment(order);
    await deliverAndWait('payment.succeeded', paid);
    expect(
      (await client.request({ method: 'POST', url: `/api/orders/${order.id}/cancel` })).statusCode,
    ).toBe(200);
    await deliverAndWait('stock.reserved', reserved(order));
    expect(await service.statusOf(order.id)).toBe('CANCELLED');
    await service.settled();
    expect(types(order).sort()).toEqual([
      'order.cancelled',
      'order.placed',
      'order.refund_requested',
    ]);
    expect(service.eventsFor(order.id, 'order.cancelled')[0]!.data).toMatchObject({
      wasPaid: false,
    });
  });

  it('when payment.failed arrives, then the order stays AWAITING_PAYMENT with no history change', async () => {
    const order = await place();
    await deliverAndWait('stock.reserved', reserved(order));
    const failed = {
      paymentId: randomUUID(),
      orderId: order.id,
      userId: order.userId,
      amount: order.total,
      currency: 'MAD',
      declineCode: 'card_declined',
    };
    await deliverAndWait('payment.failed', failed);
    await deliverAndWait('payment.failed', failed);
    expect(await statuses(order)).toEqual(['PENDING', 'AWAITING_PAYMENT']);
    // The client may pay again afterwards.
    await deliverAndWait('payment.succeeded', payment(order));
    expect(await service.statusOf(order.id)).toBe('PAID');
  });

  it('when events name an order this service does not know, then they are no-ops (a charge is refunded), never dead letters', async () => {
    const unknown = { id: randomUUID(), userId: client.userId, total: 100, currency: 'MAD' };
    await deliverAndWait('stock.reserved', {
      orderId: unknown.id,
      items: [{ productId: tea.id, quantity: 1 }],
    });
    await deliverAndWait('stock.rejected', {
      orderId: unknown.id,
      reason: 'out of stock',
      unavailable: [],
    });
    await deliverAndWait('payment.succeeded', payment(unknown));
    await service.eventually(() => expect(types(unknown)).toEqual(['order.refund_requested']));
    expect(await service.query('SELECT id FROM orders WHERE id = $1', [unknown.id])).toEqual([]);
    expect(await service.query('SELECT event_type FROM dead_letters')).toEqual([]);
  });
});
