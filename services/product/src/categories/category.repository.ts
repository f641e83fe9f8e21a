import type { Category, CategorySnapshot } from '@souk/contracts';
import { sql, type Transaction } from 'kysely';
import type { Queryable } from '../catalog.js';
import type { ProductDatabase } from '../db/schema.js';

export const CATEGORY_NAME_CONSTRAINT = 'categories_name_key';

function liveProductCounts(db: Queryable) {
  return db
    .selectFrom('categories as c')
    .leftJoin('products as p', (join) =>
      join.onRef('p.category_id', '=', 'c.id').on('p.deleted_at', 'is', null),
    )
    .select((eb) => [
      'c.id',
      'c.name',
      'c.description',
      eb.fn.count<number>('p.id').as('productCount'),
    ])
    .groupBy('c.id');
}

export async function selectCategories(db: Queryable): Promise<Category[]> {
  return liveProductCounts(db)
    .orderBy(sql`lower(c.name)`)
    .orderBy('c.id')
    .execute();
}

export async function selectCategory(db: Queryable, id: string): Promise<Category | undefined> {
  return liveProductCounts(db).where('c.id', '=', id).executeTakeFirst();
}

export async function insertCategory(
  db: Queryable,
  values: { name: string; description: string },
): Promise<CategorySnapshot> {
  return db
    .insertInto('categories')
    .values(values)
    .returning(['id', 'name', 'description'])
    .executeTakeFirstOrThrow();
}

export async function updateCategoryRow(
  db: Queryable,
  id: string,
  changes: { name?: string; description?: string },
): Promise<CategorySnapshot | undefined> {
  return db
    .updateTable('categories')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', id)
    .returning(['id', 'name', 'description'])
    .executeTakeFirst();
}

/**
 * Locks the category against concurrent product inserts: a product insert takes a KEY SHARE lock
 * on its category (foreign key check), which waits for this lock, and the other way round.
 */
export async function lockCategory(
  trx: Transaction<ProductDatabase>,
  id: string,
): Promise<CategorySnapshot | undefined> {
  return trx
    .selectFrom('categories')
    .select(['id', 'name', 'description'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function countLiveProducts(
  trx: Transaction<ProductDatabase>,
  categoryId: string,
): Promise<number> {
  const row = await trx
    .selectFrom('products')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('category_id', '=', categoryId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.count;
}

/** Deleted products keep their row (see README): they let go of a category that goes away. */
export async function detachDeletedProducts(
  trx: Transaction<ProductDatabase>,
  categoryId: string,
): Promise<void> {
  await trx
    .updateTable('products')
    .set({ category_id: null })
    .where('category_id', '=', categoryId)
    .where('deleted_at', 'is not', null)
    .execute();
}

export async function deleteCategoryRow(
  trx: Transaction<ProductDatabase>,
  id: string,
): Promise<void> {
  await trx.deleteFrom('categories').where('id', '=', id).execute();
}
