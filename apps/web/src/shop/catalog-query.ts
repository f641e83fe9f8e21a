import type { ProductSort } from '@souk/contracts';
import type { ProductQuery } from '../api/souk-api.js';
import { toMinorUnits } from '../i18n/format.js';

export const CATALOG_PAGE_SIZE = 12;
/** The product service's sorts (contracts' PRODUCT_SORTS; a type-only import keeps TypeBox out of the bundle). */
export const PRODUCT_SORTS: readonly ProductSort[] = [
  'relevance',
  'price_asc',
  'price_desc',
  'newest',
  'name',
];
const MAX_PRICE_TEXT = 32;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What the catalog shows, held in the URL (`/catalog?q=argan&category=…&min=100&max=500&stock=1&sort=price_asc&page=2`)
 * so a page can be shared and back/forward work. Prices are in major units (MAD) for people.
 */
export interface CatalogQuery {
  q: string;
  category: string | undefined;
  min: string;
  max: string;
  inStock: boolean;
  sort: ProductSort | undefined;
  page: number;
}

export function parseCatalogQuery(params: URLSearchParams): CatalogQuery {
  const sort = params.get('sort');
  const category = params.get('category');
  const page = Number(params.get('page'));
  // A price that is not one is kept so the form can point at it; it is never sent (toProductQuery).
  const price = (name: string) => (params.get(name) ?? '').trim().slice(0, MAX_PRICE_TEXT);
  return {
    q: (params.get('q') ?? '').trim(),
    category: category && UUID.test(category) ? category : undefined,
    min: price('min'),
    max: price('max'),
    inStock: params.get('stock') === '1',
    sort: PRODUCT_SORTS.includes(sort as ProductSort) ? (sort as ProductSort) : undefined,
    page: Number.isInteger(page) && page > 1 ? Math.min(page, 100_000) : 1,
  };
}

/** Only what differs from the defaults, in a stable order. */
export function catalogSearchParams(query: CatalogQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.category) params.set('category', query.category);
  if (query.min) params.set('min', query.min);
  if (query.max) params.set('max', query.max);
  if (query.inStock) params.set('stock', '1');
  if (query.sort) params.set('sort', query.sort);
  if (query.page > 1) params.set('page', String(query.page));
  return params;
}

/** A change of filter goes back to page 1; a change of page keeps the filters. */
export function updateCatalogQuery(
  current: CatalogQuery,
  change: Partial<CatalogQuery>,
): CatalogQuery {
  const next = { ...current, ...change };
  if (!('page' in change)) next.page = 1;
  // Relevance only means something with words to match.
  if (!next.q && next.sort === 'relevance') next.sort = undefined;
  return next;
}

/** The sort the service applies when none is chosen: relevance with words, newest without. */
export function effectiveSort(query: CatalogQuery): ProductSort {
  return query.sort ?? (query.q ? 'relevance' : 'newest');
}

/** A price field holding text that is not a price (`abc`, `12.345`); empty is fine. */
export function isPriceTextInvalid(text: string): boolean {
  return text.trim() !== '' && toMinorUnits(text, 'MAD') === undefined;
}

export function isPriceRangeInvalid(query: CatalogQuery): boolean {
  const min = toMinorUnits(query.min, 'MAD');
  const max = toMinorUnits(query.max, 'MAD');
  return min !== undefined && max !== undefined && min > max;
}

/** The product service's query for this catalog state. */
export function toProductQuery(query: CatalogQuery, pageSize = CATALOG_PAGE_SIZE): ProductQuery {
  const minPrice = toMinorUnits(query.min, 'MAD');
  const maxPrice = toMinorUnits(query.max, 'MAD');
  const invalidRange = minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice;
  return {
    q: query.q || undefined,
    categoryId: query.category,
    minPrice: invalidRange ? undefined : minPrice,
    maxPrice: invalidRange ? undefined : maxPrice,
    inStock: query.inStock ? true : undefined,
    sort: query.sort,
    page: query.page,
    pageSize,
  };
}

/** A page after the last one: some products exist for these filters, or none at all without filters. */
export function pastLastPage(query: CatalogQuery, total: number): boolean {
  return query.page > 1 && (total > 0 || !hasFilters(query));
}

export function hasFilters(query: CatalogQuery): boolean {
  return Boolean(query.q || query.category || query.min || query.max || query.inStock);
}
