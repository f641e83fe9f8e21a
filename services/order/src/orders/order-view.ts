import type { Order, OrderHistoryEntry } from '@souk/contracts';
import type { OrderHistoryRow, OrderItemRow, OrderRow } from './order.repository.js';

/** The order as the API shows it: lines in the order they were placed, history oldest first. */
export function toOrder(row: OrderRow, items: OrderItemRow[], history: OrderHistoryRow[]): Order {
  return {
    id: row.id,
    userId: row.user_id,
    status: row.status,
    items: items.map((item) => ({
      productId: item.product_id,
      name: item.name,
      unitPrice: item.unit_price,
      quantity: item.quantity,
      lineTotal: item.line_total,
    })),
    total: row.total,
    currency: row.currency,
    shippingAddress: row.shipping_address,
    paymentId: row.payment_id,
    payBy: row.pay_by.toISOString(),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    history: history.map(toHistoryEntry),
  };
}

function toHistoryEntry(row: OrderHistoryRow): OrderHistoryEntry {
  return {
    status: row.status,
    at: row.at.toISOString(),
    ...(row.reason === null ? {} : { reason: row.reason }),
  };
}

/** Groups rows by order id, keeping their order. */
export function groupByOrder<T extends { order_id: string }>(rows: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.order_id);
    if (group) group.push(row);
    else groups.set(row.order_id, [row]);
  }
  return groups;
}
