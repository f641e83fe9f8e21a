import { access } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_ASSETS_DIR } from '../images/image.store.js';
import { classifyImageFile } from '../images/image-files.js';
import { demoCatalog, demoImageFile } from './demo-catalog.js';

const products = demoCatalog.flatMap((category) => category.products);

describe('demo catalog data', () => {
  it('when counted, then there are at least 6 categories and 40 products, all with unique names', () => {
    expect(demoCatalog.length).toBeGreaterThanOrEqual(6);
    expect(products.length).toBeGreaterThanOrEqual(40);
    expect(new Set(products.map((product) => product.name)).size).toBe(products.length);
    expect(new Set(demoCatalog.map((category) => category.name.toLowerCase())).size).toBe(
      demoCatalog.length,
    );
  });

  it('when checked, then prices are MAD centimes and stock is a whole, non-negative count', () => {
    for (const product of products) {
      expect(Number.isInteger(product.price) && product.price > 0, product.name).toBe(true);
      expect(Number.isInteger(product.stock) && product.stock >= 0, product.name).toBe(true);
      expect(product.description.length, product.name).toBeGreaterThan(40);
    }
  });

  it('when each illustration is looked for, then its file is shipped and is served by the image route', async () => {
    expect(new Set(products.map((product) => product.image)).size).toBe(products.length);
    for (const product of products) {
      const file = demoImageFile(product.image);
      expect(classifyImageFile(file), file).toBe('demo');
      await expect(access(path.join(DEMO_ASSETS_DIR, file)), file).resolves.toBeUndefined();
    }
  });
});
