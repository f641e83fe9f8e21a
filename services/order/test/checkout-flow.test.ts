import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  card,
  createTestDatabase,
  createTestKeys,
  startOrderService,
  startProductPeer,
  testDatabaseServerUrl,
  type OrderService,
  type ProductPeer,
} from './helpers.js';
import type { TestDatabase } from '@souk/testkit';

/** The order service and the real product service on one broker: the stock half of the saga is real. */
describe('checkout flow with the real product service', () => {
  let brokerDatabase: TestDatabase;
  let catalog: ProductPeer;
  let service: OrderService;

  beforeAll(async () => {
    const keys = await createTestKeys();
    brokerDatabase = await createTestDatabase(testDatabaseServerUrl(), 'order_flow_broker');
    catalog = await startProductPeer(keys, { brokerUrl: brokerDatabase.url });
    service = await startOrderService('flow', keys, catalog.url, {}, { brokerDatabase });
  });
  afterAll(async () => {
    await service?.close();
    await catalog?.close();
    await brokerDatabase?.drop();
  });

  const stockOf = async (productId: string) => (await catalog.read(productId)).stock;
  const waitForStatus = (orderId: string, status: string) =>
    service.eventually(async () => expect(await service.statusOf(orderId)).toBe(status), 15_000);

  it('when stock is there, then the product service reserves it and the order awaits payment, then is paid', async () => {
    const client = await service.client();
    const lamp = await catalog.addProduct({ name: 'Brass lamp', price: 45000, stock: 5 });
    const order = await service.placeOrder(client, [{ productId: lamp.id, quantity: 2 }]);
    await waitForStatus(order.id, 'AWAITING_PAYMENT');
    expect(await stockOf(lamp.id)).toBe(3);

    await service.deliver('payment.succeeded', {
      paymentId: randomUUID(),
      orderId: order.id,
      userId: client.userId,
      amount: 90000,
      currency: 'MAD',
      card,
    });
    await waitForStatus(order.id, 'PAID');
    expect(await stockOf(lamp.id)).toBe(3);
  });

  it('when stock is short, then the product service rejects the order with its reason and reserves nothing', async () => {
    const client = await service.client();
    const rug = await catalog.addProduct({ name: 'Berber rug', price: 250000, stock: 1 });
    const tea = await catalog.addProduct({ name: 'Mint tea', price: 4500, stock: 10 });
    const order = await service.placeOrder(client, [
      { productId: tea.id, quantity: 3 },
      { productId: rug.id, quantity: 2 },
    ]);
    await waitForStatus(order.id, 'REJECTED');
    const read = (await client.request({ method: 'GET', url: `/api/orders/${order.id}` })).json();
    expect(read.history.at(-1).reason).toEqual(expect.any(String));
    expect(await stockOf(tea.id)).toBe(10);
    expect(await stockOf(rug.id)).toBe(1);
  });

  it('when the client cancels an order awaiting payment, then the product service puts the stock back', async () => {
    const client = await service.client();
    const pouf = await catalog.addProduct({ name: 'Leather pouf', price: 60000, stock: 4 });
    const order = await service.placeOrder(client, [{ productId: pouf.id, quantity: 4 }]);
    await waitForStatus(order.id, 'AWAITING_PAYMENT');
    expect(await stockOf(pouf.id)).toBe(0);
    expect(
      (await client.request({ method: 'POST', url: `/api/orders/${order.id}/cancel` })).statusCode,
    ).toBe(200);
    await service.eventually(async () => expect(await stockOf(pouf.id)).toBe(4), 15_000);
  });
});
