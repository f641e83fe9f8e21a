import type { Selectable, Transaction } from 'kysely';
import type { Queryable } from '../context.js';
import type { CartItemsTable, OrderDatabase } from '../db/schema.js';

export type CartItemRow = Selectable<CartItemsTable>;
type Trx = Transaction<OrderDatabase>;

/** Lines in the order they were first added. */
export async function selectCartItems(db: Queryable, userId: string): Promise<CartItemRow[]> {
  return db
    .selectFrom('cart_items')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('added_at')
    .orderBy('product_id')
    .execute();
}

/** Creates the cart if needed and holds its row, so concurrent changes to one cart take turns. */
export async function lockCart(trx: Trx, userId: string): Promise<void> {
  await trx
    .insertInto('carts')
    .values({ user_id: userId })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ updated_at: new Date() }))
    .execute();
}

export async function countOtherLines(
  trx: Trx,
  userId: string,
  productId: string,
): Promise<number> {
  const row = await trx
    .selectFrom('cart_items')
    .select((eb) => eb.fn.countAll<number>().as('lines'))
    .where('user_id', '=', userId)
    .where('product_id', '!=', productId)
    .executeTakeFirstOrThrow();
  return Number(row.lines);
}

export async function upsertCartItem(
  trx: Trx,
  userId: string,
  productId: string,
  quantity: number,
): Promise<void> {
  await trx
    .insertInto('cart_items')
    .values({ user_id: userId, product_id: productId, quantity })
    .onConflict((oc) =>
      oc.columns(['user_id', 'product_id']).doUpdateSet({ quantity, updated_at: new Date() }),
    )
    .execute();
}

export async function removeFromCart(
  db: Queryable,
  userId: string,
  productIds: string[],
): Promise<void> {
  if (productIds.length === 0) return;
  await db
    .deleteFrom('cart_items')
    .where('user_id', '=', userId)
    .where('product_id', 'in', productIds)
    .execute();
}

export async function deleteCart(db: Queryable, userId: string): Promise<void> {
  await db.deleteFrom('carts').where('user_id', '=', userId).execute();
}
