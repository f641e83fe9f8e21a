import type { CreateProductBody, Product, UpdateProductBody } from '@souk/contracts';
import type { AdminKey } from '../i18n/admin-i18n.js';
import { parsePrice } from '../../i18n/format.js';

export interface ProductFormValues {
  name: string;
  description: string;
  price: string;
  stock: string;
  categoryId: string;
}

export type ProductFormErrors = Partial<Record<keyof ProductFormValues, AdminKey>>;

/** The product service's limits (contracts/product.ts), checked here first so errors show inline. */
export function validateProductForm(
  values: ProductFormValues,
  currency: string,
): { errors: ProductFormErrors; body?: CreateProductBody } {
  const errors: ProductFormErrors = {};
  const name = values.name.trim();
  if (!name || name.length > 200) errors.name = 'product.error.name';
  if (values.description.length > 4000) errors.description = 'product.error.description';
  const price = parsePrice(values.price, currency);
  if (!price.ok) errors.price = `price.error.${price.error}`;
  const stock = Number(values.stock);
  if (values.stock.trim() === '' || !Number.isInteger(stock) || stock < 0 || stock > 1_000_000)
    errors.stock = 'product.error.stock';
  if (!values.categoryId) errors.categoryId = 'product.error.category';
  if (Object.keys(errors).length > 0 || !price.ok) return { errors };
  return {
    errors,
    body: {
      name,
      description: values.description.trim(),
      price: price.minorUnits,
      stock,
      categoryId: values.categoryId,
    },
  };
}

/** Only what changed: a PATCH that sends nothing new is not made at all. */
export function productChanges(
  product: Product,
  body: CreateProductBody,
): UpdateProductBody | undefined {
  const changes: UpdateProductBody = {};
  if (body.name !== product.name) changes.name = body.name;
  if (body.description !== product.description) changes.description = body.description;
  if (body.price !== product.price) changes.price = body.price;
  if (body.stock !== product.stock) changes.stock = body.stock;
  if (body.categoryId !== product.categoryId) changes.categoryId = body.categoryId;
  return Object.keys(changes).length > 0 ? changes : undefined;
}

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** What the product service accepts (it checks the bytes; the browser's type is a first filter). */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];

export function checkImageFile(file: { type: string; size: number }): 'type' | 'size' | undefined {
  if (!IMAGE_TYPES.includes(file.type)) return 'type';
  if (file.size > MAX_IMAGE_BYTES) return 'size';
  return undefined;
}

export function formatBytes(bytes: number, locale: 'fr' | 'en'): string {
  const tag = locale === 'fr' ? 'fr-FR' : 'en-GB';
  const [value, unit] =
    bytes >= 1024 * 1024
      ? [bytes / (1024 * 1024), locale === 'fr' ? 'Mo' : 'MB']
      : [bytes / 1024, locale === 'fr' ? 'ko' : 'KB'];
  return `${new Intl.NumberFormat(tag, { maximumFractionDigits: 1 }).format(value)} ${unit}`;
}
