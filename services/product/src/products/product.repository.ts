import type { Product, ProductSort } from '@souk/contracts';
import { sql, type Expression, type Selectable, type SqlBool, type Transaction } from 'kysely';
import type { Queryable } from '../catalog.js';
import type { ProductDatabase, ProductsTable } from '../db/schema.js';
import { imageUrl } from '../images/image-files.js';

const COLUMNS = [
  'id',
  'name',
  'description',
  'price',
  'currency',
  'stock',
  'category_id',
  'image_file',
  'created_at',
] as const;
type ProductRow = Pick<Selectable<ProductsTable>, (typeof COLUMNS)[number]>;

export function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    price: row.price,
    currency: row.currency,
    stock: row.stock,
    // Live products always have a category (CHECK products_live_have_a_category).
    categoryId: row.category_id!,
    imageUrl: row.image_file ? imageUrl(row.image_file) : null,
    createdAt: row.created_at.toISOString(),
  };
}

export interface ProductFilter {
  /** A tsquery built by toPrefixQuery. */
  search?: string;
  categoryId?: string;
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  ids?: string[];
}

export interface ProductListing extends ProductFilter {
  sort: Exclude<ProductSort, 'relevance'> | 'relevance';
  limit: number;
  offset: number;
}

function matching(db: Queryable, filter: ProductFilter) {
  const tsquery =
    filter.search === undefined
      ? undefined
      : sql`to_tsquery('simple', catalog_fold(${filter.search}))`;
  let query = db.selectFrom('products').where('deleted_at', 'is', null);
  if (tsquery) query = query.where(sql<SqlBool>`search @@ ${tsquery}`);
  if (filter.categoryId !== undefined) query = query.where('category_id', '=', filter.categoryId);
  if (filter.minPrice !== undefined) query = query.where('price', '>=', filter.minPrice);
  if (filter.maxPrice !== undefined) query = query.where('price', '<=', filter.maxPrice);
  if (filter.inStock !== undefined) query = query.where('stock', filter.inStock ? '>' : '=', 0);
  if (filter.ids !== undefined) query = query.where('id', 'in', filter.ids);
  return { query, tsquery };
}

/** One page of live products and the count of every match. Orders always end on the id. */
export async function selectProductPage(
  db: Queryable,
  listing: ProductListing,
): Promise<{ rows: ProductRow[]; total: number }> {
  const { query, tsquery } = matching(db, listing);
  let page = query.select(COLUMNS);
  switch (listing.sort) {
    case 'relevance': {
      const rank: Expression<number> = tsquery
        ? sql<number>`ts_rank(search, ${tsquery})`
        : sql<number>`0`;
      page = page.orderBy(rank, 'desc').orderBy('created_at', 'desc').orderBy('id', 'desc');
      break;
    }
    case 'price_asc':
      page = page.orderBy('price', 'asc').orderBy('id', 'asc');
      break;
    case 'price_desc':
      page = page.orderBy('price', 'desc').orderBy('id', 'asc');
      break;
    case 'name':
      page = page.orderBy(sql`catalog_fold(name)`, 'asc').orderBy('id', 'asc');
      break;
    case 'newest':
      page = page.orderBy('created_at', 'desc').orderBy('id', 'desc');
      break;
  }
  const [rows, count] = await Promise.all([
    page.limit(listing.limit).offset(listing.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.total };
}

export async function selectProduct(db: Queryable, id: string): Promise<ProductRow | undefined> {
  return db
    .selectFrom('products')
    .select(COLUMNS)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** The live product, locked until the transaction ends (stock and image changes serialize here). */
export async function lockProduct(
  trx: Transaction<ProductDatabase>,
  id: string,
): Promise<ProductRow | undefined> {
  return trx
    .selectFrom('products')
    .select(COLUMNS)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
}

/** True when the category exists; it then stays so until the transaction ends (KEY SHARE lock). */
export async function holdCategory(
  trx: Transaction<ProductDatabase>,
  categoryId: string,
): Promise<boolean> {
  const row = await trx
    .selectFrom('categories')
    .select('id')
    .where('id', '=', categoryId)
    .forKeyShare()
    .executeTakeFirst();
  return row !== undefined;
}

export interface NewProduct {
  name: string;
  description: string;
  price: number;
  currency: string;
  stock: number;
  categoryId: string;
  /** The stored upload's name, or null for a product without an image. */
  imageFile: string | null;
}

export async function insertProduct(
  trx: Transaction<ProductDatabase>,
  product: NewProduct,
): Promise<ProductRow> {
  return trx
    .insertInto('products')
    .values({
      name: product.name,
      description: product.description,
      price: product.price,
      currency: product.currency,
      stock: product.stock,
      category_id: product.categoryId,
      image_file: product.imageFile,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
}

export interface ProductChanges {
  name?: string;
  description?: string;
  price?: number;
  stock?: number;
  categoryId?: string;
  imageFile?: string | null;
}

export async function updateProductRow(
  trx: Transaction<ProductDatabase>,
  id: string,
  changes: ProductChanges,
): Promise<ProductRow> {
  return trx
    .updateTable('products')
    .set({
      name: changes.name,
      description: changes.description,
      price: changes.price,
      stock: changes.stock,
      category_id: changes.categoryId,
      image_file: changes.imageFile,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
}

/** Soft delete: the row stays for the checkout flow (reservations, late events) but leaves the catalog. */
export async function markProductDeleted(
  trx: Transaction<ProductDatabase>,
  id: string,
): Promise<void> {
  await trx
    .updateTable('products')
    .set({ deleted_at: new Date(), image_file: null, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}
