import {
  DEFAULT_CURRENCY,
  ORDER_STATUSES,
  type OrderStats,
  type OrderStatsQuery,
  type OrderStatus,
} from '@souk/contracts';
import type { OrderContext } from '../context.js';
import {
  selectOrderCountsByStatus,
  selectRevenuePerDay,
  selectTopProducts,
} from './stats.repository.js';

const DAY_MS = 86_400_000;
const TOP_PRODUCTS = 5;

/**
 * The order figures of the admin dashboard over the last `days` UTC days, today included:
 * revenue and paid orders per day of payment, orders created by current status, top products.
 */
export async function computeOrderStats(
  ctx: OrderContext,
  query: OrderStatsQuery,
  now = new Date(),
): Promise<OrderStats> {
  const currency = query.currency ?? DEFAULT_CURRENCY;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(today - (query.days - 1) * DAY_MS);
  const [revenueRows, statusRows, topProducts] = await Promise.all([
    selectRevenuePerDay(ctx.db, since, currency),
    selectOrderCountsByStatus(ctx.db, since),
    selectTopProducts(ctx.db, since, currency, TOP_PRODUCTS),
  ]);

  const byDate = new Map(revenueRows.map((row) => [row.date, row]));
  const revenuePerDay = Array.from({ length: query.days }, (_, index) => {
    const date = new Date(since.getTime() + index * DAY_MS).toISOString().slice(0, 10);
    const row = byDate.get(date);
    return { date, revenue: row?.revenue ?? 0, orders: row?.orders ?? 0 };
  });
  const ordersByStatus = Object.fromEntries(ORDER_STATUSES.map((status) => [status, 0])) as Record<
    OrderStatus,
    number
  >;
  for (const row of statusRows) ordersByStatus[row.status] = row.orders;

  return { revenuePerDay, ordersByStatus, topProducts, currency };
}
