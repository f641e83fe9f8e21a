import type { ProductSort } from '@souk/contracts';
import type { ProductQuery } from '../../api/souk-api.js';

export const ADMIN_PRODUCTS_PAGE_SIZE = 20;
/** The product service's sorts (a type-only import keeps TypeBox out of the bundle). */
export const ADMIN_PRODUCT_SORTS: readonly ProductSort[] = [
  'newest',
  'name',
  'price_asc',
  'price_desc',
  'relevance',
];
const STOCK_FILTERS = ['all', 'in', 'out'] as const;
export type StockFilter = (typeof STOCK_FILTERS)[number];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The products table's state, held in the URL so a view can be shared, reloaded and gone back to:
 * `/admin/products?q=tajine&category=<id>&stock=out&sort=price_desc&page=2`.
 */
export interface AdminProductsQuery {
  q: string;
  category: string | undefined;
  stock: StockFilter;
  sort: ProductSort | undefined;
  page: number;
}

export function parseProductsQuery(params: URLSearchParams): AdminProductsQuery {
  const category = params.get('category');
  const stock = params.get('stock');
  const sort = params.get('sort') as ProductSort | null;
  const page = Number(params.get('page'));
  const q = (params.get('q') ?? '').trim().slice(0, 200);
  return {
    q,
    category: category && UUID.test(category) ? category : undefined,
    stock: STOCK_FILTERS.includes(stock as StockFilter) ? (stock as StockFilter) : 'all',
    // "relevance" only means something with words to search.
    sort:
      sort && ADMIN_PRODUCT_SORTS.includes(sort) && (sort !== 'relevance' || q) ? sort : undefined,
    page: Number.isInteger(page) && page > 1 ? Math.min(page, 100_000) : 1,
  };
}

/** Only what differs from the defaults, in a stable order. */
export function productsSearchParams(query: AdminProductsQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.category) params.set('category', query.category);
  if (query.stock !== 'all') params.set('stock', query.stock);
  if (query.sort) params.set('sort', query.sort);
  if (query.page > 1) params.set('page', String(query.page));
  return params;
}

/** A new filter, search or sort goes back to page 1; a new page keeps the rest. */
export function updateProductsQuery(
  query: AdminProductsQuery,
  change: Partial<AdminProductsQuery>,
): AdminProductsQuery {
  const next = { ...query, ...change };
  if (!('page' in change)) next.page = 1;
  if (next.sort === 'relevance' && !next.q) next.sort = undefined;
  return next;
}

export function hasProductFilters(query: AdminProductsQuery): boolean {
  return Boolean(query.q || query.category || query.stock !== 'all');
}

/** The sort the service applies when none is chosen: relevance with words, newest without. */
export function effectiveProductSort(query: AdminProductsQuery): ProductSort {
  return query.sort ?? (query.q ? 'relevance' : 'newest');
}

export function toProductApiQuery(query: AdminProductsQuery): ProductQuery {
  return {
    q: query.q || undefined,
    categoryId: query.category,
    inStock: query.stock === 'all' ? undefined : query.stock === 'in',
    sort: query.sort,
    page: query.page,
    pageSize: ADMIN_PRODUCTS_PAGE_SIZE,
  };
}
