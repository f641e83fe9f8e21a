import { sql } from 'kysely';
import type { PaymentContext } from '../context.js';
import { PAY_SCOPE, recordOutcome } from './payments.service.js';
import { lockStuckPayment } from './payments.repository.js';

/**
 * A payment PROCESSING for longer than this is treated as abandoned by a crash. It must exceed the
 * longest a live request can still be charging: CHARGE_DEADLINE_MS before calling the processor,
 * plus the processor's connection and statement timeouts (2 s each).
 */
export const STUCK_AFTER_SECONDS = 10;

/** Most payments one sweep settles, so one run stays bounded; the next run continues. */
const MAX_PER_SWEEP = 500;

/**
 * Settles payments a crash left PROCESSING, each in its own transaction with the row locked
 * (SKIP LOCKED, so several instances share the work): a charge the processor recorded gets its
 * normal step 4; no record means the card was never charged, so the payment is FAILED with
 * `processing_error`. Either way the event is published and the Idempotency-Key answered.
 */
export async function recoverStuckPayments(
  ctx: PaymentContext,
  options: { olderThanSeconds?: number } = {},
): Promise<number> {
  const olderThan = options.olderThanSeconds ?? STUCK_AFTER_SECONDS;
  const failing: string[] = [];
  let settled = 0;
  while (settled + failing.length < MAX_PER_SWEEP) {
    let current: string | undefined;
    try {
      const found = await ctx.db.transaction().execute(async (trx) => {
        const payment = await lockStuckPayment(trx, olderThan, failing);
        if (!payment) return false;
        current = payment.id;
        const charge = await ctx.processor.lookup(payment.id);
        const reply = await recordOutcome(
          ctx,
          trx,
          payment,
          charge ?? { status: 'FAILED', declineCode: 'processing_error' },
        );
        ctx.logger.warn(
          { paymentId: payment.id, orderId: payment.order_id, status: reply.status },
          'stuck payment settled by recovery',
        );
        return true;
      });
      if (!found) break;
      settled++;
    } catch (error) {
      if (!current) throw error;
      ctx.logger.error(
        { err: error, paymentId: current },
        'could not settle a stuck payment; next sweep retries',
      );
      failing.push(current);
    }
  }
  return settled;
}

/**
 * A crash between claiming an Idempotency-Key and recording the PROCESSING payment (while the order
 * is read, say) leaves a claim with no payment: nothing was charged, since a charge needs the
 * payment row first. Such claims are released once they are older than any live request could
 * be, so a retry with the same key runs normally instead of hearing "in progress" forever.
 */
export const ORPHAN_CLAIM_AFTER_SECONDS = 30;

export async function releaseOrphanClaims(
  ctx: PaymentContext,
  olderThanSeconds = ORPHAN_CLAIM_AFTER_SECONDS,
): Promise<number> {
  const { numAffectedRows } = await sql`
    DELETE FROM idempotency_keys AS claim
    WHERE claim.scope = ${PAY_SCOPE}
      AND claim.response_status = 0
      AND claim.created_at < now() - make_interval(secs => ${olderThanSeconds})
      AND NOT EXISTS (
        SELECT 1 FROM payments
        WHERE payments.user_id::text = claim.owner_id AND payments.idempotency_key = claim.key
      )
  `.execute(ctx.db);
  const released = Number(numAffectedRows ?? 0);
  if (released > 0)
    ctx.logger.warn(
      { released },
      'released Idempotency-Keys a crash left claimed without a payment',
    );
  return released;
}

/** One recovery sweep: stuck payments, then orphaned Idempotency-Key claims. */
export async function recoverPayments(ctx: PaymentContext): Promise<void> {
  await recoverStuckPayments(ctx);
  await releaseOrphanClaims(ctx);
}
