import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { PaymentDatabase, PaymentsTable, PaymentTransactionsTable } from '../db/schema.js';

export type PaymentRow = Selectable<PaymentsTable>;
export type TransactionRow = Selectable<PaymentTransactionsTable>;
type Db = Kysely<PaymentDatabase> | Transaction<PaymentDatabase>;

const ONE_LIVE_CHARGE_INDEX = 'payments_one_live_charge_per_order';

/**
 * Records a payment as PROCESSING before the card is charged. Answers 'order_busy' when the order
 * already has a payment in flight or a successful one (the partial unique index refused it).
 */
export async function insertProcessingPayment(
  db: Db,
  payment: Omit<PaymentRow, 'status' | 'decline_code' | 'created_at' | 'updated_at'>,
): Promise<PaymentRow | 'order_busy'> {
  try {
    return await db
      .insertInto('payments')
      .values({ ...payment, status: 'PROCESSING', decline_code: null })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    const pgError = error as { code?: string; constraint?: string };
    if (pgError.code === '23505' && pgError.constraint === ONE_LIVE_CHARGE_INDEX)
      return 'order_busy';
    throw error;
  }
}

export async function findPayment(db: Db, id: string): Promise<PaymentRow | undefined> {
  return db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks the payment for the rest of the transaction, so its outcome is decided once. */
export async function lockPayment(
  trx: Transaction<PaymentDatabase>,
  id: string,
): Promise<PaymentRow | undefined> {
  return trx.selectFrom('payments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function lockPaymentsOfOrder(
  trx: Transaction<PaymentDatabase>,
  orderId: string,
): Promise<PaymentRow[]> {
  return trx
    .selectFrom('payments')
    .selectAll()
    .where('order_id', '=', orderId)
    .orderBy('created_at')
    .forUpdate()
    .execute();
}

/**
 * The oldest payment PROCESSING for longer than `olderThanSeconds` (database clock), locked; rows
 * another sweep or request holds are skipped, and so are the ids in `except`.
 */
export async function lockStuckPayment(
  trx: Transaction<PaymentDatabase>,
  olderThanSeconds: number,
  except: string[],
): Promise<PaymentRow | undefined> {
  let query = trx
    .selectFrom('payments')
    .selectAll()
    .where('status', '=', 'PROCESSING')
    .where('created_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanSeconds})`);
  if (except.length > 0) query = query.where('id', 'not in', except);
  return query.orderBy('created_at').limit(1).forUpdate().skipLocked().executeTakeFirst();
}

export async function updatePaymentStatus(
  trx: Transaction<PaymentDatabase>,
  id: string,
  change: Pick<PaymentRow, 'status'> & { decline_code?: string | null },
): Promise<PaymentRow> {
  return trx
    .updateTable('payments')
    .set({ ...change, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertTransaction(
  trx: Transaction<PaymentDatabase>,
  row: Omit<TransactionRow, 'created_at'>,
): Promise<void> {
  await trx.insertInto('payment_transactions').values(row).execute();
}

export async function updateChargeStatus(
  trx: Transaction<PaymentDatabase>,
  paymentId: string,
  status: TransactionRow['status'],
): Promise<void> {
  await trx
    .updateTable('payment_transactions')
    .set({ status })
    .where('payment_id', '=', paymentId)
    .where('type', '=', 'CHARGE')
    .execute();
}

export async function listPaymentOwners(db: Db, orderId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('payments')
    .select('user_id')
    .distinct()
    .where('order_id', '=', orderId)
    .execute();
  return rows.map((row) => row.user_id);
}

export async function listTransactionsOfOrder(db: Db, orderId: string): Promise<TransactionRow[]> {
  return db
    .selectFrom('payment_transactions')
    .selectAll()
    .where('order_id', '=', orderId)
    .orderBy('created_at')
    .orderBy('type')
    .execute();
}

export async function listPayments(
  db: Db,
  filter: { status?: PaymentRow['status']; limit: number; offset: number },
): Promise<{ rows: PaymentRow[]; total: number }> {
  let query = db.selectFrom('payments');
  if (filter.status) query = query.where('status', '=', filter.status);
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}
