import { useSearchParams } from 'react-router';
import type { OrderStatus } from '@souk/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { orderKeys } from '../../api/query-keys.js';
import { Button } from '../../ui/button.js';
import { Pagination } from '../../ui/controls.js';
import { EmptyState } from '../../ui/feedback.js';
import { SelectField } from '../../ui/field.js';
import { useAdminI18n } from '../i18n/admin-i18n.js';
import { InlineError, PageHeader, Panel, TableSkeleton, useAdminApi } from '../ui/admin-ui.js';
import { ADMIN_ORDER_STATUSES, OrdersTable } from '../ui/orders-table.js';
import { DateFilter } from './date-filter.js';

const PAGE_SIZE = 20;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AdminOrdersFilter {
  status: OrderStatus | undefined;
  from: string;
  to: string;
  user: string | undefined;
  page: number;
}

/** `/admin/orders?status=PAID&from=2025-01-01&to=2025-01-31&page=2` (dates are whole UTC days). */
export function parseOrdersFilter(params: URLSearchParams): AdminOrdersFilter {
  const status = params.get('status') as OrderStatus | null;
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const user = params.get('user');
  const page = Number(params.get('page'));
  return {
    status: status && ADMIN_ORDER_STATUSES.includes(status) ? status : undefined,
    from: DATE.test(from) ? from : '',
    to: DATE.test(to) ? to : '',
    user: user && UUID.test(user) ? user : undefined,
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

export function ordersSearchParams(filter: AdminOrdersFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.status) params.set('status', filter.status);
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  if (filter.user) params.set('user', filter.user);
  if (filter.page > 1) params.set('page', String(filter.page));
  return params;
}

export function OrdersPage() {
  const { t, tp } = useAdminI18n();
  const api = useAdminApi();
  const [params, setParams] = useSearchParams();
  const filter = parseOrdersFilter(params);
  const datesInvalid = Boolean(filter.from && filter.to && filter.from > filter.to);
  const query = {
    status: filter.status,
    from: filter.from || undefined,
    to: filter.to || undefined,
    userId: filter.user,
    page: filter.page,
    pageSize: PAGE_SIZE,
  };
  const orders = useQuery({
    queryKey: orderKeys.list(query),
    queryFn: ({ signal }) => api.orders.list(query, signal),
    placeholderData: keepPreviousData,
    enabled: !datesInvalid,
  });
  const filtered = Boolean(filter.status || filter.from || filter.to || filter.user);

  const go = (change: Partial<AdminOrdersFilter>) =>
    setParams(ordersSearchParams({ ...filter, ...change, page: change.page ?? 1 }));

  return (
    <div className="adm-page">
      <PageHeader title={t('orders.title')}>
        <p className="adm-page-header__meta" aria-live="polite">
          {orders.data && !datesInvalid ? tp('orders.count', orders.data.total) : '\u00a0'}
        </p>
      </PageHeader>
      <Panel>
        <div className="adm-toolbar">
          <SelectField
            label={t('orders.status')}
            value={filter.status ?? ''}
            onChange={(event) =>
              go({ status: (event.target.value || undefined) as OrderStatus | undefined })
            }
          >
            <option value="">{t('orders.allStatuses')}</option>
            {ADMIN_ORDER_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`status.${status}`)}
              </option>
            ))}
          </SelectField>
          <DateFilter
            label={t('orders.from')}
            name="from"
            value={filter.from}
            onChange={(from) => go({ from })}
            error={datesInvalid ? t('orders.datesInvalid') : undefined}
          />
          <DateFilter
            label={t('orders.to')}
            name="to"
            value={filter.to}
            onChange={(to) => go({ to })}
          />
          {filtered ? (
            <div className="adm-toolbar__reset">
              <Button variant="ghost" size="sm" onClick={() => setParams(new URLSearchParams())}>
                {t('common.reset')}
              </Button>
            </div>
          ) : null}
        </div>
        {datesInvalid ? null : orders.status === 'error' && !orders.data ? (
          <InlineError
            message={t('orders.loadError')}
            error={orders.error}
            onRetry={() => void orders.refetch()}
          />
        ) : !orders.data ? (
          <TableSkeleton columns={6} />
        ) : orders.data.items.length === 0 ? (
          <EmptyState title={filtered ? t('orders.noMatch') : t('orders.empty')} />
        ) : (
          <>
            <OrdersTable
              orders={orders.data.items}
              caption={t('orders.title')}
              refreshing={orders.isFetching}
            />
            <Pagination
              page={filter.page}
              pageSize={PAGE_SIZE}
              total={orders.data.total}
              onPage={(page) => go({ page })}
            />
          </>
        )}
      </Panel>
    </div>
  );
}
