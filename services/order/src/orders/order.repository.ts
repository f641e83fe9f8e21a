import type { OrderStatus } from '@souk/contracts';
import { sql, type Selectable, type Transaction } from 'kysely';
import type { Queryable } from '../context.js';
import type {
  OrderDatabase,
  OrderHistoryTable,
  OrderItemsTable,
  OrdersTable,
  ShippingAddressJson,
} from '../db/schema.js';

export type OrderRow = Selectable<OrdersTable>;
export type OrderItemRow = Selectable<OrderItemsTable>;
export type OrderHistoryRow = Selectable<OrderHistoryTable>;
type Trx = Transaction<OrderDatabase>;

export interface NewOrder {
  id: string;
  userId: string;
  total: number;
  currency: string;
  shippingAddress: ShippingAddressJson;
  payWithinMs: number;
}

export async function insertOrder(trx: Trx, order: NewOrder): Promise<OrderRow> {
  return trx
    .insertInto('orders')
    .values({
      id: order.id,
      user_id: order.userId,
      status: 'PENDING',
      total: order.total,
      currency: order.currency,
      shipping_address: JSON.stringify(order.shippingAddress),
      pay_by: sql<Date>`now() + make_interval(secs => ${order.payWithinMs / 1000})`,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertOrderItems(trx: Trx, items: OrderItemRow[]): Promise<void> {
  await trx.insertInto('order_items').values(items).execute();
}

export async function insertHistory(
  trx: Trx,
  orderId: string,
  status: OrderStatus,
  reason?: string,
): Promise<OrderHistoryRow> {
  return trx
    .insertInto('order_history')
    .values({ order_id: orderId, status, reason: reason ?? null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function selectOrder(db: Queryable, id: string): Promise<OrderRow | undefined> {
  return db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reads the order and holds its row until the transaction ends: every status change starts here. */
export async function lockOrder(trx: Trx, id: string): Promise<OrderRow | undefined> {
  return trx.selectFrom('orders').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export interface StatusChange {
  status: OrderStatus;
  paymentId?: string;
}

export async function updateOrderStatus(
  trx: Trx,
  id: string,
  change: StatusChange,
): Promise<OrderRow> {
  return trx
    .updateTable('orders')
    .set({
      status: change.status,
      updated_at: new Date(),
      ...(change.status === 'PAID'
        ? { payment_id: change.paymentId ?? null, paid_at: new Date() }
        : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function selectItems(db: Queryable, orderIds: string[]): Promise<OrderItemRow[]> {
  if (orderIds.length === 0) return [];
  return db
    .selectFrom('order_items')
    .selectAll()
    .where('order_id', 'in', orderIds)
    .orderBy('order_id')
    .orderBy('line_no')
    .execute();
}

export async function selectHistory(db: Queryable, orderIds: string[]): Promise<OrderHistoryRow[]> {
  if (orderIds.length === 0) return [];
  return db
    .selectFrom('order_history')
    .selectAll()
    .where('order_id', 'in', orderIds)
    .orderBy('order_id')
    .orderBy('id')
    .execute();
}

export interface OrderFilter {
  userId?: string;
  status?: OrderStatus;
  createdFrom?: Date;
  createdTo?: Date;
  /** True: `createdTo` itself is excluded (the start of the day after a date-only bound). */
  createdToExclusive?: boolean;
}

/** Newest first, ties broken by id so paging never repeats or skips an order. */
export async function selectOrderPage(
  db: Queryable,
  filter: OrderFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: OrderRow[]; total: number }> {
  let query = db.selectFrom('orders');
  if (filter.userId) query = query.where('user_id', '=', filter.userId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.createdFrom) query = query.where('created_at', '>=', filter.createdFrom);
  if (filter.createdTo)
    query = query.where('created_at', filter.createdToExclusive ? '<' : '<=', filter.createdTo);
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

/**
 * Holds the client's order-placing lock until the transaction ends (a transaction-scoped advisory
 * lock on the user id): one account's orders are placed one after the other, so a count taken
 * under it stays true until the new order commits. Other clients are not held up.
 */
export async function lockClientOrders(trx: Trx, userId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`orders.place:${userId.toLowerCase()}`}, 0))`.execute(
    trx,
  );
}

/** Orders of the client still waiting for stock or payment: each holds (or is about to hold) stock. */
export async function countUnpaidOrders(db: Queryable, userId: string): Promise<number> {
  const row = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('unpaid'))
    .where('user_id', '=', userId)
    .where('status', 'in', ['PENDING', 'AWAITING_PAYMENT'])
    .executeTakeFirstOrThrow();
  return Number(row.unpaid);
}

/**
 * Unpaid orders past their deadline, locked for this transaction. SKIP LOCKED: several instances
 * sweeping at once each take different orders, and none waits on an order a request is changing.
 */
export async function lockOverdueOrders(trx: Trx, limit: number): Promise<string[]> {
  const rows = await trx
    .selectFrom('orders')
    .select('id')
    .where('status', 'in', ['PENDING', 'AWAITING_PAYMENT'])
    .where('pay_by', '<', sql<Date>`now()`)
    .orderBy('pay_by')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map((row) => row.id);
}

// ---------- Payments that arrived early, and refunds asked for ----------

export interface ParkedPayment {
  paymentId: string;
  amount: number;
  currency: string;
}

export async function selectParkedPayment(
  trx: Trx,
  orderId: string,
): Promise<ParkedPayment | undefined> {
  const row = await trx
    .selectFrom('parked_payments')
    .selectAll()
    .where('order_id', '=', orderId)
    .executeTakeFirst();
  return row
    ? { paymentId: row.payment_id, amount: row.amount, currency: row.currency }
    : undefined;
}

export async function insertParkedPayment(
  trx: Trx,
  orderId: string,
  payment: ParkedPayment,
): Promise<void> {
  await trx
    .insertInto('parked_payments')
    .values({
      order_id: orderId,
      payment_id: payment.paymentId,
      amount: payment.amount,
      currency: payment.currency,
    })
    .execute();
}

export async function takeParkedPayment(
  trx: Trx,
  orderId: string,
): Promise<ParkedPayment | undefined> {
  const row = await trx
    .deleteFrom('parked_payments')
    .where('order_id', '=', orderId)
    .returningAll()
    .executeTakeFirst();
  return row
    ? { paymentId: row.payment_id, amount: row.amount, currency: row.currency }
    : undefined;
}

/** True the first time a refund of this charge is asked for, false ever after. */
export async function recordRefundRequest(
  trx: Trx,
  request: { paymentId: string; orderId: string; reason: string },
): Promise<boolean> {
  const inserted = await trx
    .insertInto('refund_requests')
    .values({ payment_id: request.paymentId, order_id: request.orderId, reason: request.reason })
    .onConflict((oc) => oc.column('payment_id').doNothing())
    .returning('payment_id')
    .executeTakeFirst();
  return inserted !== undefined;
}
