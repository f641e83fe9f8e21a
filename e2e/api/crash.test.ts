import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually, type ApiClient } from '../support/api.js';
import { sleep, startSystem, type System } from '../support/system.js';

// Kill -9 the order or the payment process in the middle of checkouts; the launcher restarts it.
// Every order must still reach a final state, and nothing may be charged twice.

const address = {
  fullName: 'Karim Tazi',
  line1: '3 rue Zerktouni',
  city: 'Casablanca',
  postalCode: '20000',
  country: 'MA',
};
const goodCard = {
  number: '4242424242424242',
  expMonth: 12,
  expYear: new Date().getFullYear() + 2,
  cvc: '321',
  holderName: 'Karim Tazi',
};

describe('checkout survives a crashed service', () => {
  let system: System;
  let api: ApiClient;
  let adminToken: string;
  let productId: string;

  beforeAll(async () => {
    // One client holds 8 unpaid orders at once below: above the unpaid-order limit meant for people.
    system = await startSystem({
      env: {
        GATEWAY_RATE_LIMIT_MAX: '0',
        GATEWAY_LOGIN_RATE_LIMIT_MAX: '100000',
        PRODUCT_DEMO_CATALOG: 'false',
        ORDER_MAX_UNPAID_ORDERS_PER_CLIENT: '10',
      },
    });
    api = apiClient(system.gatewayUrl);
    adminToken = await api.login(system.admin.email, system.admin.password);
    const categoryId = (
      await api.post('/api/categories', { token: adminToken, body: { name: 'Crash tests' } })
    ).body.id;
    productId = (
      await api.post('/api/products', {
        token: adminToken,
        body: {
          name: 'Argan oil 250 ml',
          description: 'Cold pressed.',
          price: 15000,
          stock: 1000,
          categoryId,
        },
      })
    ).body.id;
  });
  afterAll(() => system?.stop());

  const place = (token: string) =>
    api.post('/api/orders', {
      token,
      body: { items: [{ productId, quantity: 1 }], shippingAddress: address },
      headers: { 'idempotency-key': randomUUID() },
    });
  const pay = (token: string, orderId: string, key: string) =>
    api
      .post('/api/payments', {
        token,
        body: { orderId, card: goodCard },
        headers: { 'idempotency-key': key },
      })
      .catch(() => ({ status: 0, body: undefined, headers: new Headers() }));

  async function waitForStatus(
    token: string,
    orderIds: string[],
    status: string,
    timeoutMs = 100_000,
  ): Promise<void> {
    await eventually(
      async () => {
        const orders = await Promise.all(
          orderIds.map((id) => api.get(`/api/orders/${id}`, { token }).catch(() => undefined)),
        );
        return orders.every((order) => order?.body?.status === status);
      },
      `${orderIds.length} orders to be ${status}`,
      timeoutMs,
      500,
    );
  }

  async function charges(token: string, orderId: string) {
    const log = await api.get(`/api/payments?orderId=${orderId}`, { token });
    return (log.body as Array<{ type: string; status: string }>).filter(
      (entry) => entry.type === 'CHARGE' && entry.status === 'SUCCEEDED',
    );
  }

  it('when the order service is killed right after orders are placed and again after they are paid, then every order still ends PAID', async () => {
    const client = await api.register('crash-order');
    const placed = await Promise.all(Array.from({ length: 5 }, () => place(client.token)));
    expect(placed.map((response) => response.status)).toEqual([201, 201, 201, 201, 201]);
    const orderIds = placed.map((response) => response.body.id as string);
    const firstPid = await system.kill('order');
    await system.waitForRestart('order', firstPid);
    await waitForStatus(client.token, orderIds, 'AWAITING_PAYMENT');

    const paid = await Promise.all(orderIds.map((id) => pay(client.token, id, randomUUID())));
    expect(paid.map((response) => response.body?.status)).toEqual([
      'SUCCEEDED',
      'SUCCEEDED',
      'SUCCEEDED',
      'SUCCEEDED',
      'SUCCEEDED',
    ]);
    const secondPid = await system.kill('order');
    await system.waitForRestart('order', secondPid);
    await waitForStatus(client.token, orderIds, 'PAID');
    for (const id of orderIds) expect(await charges(client.token, id)).toHaveLength(1);
  });

  it('when the payment service is killed while payments are in flight, then retrying with the same keys ends with each order PAID and charged once', async () => {
    const client = await api.register('crash-payment');
    const orderIds = (await Promise.all(Array.from({ length: 8 }, () => place(client.token)))).map(
      (response) => response.body.id as string,
    );
    await waitForStatus(client.token, orderIds, 'AWAITING_PAYMENT');
    const keys = orderIds.map(() => randomUUID());

    const inFlight = Promise.all(orderIds.map((id, i) => pay(client.token, id, keys[i]!)));
    await sleep(30);
    const pid = await system.kill('payment');
    await inFlight;
    await system.waitForRestart('payment', pid);

    // What a careful client does: repeat the same request (same key) until it has an answer.
    for (const [i, orderId] of orderIds.entries()) {
      const answer = await eventually(
        async () => {
          const response = await pay(client.token, orderId, keys[i]!);
          if (response.status === 201) return response.body;
          // The order was already paid by the first attempt and the reply lost: nothing to retry.
          if (
            response.status === 409 &&
            (await api.get(`/api/orders/${orderId}`, { token: client.token })).body.status ===
              'PAID'
          )
            return { status: 'SUCCEEDED' };
          return undefined;
        },
        `an answer for the payment of ${orderId}`,
        90_000,
        1_000,
      );
      // A charge that never reached the processor is reported failed: pay again with a new key.
      if (answer.status !== 'SUCCEEDED')
        expect((await pay(client.token, orderId, randomUUID())).body.status).toBe('SUCCEEDED');
    }
    await waitForStatus(client.token, orderIds, 'PAID');
    for (const id of orderIds) expect(await charges(client.token, id)).toHaveLength(1);
  });
});
