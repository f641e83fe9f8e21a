import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { ProcessorTables } from '../db/schema.js';
import {
  ProcessorError,
  type CardProcessor,
  type ChargeOutcome,
  type ChargeRequest,
  type RefundOutcome,
  type RefundRequest,
} from './card-processor.js';
import { cardBrand, lastFour, normalizeCardNumber } from './card-rules.js';
import { decideCharge } from './sandbox-decisions.js';

export interface SandboxProcessorOptions {
  /** Database holding the processor's ledger (processor_charges, processor_refunds). */
  url: string;
  poolMax?: number;
  now?: () => Date;
}

/**
 * Longest a ledger statement may run. With autocommit single-statement charges this bounds how long
 * after the call a charge can appear, which the recovery sweep's waiting time relies on.
 */
export const PROCESSOR_STATEMENT_TIMEOUT_MS = 2_000;

/**
 * The simulated card network. It keeps its own ledger over its own connection pool, as an outside
 * system would, and stores no card number or CVC: brand and last four digits only.
 */
export function createSandboxProcessor(options: SandboxProcessorOptions): CardProcessor {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax ?? 4,
    connectionTimeoutMillis: PROCESSOR_STATEMENT_TIMEOUT_MS,
    statement_timeout: PROCESSOR_STATEMENT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    application_name: 'payment-processor',
  });
  const db = new Kysely<ProcessorTables>({ dialect: new PostgresDialect({ pool }) });
  const now = options.now ?? (() => new Date());

  async function findCharge(chargeId: string) {
    return db
      .selectFrom('processor_charges')
      .selectAll()
      .where('charge_id', '=', chargeId)
      .executeTakeFirst();
  }

  return {
    async charge(request: ChargeRequest): Promise<ChargeOutcome> {
      const decision = decideCharge(request.card, now());
      const digits = normalizeCardNumber(request.card.number);
      // One autocommit statement: the charge exists completely or not at all once it returns.
      const inserted = await db
        .insertInto('processor_charges')
        .values({
          charge_id: request.chargeId,
          amount: request.amount,
          currency: request.currency,
          card_brand: cardBrand(digits),
          card_last4: lastFour(digits),
          status: decision.status,
          decline_code: decision.declineCode ?? null,
        })
        .onConflict((oc) => oc.column('charge_id').doNothing())
        .returningAll()
        .executeTakeFirst();
      const row = inserted ?? (await findCharge(request.chargeId));
      if (!row) throw new Error(`charge ${request.chargeId} vanished from the processor ledger`);
      if (Number(row.amount) !== request.amount || row.currency !== request.currency) {
        throw new ProcessorError(
          'idempotency_mismatch',
          `charge ${request.chargeId} was made before with another amount`,
        );
      }
      return toOutcome(row);
    },

    async lookup(chargeId: string): Promise<ChargeOutcome | undefined> {
      const row = await findCharge(chargeId);
      return row ? toOutcome(row) : undefined;
    },

    async refund(request: RefundRequest): Promise<RefundOutcome> {
      return db.transaction().execute(async (trx) => {
        const charge = await trx
          .selectFrom('processor_charges')
          .selectAll()
          .where('charge_id', '=', request.chargeId)
          .forUpdate()
          .executeTakeFirst();
        if (!charge) throw new ProcessorError('charge_not_found', `no charge ${request.chargeId}`);
        const earlier = await trx
          .selectFrom('processor_refunds')
          .selectAll()
          .where('refund_id', '=', request.refundId)
          .executeTakeFirst();
        if (earlier) {
          if (earlier.charge_id !== request.chargeId || Number(earlier.amount) !== request.amount) {
            throw new ProcessorError(
              'idempotency_mismatch',
              `refund ${request.refundId} was made before for another charge or amount`,
            );
          }
          return {
            refundId: earlier.refund_id,
            chargeId: earlier.charge_id,
            amount: Number(earlier.amount),
          };
        }
        if (charge.status !== 'SUCCEEDED')
          throw new ProcessorError(
            'charge_not_refundable',
            `charge ${request.chargeId} was declined`,
          );
        const refunded = await refundedSoFar(trx, request.chargeId);
        if (request.amount <= 0 || refunded + request.amount > Number(charge.amount)) {
          throw new ProcessorError(
            'refund_exceeds_charge',
            `charge ${request.chargeId} has ${Number(charge.amount) - refunded} left to refund`,
          );
        }
        await trx
          .insertInto('processor_refunds')
          .values({
            refund_id: request.refundId,
            charge_id: request.chargeId,
            amount: request.amount,
          })
          .execute();
        return { refundId: request.refundId, chargeId: request.chargeId, amount: request.amount };
      });
    },

    async close() {
      await db.destroy();
    },
  };
}

async function refundedSoFar(trx: Transaction<ProcessorTables>, chargeId: string): Promise<number> {
  const row = await trx
    .selectFrom('processor_refunds')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('total'))
    .where('charge_id', '=', chargeId)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

function toOutcome(row: {
  status: 'SUCCEEDED' | 'DECLINED';
  decline_code: string | null;
}): ChargeOutcome {
  return row.status === 'SUCCEEDED'
    ? { status: 'SUCCEEDED' }
    : { status: 'DECLINED', declineCode: row.decline_code ?? 'card_declined' };
}
