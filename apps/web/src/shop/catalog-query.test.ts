import { describe, expect, it } from 'vitest';
import {
  catalogSearchParams,
  effectiveSort,
  isPriceTextInvalid,
  parseCatalogQuery,
  pastLastPage,
  toProductQuery,
  updateCatalogQuery,
} from './catalog-query.js';

const CATEGORY = '3f2b8c1e-5d4a-4b7e-9c1d-2a3b4c5d6e7f';

describe('catalog state in the URL', () => {
  it('when a shared URL is opened, then every filter is read back and sent to the product service in minor units', () => {
    const query = parseCatalogQuery(
      new URLSearchParams(
        `q=argan&category=${CATEGORY}&min=100&max=249,5&stock=1&sort=price_asc&page=3`,
      ),
    );
    expect(query).toEqual({
      q: 'argan',
      category: CATEGORY,
      min: '100',
      max: '249,5',
      inStock: true,
      sort: 'price_asc',
      page: 3,
    });
    expect(toProductQuery(query)).toEqual({
      q: 'argan',
      categoryId: CATEGORY,
      minPrice: 10_000,
      maxPrice: 24_950,
      inStock: true,
      sort: 'price_asc',
      page: 3,
      pageSize: 12,
    });
  });

  it('when the URL holds nonsense, then it is ignored rather than sent (bad sort, category, page or price)', () => {
    const query = parseCatalogQuery(
      new URLSearchParams('sort=cheapest&category=../x&page=-4&min=abc&max=12.345'),
    );
    expect(query).toEqual({
      q: '',
      category: undefined,
      // Kept as typed so the form can point at them, never sent.
      min: 'abc',
      max: '12.345',
      inStock: false,
      sort: undefined,
      page: 1,
    });
    expect(isPriceTextInvalid(query.min)).toBe(true);
    expect(isPriceTextInvalid(query.max)).toBe(true);
    expect(toProductQuery(query)).toMatchObject({ minPrice: undefined, maxPrice: undefined });
  });

  it('when a page after the last is asked, then it is past the last page unless filters match nothing', () => {
    expect(pastLastPage(parseCatalogQuery(new URLSearchParams('page=99')), 5)).toBe(true);
    expect(pastLastPage(parseCatalogQuery(new URLSearchParams('page=99')), 0)).toBe(true);
    expect(pastLastPage(parseCatalogQuery(new URLSearchParams('q=tea&page=99')), 5)).toBe(true);
    expect(pastLastPage(parseCatalogQuery(new URLSearchParams('q=tea&page=2')), 0)).toBe(false);
    expect(pastLastPage(parseCatalogQuery(new URLSearchParams('')), 0)).toBe(false);
  });

  it('when the state is written back, then defaults are left out so URLs stay short and stable', () => {
    const query = parseCatalogQuery(new URLSearchParams('q=tajine&page=1'));
    expect(catalogSearchParams(query).toString()).toBe('q=tajine');
  });

  it('when a filter changes, then the page goes back to 1; when the page changes, the filters stay', () => {
    const query = parseCatalogQuery(new URLSearchParams('q=tea&page=4'));
    expect(updateCatalogQuery(query, { inStock: true }).page).toBe(1);
    expect(catalogSearchParams(updateCatalogQuery(query, { page: 5 })).toString()).toBe(
      'q=tea&page=5',
    );
  });

  it('when the search words are cleared, then relevance is dropped and newest is the sort', () => {
    const query = parseCatalogQuery(new URLSearchParams('q=tea&sort=relevance'));
    expect(effectiveSort(query)).toBe('relevance');
    const cleared = updateCatalogQuery(query, { q: '' });
    expect(cleared.sort).toBeUndefined();
    expect(effectiveSort(cleared)).toBe('newest');
  });

  it('when the minimum price is above the maximum, then no price filter is sent', () => {
    const query = parseCatalogQuery(new URLSearchParams('min=500&max=100'));
    expect(toProductQuery(query)).toMatchObject({ minPrice: undefined, maxPrice: undefined });
  });
});
