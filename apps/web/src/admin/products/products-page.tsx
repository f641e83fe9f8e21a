import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Product, ProductPage } from '@souk/contracts';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { categoryKeys, productKeys } from '../../api/query-keys.js';
import { Button, ButtonLink } from '../../ui/button.js';
import { Pagination } from '../../ui/controls.js';
import { EmptyState, useErrorMessage } from '../../ui/feedback.js';
import { SelectField } from '../../ui/field.js';
import { TrashIcon } from '../../ui/icons.js';
import { useToast } from '../../ui/toast.js';
import { useAdminI18n } from '../i18n/admin-i18n.js';
import { ImageIcon, PencilIcon, PlusIcon } from '../ui/admin-icons.js';
import { InlineError, PageHeader, Panel, TableSkeleton, useAdminApi } from '../ui/admin-ui.js';
import { ConfirmDialog } from '../ui/dialog.js';
import { SearchBox } from '../ui/search-box.js';
import {
  ADMIN_PRODUCT_SORTS,
  ADMIN_PRODUCTS_PAGE_SIZE,
  effectiveProductSort,
  hasProductFilters,
  parseProductsQuery,
  productsSearchParams,
  toProductApiQuery,
  updateProductsQuery,
  type AdminProductsQuery,
  type StockFilter,
} from './products-query.js';
import { StockCell } from '../ui/stock-cell.js';

export function ProductsPage() {
  const { t, tp, money } = useAdminI18n();
  const api = useAdminApi();
  const toast = useToast();
  const message = useErrorMessage();
  const [params, setParams] = useSearchParams();
  const query = parseProductsQuery(params);
  const apiQuery = toProductApiQuery(query);
  const queryClient = useQueryClient();
  const products = useQuery({
    queryKey: productKeys.list(apiQuery),
    queryFn: ({ signal }) => api.products.list(apiQuery, signal),
    placeholderData: keepPreviousData,
  });
  const categories = useQuery({
    queryKey: categoryKeys.all,
    queryFn: ({ signal }) => api.categories.list(signal),
  });
  const categoryNames = new Map(
    (categories.data ?? []).map((category) => [category.id, category.name]),
  );
  const [deleting, setDeleting] = useState<Product>();
  const [deleteState, setDeleteState] = useState<{ busy: boolean; error?: string }>({
    busy: false,
  });

  const go = (change: Partial<AdminProductsQuery>) =>
    setParams(productsSearchParams(updateProductsQuery(query, change)));
  const replaceRow = (updated: Product) => {
    queryClient.setQueryData(
      productKeys.list(apiQuery),
      (page: ProductPage | undefined) =>
        page && {
          ...page,
          items: page.items.map((item) => (item.id === updated.id ? updated : item)),
        },
    );
    queryClient.setQueryData(productKeys.detail(updated.id), updated);
    void queryClient.invalidateQueries({ queryKey: productKeys.lowStock() });
  };
  const confirmDelete = async () => {
    if (!deleting) return;
    setDeleteState({ busy: true });
    try {
      await api.products.remove(deleting.id);
      toast({ tone: 'success', title: t('products.deleted', { name: deleting.name }) });
      setDeleting(undefined);
      setDeleteState({ busy: false });
      queryClient.removeQueries({ queryKey: productKeys.detail(deleting.id) });
      await queryClient.invalidateQueries({ queryKey: productKeys.all });
      void queryClient.invalidateQueries({ queryKey: categoryKeys.all });
    } catch (error) {
      setDeleteState({ busy: false, error: message(error) });
    }
  };
  const sorts = query.q
    ? ADMIN_PRODUCT_SORTS
    : ADMIN_PRODUCT_SORTS.filter((sort) => sort !== 'relevance');

  return (
    <div className="adm-page">
      <PageHeader
        title={t('products.title')}
        actions={
          <ButtonLink to="/admin/products/new" data-testid="new-product">
            <PlusIcon size={18} />
            {t('products.new')}
          </ButtonLink>
        }
      >
        <p className="adm-page-header__meta" aria-live="polite">
          {products.data ? tp('products.count', products.data.total) : '\u00a0'}
        </p>
      </PageHeader>

      <Panel>
        <div className="adm-toolbar">
          <SearchBox
            label={t('products.searchLabel')}
            placeholder={t('products.searchPlaceholder')}
            value={query.q}
            onSearch={(q) => go({ q })}
          />
          <SelectField
            label={t('products.category')}
            value={query.category ?? ''}
            onChange={(event) => go({ category: event.target.value || undefined })}
          >
            <option value="">{t('products.allCategories')}</option>
            {(categories.data ?? []).map((category) => (
              <option key={category.id} value={category.id}>
                {category.name} ({category.productCount})
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t('products.stockFilter')}
            value={query.stock}
            onChange={(event) => go({ stock: event.target.value as StockFilter })}
          >
            <option value="all">{t('products.stock.all')}</option>
            <option value="in">{t('products.stock.in')}</option>
            <option value="out">{t('products.stock.out')}</option>
          </SelectField>
          <SelectField
            label={t('products.sort')}
            value={effectiveProductSort(query)}
            onChange={(event) => go({ sort: event.target.value as AdminProductsQuery['sort'] })}
          >
            {sorts.map((sort) => (
              <option key={sort} value={sort}>
                {t(`products.sort.${sort}`)}
              </option>
            ))}
          </SelectField>
        </div>

        {products.status === 'error' && !products.data ? (
          <InlineError
            message={t('products.loadError')}
            error={products.error}
            onRetry={() => void products.refetch()}
          />
        ) : !products.data ? (
          <TableSkeleton columns={5} />
        ) : products.data.items.length === 0 ? (
          hasProductFilters(query) ? (
            <EmptyState
              title={t('products.noMatch')}
              action={
                <Button variant="secondary" onClick={() => setParams(new URLSearchParams())}>
                  {t('common.reset')}
                </Button>
              }
            />
          ) : (
            <EmptyState
              title={t('products.empty')}
              text={t('products.emptyText')}
              action={<ButtonLink to="/admin/products/new">{t('products.new')}</ButtonLink>}
            />
          )
        ) : (
          <>
            {products.status === 'error' ? (
              <InlineError
                message={t('products.loadError')}
                error={products.error}
                onRetry={() => void products.refetch()}
              />
            ) : null}
            <div className={`adm-table-wrap ${products.isFetching ? 'is-refreshing' : ''}`}>
              <table className="adm-table" data-testid="products-table">
                <caption className="visually-hidden">{t('products.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('products.col.product')}</th>
                    <th scope="col">{t('products.col.category')}</th>
                    <th scope="col" className="num">
                      {t('products.col.price')}
                    </th>
                    <th scope="col">{t('products.col.stock')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {products.data.items.map((product) => (
                    <tr key={product.id} data-product-id={product.id}>
                      <th scope="row" className="adm-table__primary">
                        <span className="adm-product-cell">
                          {product.imageUrl ? (
                            <img
                              className="adm-thumb"
                              src={product.imageUrl}
                              alt=""
                              width={44}
                              height={44}
                              loading="lazy"
                            />
                          ) : (
                            <span
                              className="adm-thumb adm-thumb--empty"
                              title={t('products.noImage')}
                            >
                              <ImageIcon size={18} />
                            </span>
                          )}
                          <Link to={`/admin/products/${product.id}`}>{product.name}</Link>
                        </span>
                      </th>
                      <td data-label={t('products.col.category')}>
                        {categoryNames.get(product.categoryId) ??
                          (categories.data ? t('products.unknownCategory') : '…')}
                      </td>
                      <td data-label={t('products.col.price')} className="num">
                        {money(product.price, product.currency)}
                      </td>
                      <td data-label={t('products.col.stock')}>
                        <StockCell product={product} onSaved={replaceRow} />
                      </td>
                      <td className="adm-table__actions">
                        <Link
                          className="adm-icon-btn"
                          to={`/admin/products/${product.id}`}
                          aria-label={`${t('common.edit')} ${product.name}`}
                          title={t('common.edit')}
                        >
                          <PencilIcon size={18} />
                        </Link>
                        <button
                          type="button"
                          className="adm-icon-btn adm-icon-btn--danger"
                          onClick={() => (setDeleting(product), setDeleteState({ busy: false }))}
                          aria-label={`${t('common.delete')} ${product.name}`}
                          title={t('common.delete')}
                        >
                          <TrashIcon size={18} />
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination
              page={query.page}
              pageSize={ADMIN_PRODUCTS_PAGE_SIZE}
              total={products.data.total}
              onPage={(page) => go({ page })}
            />
          </>
        )}
      </Panel>

      {deleting ? (
        <ConfirmDialog
          title={t('products.deleteTitle', { name: deleting.name })}
          confirmLabel={t('common.delete')}
          busy={deleteState.busy}
          error={deleteState.error}
          onConfirm={() => void confirmDelete()}
          onClose={() => setDeleting(undefined)}
        >
          <p>{t('products.deleteText')}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
