import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CARDS,
  cardBody,
  dumpPaymentDatabase,
  expectNoCardData,
  startCheckout,
  type Caller,
  type Checkout,
} from './helpers.js';

describe('paying an order with a card', () => {
  let checkout: Checkout;
  let amina: Caller;

  beforeAll(async () => {
    checkout = await startCheckout('pay');
    amina = await checkout.client();
  });
  afterAll(() => checkout?.close());

  const pay = (who: Caller, body: unknown, key: string | null = randomUUID()) =>
    who.pay({
      method: 'POST',
      url: '/api/payments',
      headers: key ? { 'idempotency-key': key } : {},
      payload: body as object,
    });
  const chargesOf = (paymentIds: string[]) =>
    paymentIds.length === 0
      ? Promise.resolve([])
      : checkout.db
          .selectFrom('processor_charges')
          .selectAll()
          .where('charge_id', 'in', paymentIds)
          .execute();
  const paymentsOfOrder = (orderId: string) =>
    checkout.db.selectFrom('payments').selectAll().where('order_id', '=', orderId).execute();

  it('when the order awaits payment and the card is 4242 4242 4242 4242, then it is 201 SUCCEEDED for the order total and the order becomes PAID', async () => {
    const order = await checkout.placeOrder(amina, { quantity: 2 });
    expect(order.total).toBe(2 * checkout.price);
    const response = await pay(amina, cardBody(order.id, CARDS.visa));
    expect(response.statusCode).toBe(201);
    const payment = response.json();
    expect(payment).toEqual({
      id: expect.any(String),
      orderId: order.id,
      status: 'SUCCEEDED',
      amount: order.total,
      currency: order.currency,
      card: { brand: 'visa', last4: '4242' },
      createdAt: expect.any(String),
    });
    const event = await checkout.eventually(() => {
      const [found] = checkout.eventsFor(order.id, 'payment.succeeded');
      if (!found) throw new Error('no payment.succeeded yet');
      return found;
    });
    expect(event.data).toEqual({
      paymentId: payment.id,
      orderId: order.id,
      userId: amina.userId,
      amount: order.total,
      currency: order.currency,
      card: { brand: 'visa', last4: '4242' },
    });
    await checkout.eventually(async () =>
      expect(await checkout.orderStatus(amina, order.id)).toBe('PAID'),
    );

    const read = await amina.pay({ method: 'GET', url: `/api/payments/${payment.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(payment);
    const log = await amina.pay({ method: 'GET', url: `/api/payments?orderId=${order.id}` });
    expect(log.statusCode).toBe(200);
    expect(log.json()).toEqual([
      {
        id: expect.any(String),
        paymentId: payment.id,
        type: 'CHARGE',
        status: 'SUCCEEDED',
        amount: order.total,
        currency: order.currency,
        createdAt: expect.any(String),
      },
    ]);
    expect(await chargesOf([payment.id])).toHaveLength(1);
  });

  it('when the card is 4000 0000 0000 0002, then it is 201 DECLINED card_declined, payment.failed is published and the order still awaits payment', async () => {
    const order = await checkout.placeOrder(amina);
    const response = await pay(amina, cardBody(order.id, CARDS.declined));
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      status: 'DECLINED',
      declineCode: 'card_declined',
      card: { brand: 'visa', last4: '0002' },
      amount: order.total,
    });
    const event = await checkout.eventually(() => {
      const [found] = checkout.eventsFor(order.id, 'payment.failed');
      if (!found) throw new Error('no payment.failed yet');
      return found;
    });
    expect(event.data).toMatchObject({
      paymentId: response.json().id,
      declineCode: 'card_declined',
      userId: amina.userId,
    });
    expect(await checkout.orderStatus(amina, order.id)).toBe('AWAITING_PAYMENT');
  });

  it('when the card is 4000 0000 0000 9995, then it is declined insufficient_funds; a new key with a good card then pays the order', async () => {
    const order = await checkout.placeOrder(amina);
    const declined = await pay(amina, cardBody(order.id, CARDS.insufficientFunds));
    expect(declined.statusCode).toBe(201);
    expect(declined.json()).toMatchObject({
      status: 'DECLINED',
      declineCode: 'insufficient_funds',
      card: { last4: '9995' },
    });

    const retried = await pay(amina, cardBody(order.id, CARDS.visa));
    expect(retried.statusCode).toBe(201);
    expect(retried.json()).toMatchObject({ status: 'SUCCEEDED' });
    const log = (
      await amina.pay({ method: 'GET', url: `/api/payments?orderId=${order.id}` })
    ).json();
    expect(
      log.map((entry: { type: string; status: string }) => `${entry.type}:${entry.status}`),
    ).toEqual(['CHARGE:DECLINED', 'CHARGE:SUCCEEDED']);
  });

  it('when the card expired last month, then it is declined expired_card', async () => {
    const order = await checkout.placeOrder(amina);
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const response = await pay(
      amina,
      cardBody(order.id, CARDS.visa, {
        expMonth: lastMonth.getUTCMonth() + 1,
        expYear: lastMonth.getUTCFullYear(),
      }),
    );
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ status: 'DECLINED', declineCode: 'expired_card' });
  });

  it('when any other Luhn-valid card is used, then the sandbox accepts it and records its brand', async () => {
    const order = await checkout.placeOrder(amina);
    const response = await pay(amina, cardBody(order.id, CARDS.mastercard));
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      status: 'SUCCEEDED',
      card: { brand: 'mastercard', last4: '4444' },
    });
  });

  it('when the number fails Luhn, then it is 400 before anything is charged, and the key stays free', async () => {
    const order = await checkout.placeOrder(amina);
    const key = randomUUID();
    const response = await pay(amina, cardBody(order.id, CARDS.badLuhn), key);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'body.card.number', message: 'fails the Luhn check' }],
    });
    expect(await paymentsOfOrder(order.id)).toHaveLength(0);

    const fixed = await pay(amina, cardBody(order.id, CARDS.visa), key);
    expect(fixed.statusCode).toBe(201);
    expect(fixed.json().status).toBe('SUCCEEDED');
  });

  it('when the body carries amount, currency, status or userId, then it is 400 and nothing is charged', async () => {
    const order = await checkout.placeOrder(amina);
    for (const extra of [
      { amount: 1 },
      { currency: 'EUR' },
      { status: 'SUCCEEDED' },
      { userId: randomUUID() },
    ]) {
      const response = await pay(amina, { ...cardBody(order.id), ...extra });
      expect(response.statusCode, JSON.stringify(extra)).toBe(400);
      expect(response.json().errors).toEqual([
        { path: `body.${Object.keys(extra)[0]}`, message: 'is not allowed' },
      ]);
    }
    const nested = await pay(amina, cardBody(order.id, CARDS.visa, { amount: 1 }));
    expect(nested.statusCode).toBe(400);
    expect(await paymentsOfOrder(order.id)).toHaveLength(0);
  });

  it('when the Idempotency-Key header is missing, then it is 400', async () => {
    const order = await checkout.placeOrder(amina);
    const response = await pay(amina, cardBody(order.id), null);
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('idempotency_key_missing');
    expect(await paymentsOfOrder(order.id)).toHaveLength(0);
  });

  it('when a key is reused with another body, then it is 422 and the first payment stands', async () => {
    const order = await checkout.placeOrder(amina);
    const key = randomUUID();
    const first = await pay(amina, cardBody(order.id), key);
    expect(first.statusCode).toBe(201);
    const other = await pay(
      amina,
      cardBody(order.id, CARDS.visa, { holderName: 'Someone Else' }),
      key,
    );
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency_key_reused');
    expect(await paymentsOfOrder(order.id)).toHaveLength(1);
  });

  it('when 50 identical payments with one key arrive at once, then the card is charged once and every reply is that payment or 409', async () => {
    const order = await checkout.placeOrder(amina);
    const key = randomUUID();
    const body = cardBody(order.id);
    const replies = await Promise.all(Array.from({ length: 50 }, () => pay(amina, body, key)));
    const created = replies
      .filter((reply) => reply.statusCode === 201)
      .map((reply) => reply.json());
    const busy = replies.filter((reply) => reply.statusCode === 409);
    expect(created.length + busy.length).toBe(50);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const payment of created) expect(payment).toEqual(created[0]);
    for (const reply of busy) expect(reply.json().detail).toMatch(/being processed/);
    expect(created[0]).toMatchObject({ status: 'SUCCEEDED', orderId: order.id });

    const payments = await paymentsOfOrder(order.id);
    expect(payments).toHaveLength(1);
    expect(await chargesOf(payments.map((payment) => payment.id))).toHaveLength(1);
    const again = await pay(amina, body, key);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(created[0]);
  });

  it('when two different keys pay one order at once, then one succeeds and the other is 409', async () => {
    const order = await checkout.placeOrder(amina);
    const [one, two] = await Promise.all([
      pay(amina, cardBody(order.id)),
      pay(amina, cardBody(order.id)),
    ]);
    expect([one.statusCode, two.statusCode].sort()).toEqual([201, 409]);
    const winner = [one, two].find((reply) => reply.statusCode === 201)!;
    expect(winner.json().status).toBe('SUCCEEDED');
    const payments = await paymentsOfOrder(order.id);
    expect(payments.map((payment) => payment.status)).toEqual(['SUCCEEDED']);
    expect(await chargesOf(payments.map((payment) => payment.id))).toHaveLength(1);
  });

  it('when the order does not await payment (still PENDING, or already PAID), then paying is 409', async () => {
    const pending = await checkout.placeOrder(amina, { reserve: false });
    const early = await pay(amina, cardBody(pending.id));
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'conflict', orderStatus: 'PENDING' });

    const order = await checkout.placeOrder(amina);
    expect((await pay(amina, cardBody(order.id))).statusCode).toBe(201);
    await checkout.eventually(async () =>
      expect(await checkout.orderStatus(amina, order.id)).toBe('PAID'),
    );
    const twice = await pay(amina, cardBody(order.id));
    expect(twice.statusCode).toBe(409);
    expect(twice.json().orderStatus).toBe('PAID');
    expect(await paymentsOfOrder(order.id)).toHaveLength(1);
  });

  it('when the order does not exist, then paying is 404', async () => {
    const response = await pay(amina, cardBody(randomUUID()));
    expect(response.statusCode).toBe(404);
  });

  it("when client B reaches for A's order and payments, then every answer is 404 (and listing all is 403)", async () => {
    const bilal = await checkout.client();
    const order = await checkout.placeOrder(amina);
    const paid = (await pay(amina, cardBody(order.id))).json();

    const steal = await pay(bilal, cardBody(order.id));
    expect(steal.statusCode).toBe(404);
    expect((await bilal.pay({ method: 'GET', url: `/api/payments/${paid.id}` })).statusCode).toBe(
      404,
    );
    expect(
      (await bilal.pay({ method: 'GET', url: `/api/payments?orderId=${order.id}` })).statusCode,
    ).toBe(404);
    expect((await bilal.pay({ method: 'GET', url: '/api/payments' })).statusCode).toBe(403);
    expect(await paymentsOfOrder(order.id)).toHaveLength(1);
  });

  it('when an admin pays an order that is not theirs, then it is 404 too; an admin can read any payment and list them all', async () => {
    const admin = await checkout.admin();
    const order = await checkout.placeOrder(amina);
    expect((await pay(admin, cardBody(order.id))).statusCode).toBe(404);
    const paid = (await pay(amina, cardBody(order.id))).json();

    expect((await admin.pay({ method: 'GET', url: `/api/payments/${paid.id}` })).json()).toEqual(
      paid,
    );
    expect(
      (await admin.pay({ method: 'GET', url: `/api/payments?orderId=${order.id}` })).json(),
    ).toHaveLength(1);
    const page = await admin.pay({
      method: 'GET',
      url: '/api/payments?status=SUCCEEDED&page=1&pageSize=2',
    });
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ page: 1, pageSize: 2, total: expect.any(Number) });
    expect(page.json().items).toHaveLength(2);
    expect(page.json().items[0]).toEqual({ ...paid, userId: amina.userId });
    expect(page.json().items.every((item: { status: string }) => item.status === 'SUCCEEDED')).toBe(
      true,
    );
    expect((await admin.pay({ method: 'GET', url: '/api/payments?pageSize=101' })).statusCode).toBe(
      400,
    );
    expect(
      (await admin.pay({ method: 'GET', url: `/api/payments?orderId=${order.id}&page=1` }))
        .statusCode,
    ).toBe(400);
  });

  it('when an order has no payment yet, then its transaction log is empty', async () => {
    const order = await checkout.placeOrder(amina);
    const log = await amina.pay({ method: 'GET', url: `/api/payments?orderId=${order.id}` });
    expect(log.statusCode).toBe(200);
    expect(log.json()).toEqual([]);
  });

  it('when the OpenAPI document is read, then it lists the payment routes', async () => {
    const response = await checkout.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(Object.keys(response.json().paths)).toEqual(
      expect.arrayContaining(['/api/payments', '/api/payments/{id}']),
    );
  });

  // Last on purpose: by now every path above (successes, declines, Luhn failures, rejected bodies,
  // 50 racing requests, 404s) has run with the payment service logging at level trace.
  it('when every path has run, then no card number or CVC is in the database or in the logs', async () => {
    const dump = await dumpPaymentDatabase(checkout);
    expect(dump).toContain('-- payments');
    expect(dump).toContain('"card_last4":"4242"');
    expectNoCardData(dump);

    const logs = checkout.logLines.join('');
    expect(logs).toContain('/api/payments');
    expectNoCardData(logs);
    // The capture sees what the service logs, redaction included.
    checkout.ctx.logger.info({ card: cardBody(randomUUID()).card }, 'a careless line');
    const careless = checkout.logLines.at(-1)!;
    expect(careless).toContain('"card":"[redacted]"');
    expectNoCardData(careless);
  });
});
