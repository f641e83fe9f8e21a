import { AppError, notFound } from '@souk/platform';
import type { Product } from '@souk/contracts';
import type { Catalog } from '../catalog.js';
import {
  lockProduct,
  selectProduct,
  toProduct,
  updateProductRow,
} from '../products/product.repository.js';
import { detectImageType, type ImageType } from './image-files.js';
import type { ImageStore, StoredImage } from './image.store.js';

/**
 * Gives a product a new image. The type comes from the file's signature, not from what the client
 * claims. The new file is written first, then the product row points at it and `product.updated`
 * goes out in one transaction; the previous upload is removed only once that has committed.
 */
export async function replaceProductImage(
  catalog: Catalog,
  store: ImageStore,
  productId: string,
  readUpload: () => Promise<Uint8Array>,
): Promise<Product> {
  // Refuse early, before reading up to IMAGE_MAX_BYTES of an upload for nothing.
  if (!(await selectProduct(catalog.db, productId))) throw notFound('Product');
  const bytes = await readUpload();
  const file = await store.save(bytes, imageTypeOf(bytes));
  let outcome: { product: Product; previous: string | null };
  try {
    outcome = await catalog.db.transaction().execute(async (trx) => {
      const current = await lockProduct(trx, productId);
      if (!current) throw notFound('Product');
      const product = toProduct(await updateProductRow(trx, productId, { imageFile: file }));
      await catalog.bus.publish(trx, 'product.updated', { product });
      return { product, previous: current.image_file };
    });
  } catch (error) {
    await store.remove(file);
    throw error;
  }
  if (outcome.previous) await store.remove(outcome.previous);
  return outcome.product;
}

/** The type of an upload from its signature; anything but the four raster formats is a 415. */
export function imageTypeOf(bytes: Uint8Array): ImageType {
  const type = detectImageType(bytes);
  if (!type)
    throw new AppError('unsupported_media_type', 'The file is not a JPEG, PNG, WebP or GIF image');
  return type;
}

export async function openImage(store: ImageStore, file: string): Promise<StoredImage> {
  const image = await store.open(file);
  if (!image) throw notFound('Image');
  return image;
}
