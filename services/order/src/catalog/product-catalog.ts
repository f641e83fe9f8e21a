import { MAX_PAGE_SIZE, ProductPage } from '@souk/contracts';
import type { HttpClient } from '@souk/platform';

/** What the order service needs to know of a product, as the catalog has it right now. */
export interface CatalogProduct {
  id: string;
  name: string;
  price: number;
  currency: string;
  stock: number;
}

export interface ProductCatalog {
  /** Products of the catalog among `ids`, by id; ids of products that do not exist are absent. */
  findProducts(ids: string[]): Promise<Map<string, CatalogProduct>>;
}

/** Reads the product service (`GET /api/products?ids=…`): one call for up to 100 ids. */
export function createProductCatalog(http: HttpClient): ProductCatalog {
  return {
    async findProducts(ids) {
      const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
      const found = new Map<string, CatalogProduct>();
      if (wanted.length === 0) return found;
      if (wanted.length > MAX_PAGE_SIZE)
        throw new Error(`At most ${MAX_PAGE_SIZE} products per catalog lookup`);
      const page = await http.json(
        'product',
        { path: '/api/products', query: { ids: wanted.join(','), pageSize: wanted.length } },
        ProductPage,
      );
      for (const product of page.items) {
        found.set(product.id.toLowerCase(), {
          id: product.id.toLowerCase(),
          name: product.name,
          price: product.price,
          currency: product.currency,
          stock: product.stock,
        });
      }
      return found;
    },
  };
}
