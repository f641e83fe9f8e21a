import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Principal } from '@souk/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargeCard, finishPayment, startPayment } from '../src/payments/payments.service.js';
import { refundIdFor } from '../src/refunds/refunds.service.js';
import {
  CARDS,
  cardBody,
  dumpPaymentDatabase,
  expectNoCardData,
  startCheckout,
  type Caller,
  type Checkout,
} from './helpers.js';

describe('refunds', () => {
  let checkout: Checkout;
  let amina: Caller;

  beforeAll(async () => {
    checkout = await startCheckout('refunds');
    amina = await checkout.client();
  });
  afterAll(() => checkout?.close());

  const payFor = async (who: Caller, orderId: string, number = CARDS.visa) => {
    const response = await who.pay({
      method: 'POST',
      url: '/api/payments',
      headers: { 'idempotency-key': randomUUID() },
      payload: cardBody(orderId, number),
    });
    if (response.statusCode !== 201)
      throw new Error(`paying: ${response.statusCode} ${response.body}`);
    return response.json<{ id: string; status: string; amount: number; currency: string }>();
  };
  const paidOrder = async () => {
    const order = await checkout.placeOrder(amina);
    const payment = await payFor(amina, order.id);
    await checkout.eventually(async () =>
      expect(await checkout.orderStatus(amina, order.id)).toBe('PAID'),
    );
    return { order, payment };
  };
  const statusOf = async (paymentId: string) =>
    (
      await checkout.db
        .selectFrom('payments')
        .select('status')
        .where('id', '=', paymentId)
        .executeTakeFirstOrThrow()
    ).status;
  const processorRefunds = (paymentId: string) =>
    checkout.db
      .selectFrom('processor_refunds')
      .selectAll()
      .where('charge_id', '=', paymentId)
      .execute();
  const refundRows = (paymentId: string) =>
    checkout.db
      .selectFrom('payment_transactions')
      .selectAll()
      .where('payment_id', '=', paymentId)
      .where('type', '=', 'REFUND')
      .execute();
  const refundedEvents = (orderId: string) => checkout.eventsFor(orderId, 'payment.refunded');
  const cancelledHandled = async () =>
    Number(
      (
        await checkout.db
          .selectFrom('inbox')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('event_type', '=', 'order.cancelled')
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('when the client cancels a paid order, then the payment is refunded once, and a repeated order.cancelled changes nothing', async () => {
    const { order, payment } = await paidOrder();
    const cancel = await amina.order({
      method: 'POST',
      url: `/api/orders/${order.id}/cancel`,
      payload: { reason: 'changed my mind' },
    });
    expect(cancel.statusCode).toBe(200);

    await checkout.eventually(async () => expect(await statusOf(payment.id)).toBe('REFUNDED'));
    const [event] = await checkout.eventually(() => {
      const events = refundedEvents(order.id);
      if (events.length === 0) throw new Error('no payment.refunded yet');
      return events;
    });
    expect(event!.data).toEqual({
      paymentId: payment.id,
      orderId: order.id,
      userId: amina.userId,
      amount: payment.amount,
      currency: payment.currency,
      refundId: refundIdFor(payment.id),
      reason: expect.stringContaining('order cancelled'),
    });

    const again = await checkout.deliver('order.cancelled', {
      orderId: order.id,
      userId: amina.userId,
      reason: 'again',
      wasPaid: true,
      cancelledBy: 'client',
    });
    await checkout.redeliver(again);
    await checkout.handled(again.id);
    expect(await processorRefunds(payment.id)).toHaveLength(1);
    expect(await refundRows(payment.id)).toHaveLength(1);
    expect(refundedEvents(order.id)).toHaveLength(1);
    const log = (
      await amina.pay({ method: 'GET', url: `/api/payments?orderId=${order.id}` })
    ).json();
    expect(
      log.map((entry: { type: string; status: string; amount: number }) => [
        entry.type,
        entry.status,
        entry.amount,
      ]),
    ).toEqual([
      ['CHARGE', 'SUCCEEDED', payment.amount],
      ['REFUND', 'SUCCEEDED', payment.amount],
    ]);
  });

  it('when order.refund_requested is delivered twice (same event, then a copy), then the payment is refunded once', async () => {
    const { order, payment } = await paidOrder();
    const request = {
      orderId: order.id,
      userId: amina.userId,
      paymentId: payment.id,
      reason: 'the order was already paid by another payment',
    };
    const first = await checkout.deliver('order.refund_requested', request);
    await checkout.redeliver(first);
    const copy = await checkout.deliver('order.refund_requested', request);
    await checkout.handled(first.id);
    await checkout.handled(copy.id);

    expect(await statusOf(payment.id)).toBe('REFUNDED');
    expect(await processorRefunds(payment.id)).toEqual([
      expect.objectContaining({ refund_id: refundIdFor(payment.id), amount: payment.amount }),
    ]);
    expect(await refundRows(payment.id)).toHaveLength(1);
    await checkout.eventually(() => expect(refundedEvents(order.id)).toHaveLength(1));
    expect(refundedEvents(order.id)[0]!.data).toMatchObject({ reason: request.reason });
  });

  it('when order.refund_requested and order.cancelled both arrive, in either order, then there is one refund', async () => {
    for (const refundFirst of [true, false]) {
      const { order, payment } = await paidOrder();
      const cancelled = () =>
        checkout.deliver('order.cancelled', {
          orderId: order.id,
          userId: amina.userId,
          reason: 'admin',
          wasPaid: true,
          cancelledBy: 'admin',
        });
      const requested = () =>
        checkout.deliver('order.refund_requested', {
          orderId: order.id,
          userId: amina.userId,
          paymentId: payment.id,
          reason: 'cancelled',
        });
      const events = refundFirst
        ? [await requested(), await cancelled()]
        : [await cancelled(), await requested()];
      for (const event of events) await checkout.handled(event.id);
      expect(await processorRefunds(payment.id)).toHaveLength(1);
      expect(await refundRows(payment.id)).toHaveLength(1);
      await checkout.eventually(() => expect(refundedEvents(order.id)).toHaveLength(1));
    }
  });

  it('when the order is cancelled while its payment is PROCESSING, then nothing happens until the charge succeeds, and then the order service asks for the refund', async () => {
    const order = await checkout.placeOrder(amina);
    const body = cardBody(order.id);
    const principal: Principal = {
      userId: amina.userId,
      roles: ['CLIENT'],
      isAdmin: false,
      tokenId: randomUUID(),
      sessionId: randomUUID(),
      tokenVersion: 0,
      expiresAt: new Date(Date.now() + 900_000),
      token: amina.token,
    };
    const started = await startPayment(checkout.ctx, principal, randomUUID(), body);
    if (started.kind !== 'started') throw new Error('expected a new payment');

    const handledBefore = await cancelledHandled();
    const cancel = await amina.order({
      method: 'POST',
      url: `/api/orders/${order.id}/cancel`,
      payload: {},
    });
    expect(cancel.statusCode).toBe(200);
    await checkout.eventually(async () => expect(await cancelledHandled()).toBe(handledBefore + 1));
    expect(await statusOf(started.payment.id)).toBe('PROCESSING');

    const outcome = await chargeCard(checkout.ctx, started.payment, body.card, performance.now());
    expect(await finishPayment(checkout.ctx, started.payment.id, outcome)).toMatchObject({
      status: 'SUCCEEDED',
    });
    // payment.succeeded reaches a CANCELLED order: the order service answers order.refund_requested.
    await checkout.eventually(async () =>
      expect(await statusOf(started.payment.id)).toBe('REFUNDED'),
    );
    expect(await processorRefunds(started.payment.id)).toHaveLength(1);
    expect(await checkout.orderStatus(amina, order.id)).toBe('CANCELLED');
  });

  it('when a refund is asked for a declined payment, an unknown payment or another order, then nothing is refunded and nothing is dead-lettered', async () => {
    const order = await checkout.placeOrder(amina);
    const declined = await payFor(amina, order.id, CARDS.declined);
    const { order: other, payment: paid } = await paidOrder();
    const events = [
      await checkout.deliver('order.refund_requested', {
        orderId: order.id,
        userId: amina.userId,
        paymentId: declined.id,
        reason: 'test',
      }),
      await checkout.deliver('order.refund_requested', {
        orderId: order.id,
        userId: amina.userId,
        paymentId: randomUUID(),
        reason: 'test',
      }),
      await checkout.deliver('order.refund_requested', {
        orderId: order.id,
        userId: amina.userId,
        paymentId: paid.id,
        reason: 'wrong order',
      }),
      await checkout.deliver('order.cancelled', {
        orderId: randomUUID(),
        userId: amina.userId,
        reason: 'unknown',
        wasPaid: true,
        cancelledBy: 'admin',
      }),
    ];
    for (const event of events) await checkout.handled(event.id);
    expect(await statusOf(declined.id)).toBe('DECLINED');
    expect(await statusOf(paid.id)).toBe('SUCCEEDED');
    expect(refundedEvents(order.id)).toHaveLength(0);
    expect(refundedEvents(other.id)).toHaveLength(0);
    const deadLetters = await checkout.db.selectFrom('dead_letters').selectAll().execute();
    expect(deadLetters).toEqual([]);
  });

  it('when refunds have run, then no card number or CVC is in the database or the logs', async () => {
    expectNoCardData(await dumpPaymentDatabase(checkout));
    expectNoCardData(checkout.logLines.join(''));
  });
});
