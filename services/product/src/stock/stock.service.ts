import type { EventMap } from '@souk/contracts';
import type { EventBus } from '@souk/platform';
import { sql, type Transaction } from 'kysely';
import type { ProductDatabase, ReservationStatus } from '../db/schema.js';

/**
 * The product side of the checkout saga. Every function runs inside the inbox transaction of the
 * event that triggered it, so its stock changes, its reservation row and the events it publishes
 * commit together, once. One reservation row per order records where the order stands, which
 * makes duplicates and out-of-order deliveries harmless.
 */
export interface StockContext {
  trx: Transaction<ProductDatabase>;
  bus: EventBus<EventMap>;
  lowStockThreshold: number;
}

export interface StockLine {
  productId: string;
  quantity: number;
}

/** `order.placed`: reserve every line or none. */
export async function reserveStock(
  context: StockContext,
  orderId: string,
  lines: StockLine[],
): Promise<void> {
  const { trx, bus } = context;
  if (await findReservation(trx, orderId)) return; // already answered, or cancelled before it was placed

  const wanted = mergeLines(lines);
  // Lock the rows in one order (by id) so concurrent reservations never deadlock.
  const rows = await trx
    .selectFrom('products')
    .select(['id', 'name', 'stock'])
    .where(
      'id',
      'in',
      wanted.map((line) => line.productId),
    )
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .forUpdate()
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  const unavailable = wanted
    .map((line) => ({
      productId: line.productId,
      requested: line.quantity,
      available: byId.get(line.productId)?.stock ?? 0,
    }))
    .filter((line) => line.available < line.requested);

  if (unavailable.length > 0) {
    const reason = unavailable
      .map(
        (line) =>
          `${byId.get(line.productId)?.name ?? 'a product no longer sold'}: ${line.requested} requested, ${line.available} available`,
      )
      .join('; ');
    await insertReservation(trx, orderId, 'REJECTED', [], `Not enough stock (${reason})`);
    await bus.publish(trx, 'stock.rejected', {
      orderId,
      reason: `Not enough stock (${reason})`,
      unavailable,
    });
    return;
  }

  for (const line of wanted) {
    // The guard repeats the check: stock can never go below zero, whatever happens above.
    const updated = await trx
      .updateTable('products')
      .set({ stock: sql`stock - ${line.quantity}`, updated_at: new Date() })
      .where('id', '=', line.productId)
      .where('stock', '>=', line.quantity)
      .returning(['id', 'name', 'stock'])
      .executeTakeFirstOrThrow();
    const before = updated.stock + line.quantity;
    if (updated.stock <= context.lowStockThreshold && before > context.lowStockThreshold) {
      await bus.publish(trx, 'product.stock_low', {
        productId: updated.id,
        name: updated.name,
        stock: updated.stock,
        threshold: context.lowStockThreshold,
      });
    }
  }
  await insertReservation(trx, orderId, 'RESERVED', wanted, null);
  await bus.publish(trx, 'stock.reserved', { orderId, items: wanted });
}

/** `order.cancelled`: what was taken goes back; a cancellation seen first leaves a tombstone. */
export async function releaseStock(
  context: StockContext,
  orderId: string,
  reason: string,
): Promise<void> {
  const { trx, bus } = context;
  const reservation = await findReservation(trx, orderId);
  if (!reservation) {
    await insertReservation(
      trx,
      orderId,
      'RELEASED',
      [],
      `Cancelled before it was placed: ${reason}`,
    );
    return;
  }
  if (reservation.status !== 'RESERVED' && reservation.status !== 'COMMITTED') return;
  for (const line of reservation.items) {
    await trx
      .updateTable('products')
      .set({ stock: sql`stock + ${line.quantity}`, updated_at: new Date() })
      .where('id', '=', line.productId)
      .execute();
  }
  await setStatus(trx, orderId, 'RELEASED', reason);
  await bus.publish(trx, 'stock.released', { orderId, items: reservation.items });
}

/**
 * `order.paid`: the reservation becomes a sale. A payment can only follow a reservation, so when
 * none is found yet its `order.placed` is still on the way: failing makes the bus retry later.
 */
export async function commitStock(context: StockContext, orderId: string): Promise<void> {
  const { trx, bus } = context;
  const reservation = await findReservation(trx, orderId);
  if (!reservation) throw new Error(`No reservation yet for paid order ${orderId}; will retry`);
  if (reservation.status !== 'RESERVED') return;
  await setStatus(trx, orderId, 'COMMITTED', null);
  await bus.publish(trx, 'stock.committed', { orderId, items: reservation.items });
}

function mergeLines(lines: StockLine[]): StockLine[] {
  const totals = new Map<string, number>();
  for (const line of lines)
    totals.set(line.productId, (totals.get(line.productId) ?? 0) + line.quantity);
  return [...totals]
    .map(([productId, quantity]) => ({ productId, quantity }))
    .sort((a, b) => (a.productId < b.productId ? -1 : 1));
}

async function findReservation(trx: Transaction<ProductDatabase>, orderId: string) {
  return trx
    .selectFrom('reservations')
    .select(['status', 'items'])
    .where('order_id', '=', orderId)
    .forUpdate()
    .executeTakeFirst();
}

async function insertReservation(
  trx: Transaction<ProductDatabase>,
  orderId: string,
  status: ReservationStatus,
  items: StockLine[],
  reason: string | null,
): Promise<void> {
  await trx
    .insertInto('reservations')
    .values({ order_id: orderId, status, items: JSON.stringify(items), reason })
    .execute();
}

async function setStatus(
  trx: Transaction<ProductDatabase>,
  orderId: string,
  status: ReservationStatus,
  reason: string | null,
): Promise<void> {
  await trx
    .updateTable('reservations')
    .set({ status, reason, updated_at: new Date() })
    .where('order_id', '=', orderId)
    .execute();
}
