import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Principal } from '@souk/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoverStuckPayments, releaseOrphanClaims } from '../src/payments/payment-recovery.js';
import {
  chargeCard,
  finishPayment,
  PAY_SCOPE,
  startPayment,
} from '../src/payments/payments.service.js';
import { claimIdempotencyKey } from '@souk/platform';
import { createSandboxProcessor } from '../src/processor/sandbox-processor.js';
import {
  CARDS,
  cardBody,
  dumpPaymentDatabase,
  expectNoCardData,
  startCheckout,
  type Caller,
  type Checkout,
} from './helpers.js';

// A "crash" between the steps of a payment: the test runs the use-case steps itself and stops
// where a process could die, then lets the recovery sweep finish the work.
describe('recovering payments a crash left PROCESSING', () => {
  let checkout: Checkout;
  let amina: Caller;

  beforeAll(async () => {
    checkout = await startCheckout('recovery', { RECOVERY_SWEEP_SECONDS: '0.5' });
    amina = await checkout.client();
  });
  afterAll(() => checkout?.close());

  const principal = (who: Caller): Principal => ({
    userId: who.userId,
    roles: ['CLIENT'],
    isAdmin: false,
    tokenId: randomUUID(),
    sessionId: randomUUID(),
    tokenVersion: 0,
    expiresAt: new Date(Date.now() + 900_000),
    token: who.token,
  });
  const pay = (who: Caller, body: object, key: string) =>
    who.pay({
      method: 'POST',
      url: '/api/payments',
      headers: { 'idempotency-key': key },
      payload: body,
    });
  const payment = (id: string) =>
    checkout.db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const charges = (id: string) =>
    checkout.db.selectFrom('processor_charges').selectAll().where('charge_id', '=', id).execute();
  const refunds = (id: string) =>
    checkout.db.selectFrom('processor_refunds').selectAll().where('charge_id', '=', id).execute();
  const transactions = (id: string) =>
    checkout.db
      .selectFrom('payment_transactions')
      .select(['type', 'status'])
      .where('payment_id', '=', id)
      .orderBy('type')
      .execute();
  const started = async (who: Caller, body: ReturnType<typeof cardBody>, key: string) => {
    const result = await startPayment(checkout.ctx, principal(who), key, body);
    if (result.kind !== 'started') throw new Error('expected a new payment');
    return result.payment;
  };

  it('when the process dies after the charge and before recording it, then the sweep records SUCCEEDED once and the key replays it', async () => {
    const order = await checkout.placeOrder(amina);
    const key = randomUUID();
    const body = cardBody(order.id, CARDS.visa);
    const stuck = await started(amina, body, key);
    expect(await chargeCard(checkout.ctx, stuck, body.card, performance.now())).toEqual({
      status: 'SUCCEEDED',
    });
    // ...crash here: the outcome is never recorded.

    const retry = await pay(amina, body, key);
    expect(retry.statusCode).toBe(409);
    expect(retry.json().detail).toMatch(/being processed/);

    expect(
      await recoverStuckPayments(checkout.ctx, { olderThanSeconds: 0 }),
    ).toBeGreaterThanOrEqual(1);
    expect(await payment(stuck.id)).toMatchObject({ status: 'SUCCEEDED', decline_code: null });
    expect(await transactions(stuck.id)).toEqual([{ type: 'CHARGE', status: 'SUCCEEDED' }]);
    await checkout.eventually(async () =>
      expect(await checkout.orderStatus(amina, order.id)).toBe('PAID'),
    );

    const replay = await pay(amina, body, key);
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toMatchObject({ id: stuck.id, status: 'SUCCEEDED', amount: order.total });
    await recoverStuckPayments(checkout.ctx, { olderThanSeconds: 0 });
    expect(await charges(stuck.id)).toHaveLength(1);
    expect(checkout.eventsFor(order.id, 'payment.succeeded')).toHaveLength(1);
  });

  it('when the process dies before the charge, then the sweep finds no charge, records FAILED processing_error, and a new key can pay', async () => {
    const order = await checkout.placeOrder(amina);
    const key = randomUUID();
    const stuck = await started(amina, cardBody(order.id), key);
    // ...crash here: the processor never hears of it.

    await recoverStuckPayments(checkout.ctx, { olderThanSeconds: 0 });
    expect(await payment(stuck.id)).toMatchObject({
      status: 'FAILED',
      decline_code: 'processing_error',
    });
    expect(await charges(stuck.id)).toHaveLength(0);
    const failed = await checkout.eventually(() => {
      const [event] = checkout.eventsFor(order.id, 'payment.failed');
      if (!event) throw new Error('no payment.failed yet');
      return event;
    });
    expect(failed.data).toMatchObject({ paymentId: stuck.id, declineCode: 'processing_error' });
    const replay = await pay(amina, cardBody(order.id), key);
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toMatchObject({
      id: stuck.id,
      status: 'FAILED',
      declineCode: 'processing_error',
    });

    const again = await pay(amina, cardBody(order.id), randomUUID());
    expect(again.statusCode).toBe(201);
    expect(again.json().status).toBe('SUCCEEDED');
  });

  it('when the process dies after claiming the key and before recording the payment, then the claim is released and the same key pays once', async () => {
    const order = await checkout.placeOrder(amina);
    const key = randomUUID();
    const body = cardBody(order.id);
    // The claim as startPayment makes it (same fingerprint), then... crash: no payment row.
    const digits = body.card.number.replace(/\s/g, '');
    await claimIdempotencyKey(checkout.db, {
      scope: PAY_SCOPE,
      ownerId: amina.userId,
      key,
      body: {
        orderId: order.id,
        card: {
          brand: 'visa',
          last4: digits.slice(-4),
          expMonth: body.card.expMonth,
          expYear: body.card.expYear,
          holderName: body.card.holderName,
        },
      },
    });
    expect((await pay(amina, body, key)).statusCode).toBe(409);

    expect(await releaseOrphanClaims(checkout.ctx, 60)).toBe(0); // too recent: could be a live request
    expect(await releaseOrphanClaims(checkout.ctx, 0)).toBe(1);
    const paid = await pay(amina, body, key);
    expect(paid.statusCode).toBe(201);
    expect(paid.json().status).toBe('SUCCEEDED');
    expect(await charges(paid.json().id)).toHaveLength(1);
    expect(await releaseOrphanClaims(checkout.ctx, 0)).toBe(0); // a claim with its payment is never touched
  });

  it('when the processor cannot be reached, then the client gets 503, the payment waits, and the sweep settles it without a charge', async () => {
    const order = await checkout.placeOrder(amina);
    const body = cardBody(order.id);
    const stuck = await started(amina, body, randomUUID());
    const unreachable = createSandboxProcessor({ url: 'postgres://nobody@127.0.0.1:1/none' });
    const error = await chargeCard(
      { ...checkout.ctx, processor: unreachable },
      stuck,
      body.card,
      performance.now(),
    ).catch((caught: unknown) => caught);
    await unreachable.close();
    expect(error).toMatchObject({ code: 'unavailable', status: 503 });
    expect(await payment(stuck.id)).toMatchObject({ status: 'PROCESSING' });

    await recoverStuckPayments(checkout.ctx, { olderThanSeconds: 0 });
    expect(await payment(stuck.id)).toMatchObject({
      status: 'FAILED',
      decline_code: 'processing_error',
    });
    expect(await charges(stuck.id)).toHaveLength(0);
  });

  it('when a declined charge was not recorded before a crash, then the sweep records it DECLINED with its code', async () => {
    const order = await checkout.placeOrder(amina);
    const body = cardBody(order.id, CARDS.declined);
    const stuck = await started(amina, body, randomUUID());
    await chargeCard(checkout.ctx, stuck, body.card, performance.now());

    await recoverStuckPayments(checkout.ctx, { olderThanSeconds: 0 });
    expect(await payment(stuck.id)).toMatchObject({
      status: 'DECLINED',
      decline_code: 'card_declined',
    });
    expect(await checkout.orderStatus(amina, order.id)).toBe('AWAITING_PAYMENT');
  });

  it('when two instances sweep at once, then each stuck payment is settled once', async () => {
    const stuck = [];
    for (let index = 0; index < 3; index++) {
      const order = await checkout.placeOrder(amina);
      const body = cardBody(order.id);
      const payment = await started(amina, body, randomUUID());
      await chargeCard(checkout.ctx, payment, body.card, performance.now());
      stuck.push(payment);
    }
    const [one, two] = await Promise.all([
      recoverStuckPayments(checkout.ctx, { olderThanSeconds: 0 }),
      recoverStuckPayments(checkout.ctx, { olderThanSeconds: 0 }),
    ]);
    expect(one + two).toBeGreaterThanOrEqual(3);
    for (const each of stuck) {
      expect(await transactions(each.id)).toEqual([{ type: 'CHARGE', status: 'SUCCEEDED' }]);
      await checkout.eventually(() =>
        expect(checkout.eventsFor(each.order_id, 'payment.succeeded')).toHaveLength(1),
      );
    }
  });

  it('when a payment has been PROCESSING for a while, then the sweep the app runs on its own settles it', async () => {
    const order = await checkout.placeOrder(amina);
    const body = cardBody(order.id);
    const stuck = await started(amina, body, randomUUID());
    await chargeCard(checkout.ctx, stuck, body.card, performance.now());
    await checkout.db
      .updateTable('payments')
      .set({ created_at: new Date(Date.now() - 60_000) } as never)
      .where('id', '=', stuck.id)
      .execute();

    await checkout.eventually(
      async () => expect((await payment(stuck.id)).status).toBe('SUCCEEDED'),
      10_000,
    );
    expect(await charges(stuck.id)).toHaveLength(1);
  });

  it('when the card is charged only after the sweep gave the payment up, then the late charge is refunded at once', async () => {
    const order = await checkout.placeOrder(amina);
    const body = cardBody(order.id);
    const stuck = await started(amina, body, randomUUID());
    await recoverStuckPayments(checkout.ctx, { olderThanSeconds: 0 });
    expect((await payment(stuck.id)).status).toBe('FAILED');

    // The frozen request wakes up and charges anyway.
    const outcome = await chargeCard(checkout.ctx, stuck, body.card, performance.now());
    const answer = await finishPayment(checkout.ctx, stuck.id, outcome);
    expect(answer).toMatchObject({ id: stuck.id, status: 'REFUNDED' });
    expect(await charges(stuck.id)).toHaveLength(1);
    expect(await refunds(stuck.id)).toHaveLength(1);
    expect(await transactions(stuck.id)).toEqual([
      { type: 'CHARGE', status: 'SUCCEEDED' },
      { type: 'REFUND', status: 'SUCCEEDED' },
    ]);
    await checkout.eventually(() =>
      expect(checkout.eventsFor(order.id, 'payment.refunded')).toHaveLength(1),
    );
    expect(checkout.eventsFor(order.id, 'payment.succeeded')).toHaveLength(0);
  });

  it('when recovery has run, then no card number or CVC is in the database or the logs', async () => {
    expectNoCardData(await dumpPaymentDatabase(checkout));
    expectNoCardData(checkout.logLines.join(''));
  });
});
