import type { OrderStatus } from '@souk/contracts';
import { sql } from 'kysely';
import type { Queryable } from '../context.js';

/** Orders that were paid and still hold their payment: cancelled (refunded) orders are not revenue. */
const KEPT_PAYMENT = sql`status IN ('PAID', 'SHIPPED', 'DELIVERED')`;

export async function selectRevenuePerDay(db: Queryable, since: Date, currency: string) {
  const { rows } = await sql<{ date: string; revenue: number; orders: number }>`
    SELECT to_char(paid_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS date, sum(total)::bigint AS revenue, count(*)::int AS orders
    FROM orders
    WHERE paid_at >= ${since} AND currency = ${currency} AND ${KEPT_PAYMENT}
    GROUP BY 1`.execute(db);
  return rows;
}

export async function selectOrderCountsByStatus(db: Queryable, since: Date) {
  const { rows } = await sql<{ status: OrderStatus; orders: number }>`
    SELECT status, count(*)::int AS orders FROM orders WHERE created_at >= ${since} GROUP BY status`.execute(
    db,
  );
  return rows;
}

export async function selectTopProducts(
  db: Queryable,
  since: Date,
  currency: string,
  limit: number,
) {
  const { rows } = await sql<{
    productId: string;
    name: string;
    quantity: number;
    revenue: number;
  }>`
    SELECT i.product_id AS "productId",
           (array_agg(i.name ORDER BY o.paid_at DESC))[1] AS name,
           sum(i.quantity)::bigint AS quantity,
           sum(i.line_total)::bigint AS revenue
    FROM order_items i JOIN orders o ON o.id = i.order_id
    WHERE o.paid_at >= ${since} AND o.currency = ${currency} AND o.status IN ('PAID', 'SHIPPED', 'DELIVERED')
    GROUP BY i.product_id
    ORDER BY revenue DESC, i.product_id
    LIMIT ${limit}`.execute(db);
  return rows;
}
