import {
  DEFAULT_CURRENCY,
  type CreateProductBody,
  type ListProductsQuery,
  type PageOf,
  type Product,
  type UpdateProductBody,
} from '@souk/contracts';
import { notFound, validationFailed } from '@souk/platform';
import { tidyText, type Catalog } from '../catalog.js';
import { imageTypeOf } from '../images/image.service.js';
import type { ImageStore } from '../images/image.store.js';
import {
  holdCategory,
  insertProduct,
  lockProduct,
  markProductDeleted,
  selectProduct,
  selectProductPage,
  toProduct,
  updateProductRow,
  type ProductChanges,
} from './product.repository.js';
import { toPrefixQuery } from './search-terms.js';

const DEFAULT_PAGE_SIZE = 20;

/** Search, filters, sort and paging of the public catalog. */
export async function listProducts(
  catalog: Catalog,
  query: ListProductsQuery,
): Promise<PageOf<Product>> {
  if (
    query.minPrice !== undefined &&
    query.maxPrice !== undefined &&
    query.minPrice > query.maxPrice
  ) {
    throw validationFailed('minPrice must not be greater than maxPrice', [
      { path: 'querystring.minPrice', message: 'is greater than maxPrice' },
    ]);
  }
  const ids =
    query.ids === undefined ? undefined : [...new Set(query.ids.toLowerCase().split(','))];
  const search = query.q === undefined ? undefined : toPrefixQuery(query.q);
  const sort =
    query.sort === undefined || (query.sort === 'relevance' && !search)
      ? search
        ? 'relevance'
        : 'newest'
      : query.sort;
  // A lookup by ids comes back whole by default: callers need not know about paging.
  const pageSize = query.pageSize ?? ids?.length ?? DEFAULT_PAGE_SIZE;
  const { rows, total } = await selectProductPage(catalog.db, {
    search,
    categoryId: query.categoryId,
    minPrice: query.minPrice,
    maxPrice: query.maxPrice,
    inStock: query.inStock,
    ids,
    sort,
    limit: pageSize,
    offset: (query.page - 1) * pageSize,
  });
  return { items: rows.map(toProduct), page: query.page, pageSize, total };
}

export async function getProduct(catalog: Catalog, id: string): Promise<Product> {
  const row = await selectProduct(catalog.db, id);
  if (!row) throw notFound('Product');
  return toProduct(row);
}

/**
 * Adds a product, with its image when one comes along: the image is checked (415 when it is not
 * one) and written first, then the product row and `product.created` commit together; when that
 * transaction fails (an unknown category...) the written file is removed. So either the product
 * exists with its image, or nothing does.
 */
export async function createProduct(
  catalog: Catalog,
  store: ImageStore,
  input: CreateProductBody,
  image?: Uint8Array,
): Promise<Product> {
  const imageFile = image === undefined ? null : await store.save(image, imageTypeOf(image));
  try {
    return await catalog.db.transaction().execute(async (trx) => {
      if (!(await holdCategory(trx, input.categoryId))) throw unknownCategory(input.categoryId);
      const product = toProduct(
        await insertProduct(trx, {
          name: tidyText(input.name),
          description: input.description.trim(),
          price: input.price,
          currency: input.currency ?? DEFAULT_CURRENCY,
          stock: input.stock,
          categoryId: input.categoryId,
          imageFile,
        }),
      );
      await catalog.bus.publish(trx, 'product.created', { product });
      return product;
    });
  } catch (error) {
    if (imageFile) await store.remove(imageFile);
    throw error;
  }
}

export async function updateProduct(
  catalog: Catalog,
  id: string,
  input: UpdateProductBody,
): Promise<Product> {
  const changes: ProductChanges = {
    name: input.name === undefined ? undefined : tidyText(input.name),
    description: input.description?.trim(),
    price: input.price,
    stock: input.stock,
    categoryId: input.categoryId,
  };
  return catalog.db.transaction().execute(async (trx) => {
    const current = await lockProduct(trx, id);
    if (!current) throw notFound('Product');
    if (
      changes.categoryId !== undefined &&
      changes.categoryId !== current.category_id &&
      !(await holdCategory(trx, changes.categoryId))
    ) {
      throw unknownCategory(changes.categoryId);
    }
    const product = toProduct(await updateProductRow(trx, id, changes));
    await catalog.bus.publish(trx, 'product.updated', { product });
    return product;
  });
}

/**
 * Soft delete (see README): the product leaves the catalog and answers 404 from now on, but its
 * row stays for stock reservations and late checkout events. Its uploaded image is removed.
 */
export async function deleteProduct(
  catalog: Catalog,
  store: ImageStore,
  id: string,
): Promise<void> {
  const imageFile = await catalog.db.transaction().execute(async (trx) => {
    const current = await lockProduct(trx, id);
    if (!current) throw notFound('Product');
    await markProductDeleted(trx, id);
    await catalog.bus.publish(trx, 'product.deleted', { productId: id });
    return current.image_file;
  });
  if (imageFile) await store.remove(imageFile);
}

/** A body that names a category that does not exist is a bad request, not a missing resource. */
function unknownCategory(categoryId: string) {
  return validationFailed(`Category ${categoryId} does not exist`, [
    { path: 'body.categoryId', message: 'does not exist' },
  ]);
}
