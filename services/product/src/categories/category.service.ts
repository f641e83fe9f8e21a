import { AppError, conflict, notFound } from '@souk/platform';
import type { Category, CreateCategoryBody, UpdateCategoryBody } from '@souk/contracts';
import { tidyText, type Catalog } from '../catalog.js';
import { isUniqueViolation } from '../db/errors.js';
import {
  CATEGORY_NAME_CONSTRAINT,
  countLiveProducts,
  deleteCategoryRow,
  detachDeletedProducts,
  insertCategory,
  lockCategory,
  selectCategories,
  selectCategory,
  updateCategoryRow,
} from './category.repository.js';

export function listCategories(catalog: Catalog): Promise<Category[]> {
  return selectCategories(catalog.db);
}

export async function getCategory(catalog: Catalog, id: string): Promise<Category> {
  const category = await selectCategory(catalog.db, id);
  if (!category) throw notFound('Category');
  return category;
}

export async function createCategory(
  catalog: Catalog,
  input: CreateCategoryBody,
): Promise<Category> {
  const values = { name: tidyText(input.name), description: input.description?.trim() ?? '' };
  const category = await withNameGuard(values.name, () =>
    catalog.db.transaction().execute(async (trx) => {
      const created = await insertCategory(trx, values);
      await catalog.bus.publish(trx, 'category.created', { category: created });
      return created;
    }),
  );
  return { ...category, productCount: 0 };
}

export async function updateCategory(
  catalog: Catalog,
  id: string,
  input: UpdateCategoryBody,
): Promise<Category> {
  const changes = {
    ...(input.name !== undefined ? { name: tidyText(input.name) } : {}),
    ...(input.description !== undefined ? { description: input.description.trim() } : {}),
  };
  await withNameGuard(changes.name ?? '', () =>
    catalog.db.transaction().execute(async (trx) => {
      const updated = await updateCategoryRow(trx, id, changes);
      if (!updated) throw notFound('Category');
      await catalog.bus.publish(trx, 'category.updated', { category: updated });
    }),
  );
  return getCategory(catalog, id);
}

/** A category is deleted only once no product of the catalog is left in it. */
export async function deleteCategory(catalog: Catalog, id: string): Promise<void> {
  await catalog.db.transaction().execute(async (trx) => {
    const category = await lockCategory(trx, id);
    if (!category) throw notFound('Category');
    const productCount = await countLiveProducts(trx, id);
    if (productCount > 0) {
      throw conflict(
        `Category "${category.name}" still has ${productCount} product${productCount === 1 ? '' : 's'}; move or delete them first`,
        { productCount },
      );
    }
    await detachDeletedProducts(trx, id);
    await deleteCategoryRow(trx, id);
    await catalog.bus.publish(trx, 'category.deleted', { categoryId: id });
  });
}

async function withNameGuard<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error, CATEGORY_NAME_CONSTRAINT)) {
      throw new AppError('conflict', `A category named "${name}" already exists`);
    }
    throw error;
  }
}
