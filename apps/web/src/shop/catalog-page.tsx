import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useApi } from '../api/services.js';
import { useI18n } from '../i18n/i18n.js';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { categoriesQuery } from '../api/queries.js';
import { productKeys } from '../api/query-keys.js';
import { Button, ButtonLink } from '../ui/button.js';
import { Pagination } from '../ui/controls.js';
import { EmptyState, ErrorState } from '../ui/feedback.js';
import { CheckboxField, SelectField, TextField } from '../ui/field.js';
import { FilterIcon } from '../ui/icons.js';
import {
  catalogSearchParams,
  CATALOG_PAGE_SIZE,
  effectiveSort,
  hasFilters,
  isPriceRangeInvalid,
  isPriceTextInvalid,
  parseCatalogQuery,
  pastLastPage,
  PRODUCT_SORTS,
  toProductQuery,
  updateCatalogQuery,
  type CatalogQuery,
} from './catalog-query.js';
import { ProductCard, ProductGridSkeleton } from '../product/product-bits.js';
import { usePageTitle } from '../ui/page-title.js';

function firstPage(query: CatalogQuery): string {
  const search = catalogSearchParams(updateCatalogQuery(query, { page: 1 })).toString();
  return search ? `/catalog?${search}` : '/catalog';
}

export function CatalogPage() {
  const api = useApi();
  const { t, tp } = useI18n();
  const [params, setParams] = useSearchParams();
  const query = parseCatalogQuery(params);
  const title = query.q ? t('catalog.resultsFor', { q: query.q }) : t('catalog.title');
  usePageTitle(title);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [min, setMin] = useState(query.min);
  const [max, setMax] = useState(query.max);
  useEffect(() => {
    setMin(query.min);
    setMax(query.max);
  }, [query.min, query.max]);

  const categories = useQuery(categoriesQuery(api));
  const apiQuery = toProductQuery(query);
  // A new page or filter keeps the previous products on screen (dimmed) while it loads.
  const products = useQuery({
    queryKey: productKeys.list(apiQuery),
    queryFn: ({ signal }) => api.catalog.products(apiQuery, signal),
    placeholderData: keepPreviousData,
  });
  const names = new Map((categories.data ?? []).map((category) => [category.id, category.name]));

  const go = (change: Partial<CatalogQuery>) =>
    setParams(catalogSearchParams(updateCatalogQuery(query, change)));
  const applyPrices = (event: FormEvent) => {
    event.preventDefault();
    go({ min: min.trim(), max: max.trim() });
  };
  const minInvalid = isPriceTextInvalid(min);
  const maxInvalid = isPriceTextInvalid(max);
  const rangeInvalid = isPriceRangeInvalid({ ...query, min, max });
  const category = query.category ? names.get(query.category) : undefined;
  const sorts = query.q ? PRODUCT_SORTS : PRODUCT_SORTS.filter((sort) => sort !== 'relevance');

  return (
    <div className="container page">
      <div className="page__header">
        <div>
          <p className="eyebrow">{category ?? t('catalog.allCategories')}</p>
          <h1 tabIndex={-1}>{title}</h1>
        </div>
        <p className="muted" aria-live="polite">
          {products.data ? tp('catalog.count', products.data.total) : '\u00a0'}
        </p>
      </div>

      <div className="catalog">
        <Button
          variant="secondary"
          className="catalog__filters-toggle"
          icon={<FilterIcon />}
          aria-expanded={filtersOpen}
          aria-controls="catalog-filters"
          onClick={() => setFiltersOpen((open) => !open)}
        >
          {filtersOpen ? t('catalog.hideFilters') : t('catalog.showFilters')}
        </Button>
        <aside
          id="catalog-filters"
          className={`catalog__filters card ${filtersOpen ? 'is-open' : ''}`}
          aria-label={t('catalog.filters')}
        >
          <div className="card__body stack">
            <h2 className="catalog__filters-title">{t('catalog.filters')}</h2>
            <SelectField
              label={t('catalog.category')}
              value={query.category ?? ''}
              onChange={(event) => go({ category: event.target.value || undefined })}
            >
              <option value="">{t('catalog.allCategories')}</option>
              {(categories.data ?? []).map((option) => (
                <option key={option.id} value={option.id}>
                  {option.name} ({option.productCount})
                </option>
              ))}
            </SelectField>
            <form className="price-range" onSubmit={applyPrices} noValidate>
              <div className="price-range__inputs">
                <TextField
                  label={t('catalog.priceMin', { currency: 'MAD' })}
                  inputMode="decimal"
                  value={min}
                  onChange={(event) => setMin(event.target.value)}
                  name="min"
                  error={minInvalid ? t('catalog.priceNotANumber') : undefined}
                />
                <TextField
                  label={t('catalog.priceMax', { currency: 'MAD' })}
                  inputMode="decimal"
                  value={max}
                  onChange={(event) => setMax(event.target.value)}
                  name="max"
                  error={maxInvalid ? t('catalog.priceNotANumber') : undefined}
                />
              </div>
              {rangeInvalid ? (
                <p className="field__error" role="alert">
                  {t('catalog.priceInvalid')}
                </p>
              ) : null}
              <Button
                type="submit"
                variant="secondary"
                size="sm"
                disabled={rangeInvalid || minInvalid || maxInvalid}
              >
                {t('catalog.apply')}
              </Button>
            </form>
            <CheckboxField
              label={t('catalog.inStock')}
              checked={query.inStock}
              onChange={(event) => go({ inStock: event.target.checked })}
            />
            {hasFilters(query) ? (
              <Button variant="ghost" size="sm" onClick={() => setParams(new URLSearchParams())}>
                {t('catalog.reset')}
              </Button>
            ) : null}
          </div>
        </aside>

        <section className="catalog__results" aria-label={t('catalog.title')}>
          <div className="catalog__toolbar">
            <SelectField
              label={t('catalog.sort')}
              value={effectiveSort(query)}
              onChange={(event) => go({ sort: event.target.value as CatalogQuery['sort'] })}
              fieldClassName="catalog__sort"
            >
              {sorts.map((sort) => (
                <option key={sort} value={sort}>
                  {t(`catalog.sort.${sort}`)}
                </option>
              ))}
            </SelectField>
          </div>
          {products.status === 'error' ? (
            <ErrorState
              title={t('catalog.error')}
              error={products.error}
              onRetry={() => void products.refetch()}
            />
          ) : !products.data ? (
            <ProductGridSkeleton count={8} />
          ) : products.data.items.length === 0 && pastLastPage(query, products.data.total) ? (
            <EmptyState
              title={t('catalog.pageMissingTitle')}
              text={t('catalog.pageMissingText')}
              action={
                <ButtonLink variant="secondary" to={firstPage(query)}>
                  {t('catalog.firstPage')}
                </ButtonLink>
              }
            />
          ) : products.data.items.length === 0 ? (
            <EmptyState
              title={t('catalog.emptyTitle')}
              text={t('catalog.emptyText')}
              action={
                hasFilters(query) ? (
                  <Button variant="secondary" onClick={() => setParams(new URLSearchParams())}>
                    {t('catalog.reset')}
                  </Button>
                ) : undefined
              }
            />
          ) : (
            <>
              <ul
                className={`product-grid ${products.isPlaceholderData ? 'is-refreshing' : ''}`}
                data-testid="product-grid"
              >
                {products.data.items.map((product) => (
                  <li key={product.id}>
                    <ProductCard product={product} categoryName={names.get(product.categoryId)} />
                  </li>
                ))}
              </ul>
              <Pagination
                page={query.page}
                pageSize={CATALOG_PAGE_SIZE}
                total={products.data.total}
                onPage={(page) => go({ page })}
              />
            </>
          )}
        </section>
      </div>
    </div>
  );
}
