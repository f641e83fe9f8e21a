import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type {
  CreatePaymentBody,
  ListPaymentsQuery,
  Payment,
  PaymentPage,
  TransactionLog,
} from '@souk/contracts';
import {
  AppError,
  claimIdempotencyKey,
  completeIdempotencyKey,
  conflict,
  forbidden,
  notFound,
  releaseIdempotencyKey,
  validationFailed,
  type Principal,
} from '@souk/platform';
import type { Transaction } from 'kysely';
import type { PaymentContext } from '../context.js';
import type { PaymentDatabase } from '../db/schema.js';
import type { CardDetails, ChargeOutcome } from '../processor/card-processor.js';
import { cardBrand, lastFour, normalizeCardNumber, passesLuhn } from '../processor/card-rules.js';
import { refundLateCharge } from '../refunds/refunds.service.js';
import { chargeFields, toAdminPayment, toPayment, toTransaction } from './payment-replies.js';
import {
  findPayment,
  insertProcessingPayment,
  insertTransaction,
  listPaymentOwners,
  listPayments,
  listTransactionsOfOrder,
  lockPayment,
  updatePaymentStatus,
  type PaymentRow,
} from './payments.repository.js';

export const PAY_SCOPE = 'payments.create';

/**
 * The card is charged only this soon after the payment was recorded. Together with the
 * processor's statement timeout this keeps every charge well before the recovery sweep may decide
 * that a PROCESSING payment was never charged (STUCK_AFTER_SECONDS).
 */
export const CHARGE_DEADLINE_MS = 2_000;

/** The outcome the recovery sweep records when the processor never saw the charge. */
export type PaymentOutcome = ChargeOutcome | { status: 'FAILED'; declineCode: 'processing_error' };

export type StartedPayment =
  | { kind: 'replay'; status: number; reply: Payment }
  | { kind: 'started'; payment: PaymentRow; startedAt: number };

/**
 * Pays an order with a card, at most once per Idempotency-Key and per order (two-phase, because
 * the charge is an outside side effect that cannot share a database transaction):
 * 1-2. claim the key, check the order, record the payment PROCESSING (startPayment);
 * 3.   charge the card, with the payment id as chargeId (chargeCard);
 * 4.   record the outcome, its event and the key's reply in one transaction (finishPayment).
 * A crash between 2 and 4 is finished by the recovery sweep.
 */
export async function payForOrder(
  ctx: PaymentContext,
  principal: Principal,
  idempotencyKey: string | undefined,
  body: CreatePaymentBody,
): Promise<{ status: number; payment: Payment; replayed: boolean }> {
  const started = await startPayment(ctx, principal, idempotencyKey, body);
  if (started.kind === 'replay')
    return { status: started.status, payment: started.reply, replayed: true };
  const outcome = await chargeCard(ctx, started.payment, body.card, started.startedAt);
  const payment = await finishPayment(ctx, started.payment.id, outcome);
  return { status: 201, payment, replayed: false };
}

/** Steps 1 and 2: nothing is charged yet, so every failure here gives the key back. */
export async function startPayment(
  ctx: PaymentContext,
  principal: Principal,
  idempotencyKey: string | undefined,
  body: CreatePaymentBody,
): Promise<StartedPayment> {
  const digits = normalizeCardNumber(body.card.number);
  if (!passesLuhn(digits)) {
    throw validationFailed('The card number is not valid', [
      { path: 'body.card.number', message: 'fails the Luhn check' },
    ]);
  }
  const brand = cardBrand(digits);
  const last4 = lastFour(digits);
  const claim = await claimIdempotencyKey<Payment>(ctx.db, {
    scope: PAY_SCOPE,
    ownerId: principal.userId,
    key: idempotencyKey,
    // The request is fingerprinted without the card number and CVC: not even their hash is stored.
    body: {
      orderId: body.orderId,
      card: {
        brand,
        last4,
        expMonth: body.card.expMonth,
        expYear: body.card.expYear,
        holderName: body.card.holderName,
      },
    },
  });
  if (claim.outcome === 'replay')
    return { kind: 'replay', status: claim.status, reply: claim.body };
  if (claim.outcome === 'in_progress')
    throw conflict('A payment with this Idempotency-Key is being processed; retry shortly');

  const claimed = { scope: PAY_SCOPE, ownerId: principal.userId, key: claim.key };
  try {
    const order = await ctx.orders.read(body.orderId, principal.token);
    // The order service shows any order to an admin: a payment is only ever the owner's own.
    if (order.userId !== principal.userId) throw notFound('Order');
    if (order.status !== 'AWAITING_PAYMENT') {
      throw conflict(`The order is ${order.status}; only an order awaiting payment can be paid`, {
        orderStatus: order.status,
      });
    }
    const payment = await insertProcessingPayment(ctx.db, {
      id: randomUUID(),
      order_id: order.id,
      user_id: principal.userId,
      idempotency_key: claim.key,
      amount: order.total,
      currency: order.currency,
      card_brand: brand,
      card_last4: last4,
    });
    if (payment === 'order_busy')
      throw conflict('This order already has a payment in progress or has been paid');
    return { kind: 'started', payment, startedAt: performance.now() };
  } catch (error) {
    await releaseIdempotencyKey(ctx.db, claimed).catch((releaseError) =>
      ctx.logger.error(
        { err: releaseError, orderId: body.orderId },
        'could not release an idempotency key',
      ),
    );
    throw error;
  }
}

/**
 * Step 3. A failure leaves the payment PROCESSING and the key in progress: the recovery sweep asks
 * the processor what happened and settles both, so a retry with the same key never charges again.
 */
export async function chargeCard(
  ctx: PaymentContext,
  payment: PaymentRow,
  card: CardDetails,
  startedAt: number,
): Promise<ChargeOutcome> {
  const settleLater = new AppError(
    'unavailable',
    'The card processor did not answer in time; the payment will be settled shortly. Retry with the same Idempotency-Key to see the outcome.',
    {
      headers: { 'retry-after': '15' },
    },
  );
  if (performance.now() - startedAt > CHARGE_DEADLINE_MS) throw settleLater;
  try {
    return await ctx.processor.charge({
      chargeId: payment.id,
      amount: payment.amount,
      currency: payment.currency,
      card,
    });
  } catch (error) {
    ctx.logger.error(
      { err: error, paymentId: payment.id },
      'card charge failed; leaving the payment to the recovery sweep',
    );
    throw settleLater;
  }
}

/** Step 4. When the sweep settled the payment first, its outcome stands and is answered. */
export async function finishPayment(
  ctx: PaymentContext,
  paymentId: string,
  outcome: ChargeOutcome,
): Promise<Payment> {
  const result = await ctx.db.transaction().execute(async (trx) => {
    const payment = await lockPayment(trx, paymentId);
    if (!payment) throw new Error(`payment ${paymentId} disappeared`);
    if (payment.status !== 'PROCESSING') {
      return {
        reply: toPayment(payment),
        isLateCharge: payment.status === 'FAILED' && outcome.status === 'SUCCEEDED',
      };
    }
    return { reply: await recordOutcome(ctx, trx, payment, outcome), isLateCharge: false };
  });
  if (result.isLateCharge) {
    await refundLateCharge(ctx, paymentId);
    const refreshed = await findPayment(ctx.db, paymentId);
    return refreshed ? toPayment(refreshed) : result.reply;
  }
  return result.reply;
}

/**
 * Settles a locked PROCESSING payment: its status, the CHARGE row, the event and the reply stored
 * under its Idempotency-Key, all in the caller's transaction.
 */
export async function recordOutcome(
  ctx: PaymentContext,
  trx: Transaction<PaymentDatabase>,
  payment: PaymentRow,
  outcome: PaymentOutcome,
): Promise<Payment> {
  const declineCode =
    outcome.status === 'SUCCEEDED' ? null : (outcome.declineCode ?? 'card_declined');
  const settled = await updatePaymentStatus(trx, payment.id, {
    status: outcome.status,
    decline_code: declineCode,
  });
  await insertTransaction(trx, {
    id: randomUUID(),
    payment_id: payment.id,
    order_id: payment.order_id,
    user_id: payment.user_id,
    type: 'CHARGE',
    status: outcome.status,
    amount: payment.amount,
    currency: payment.currency,
  });
  if (outcome.status === 'SUCCEEDED') {
    await ctx.bus.publish(trx, 'payment.succeeded', {
      ...chargeFields(payment),
      card: { brand: payment.card_brand, last4: payment.card_last4 },
    });
  } else {
    await ctx.bus.publish(trx, 'payment.failed', {
      ...chargeFields(payment),
      declineCode: declineCode ?? 'card_declined',
    });
  }
  const reply = toPayment(settled);
  await completeIdempotencyKey(
    trx,
    { scope: PAY_SCOPE, ownerId: payment.user_id, key: payment.idempotency_key },
    { status: 201, body: reply },
  );
  return reply;
}

/** A payment, for its owner or an admin; anyone else gets the same 404 as for no payment. */
export async function getPayment(
  ctx: PaymentContext,
  principal: Principal,
  paymentId: string,
): Promise<Payment> {
  const payment = await findPayment(ctx.db, paymentId);
  if (!payment || (!principal.isAdmin && payment.user_id !== principal.userId))
    throw notFound('Payment');
  return toPayment(payment);
}

/**
 * The money log of one order, oldest first. Ownership is the stored owner of the order's payments:
 * another client's order answers 404; an order without payments has an empty log.
 */
export async function listOrderTransactions(
  ctx: PaymentContext,
  principal: Principal,
  orderId: string,
): Promise<TransactionLog> {
  if (!principal.isAdmin) {
    const owners = await listPaymentOwners(ctx.db, orderId);
    if (owners.some((owner) => owner !== principal.userId))
      throw notFound('Payments of this order');
  }
  return (await listTransactionsOfOrder(ctx.db, orderId)).map(toTransaction);
}

/** Every payment, newest first, for admins. */
export async function listAllPayments(
  ctx: PaymentContext,
  principal: Principal,
  query: Omit<ListPaymentsQuery, 'orderId'>,
): Promise<PaymentPage> {
  if (!principal.isAdmin)
    throw forbidden('Listing every payment needs the ADMIN role; pass orderId for one order');
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const { rows, total } = await listPayments(ctx.db, {
    status: query.status,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return { items: rows.map(toAdminPayment), page, pageSize, total };
}
