import { Link, useSearchParams } from 'react-router';
import { useApi } from '../api/services.js';
import { useI18n } from '../i18n/i18n.js';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { orderKeys } from '../api/query-keys.js';
import { ButtonLink } from '../ui/button.js';
import { Pagination } from '../ui/controls.js';
import { EmptyState, ErrorState, Skeleton } from '../ui/feedback.js';
import { BoxIcon, ChevronIcon } from '../ui/icons.js';
import { shortId, StatusBadge } from '../order/order-bits.js';
import { usePageTitle } from '../ui/page-title.js';

const PAGE_SIZE = 10;

export function OrdersPage() {
  const api = useApi();
  const { t, tp, money, date } = useI18n();
  usePageTitle(t('orders.title'));
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const orders = useQuery({
    queryKey: orderKeys.list({ page, pageSize: PAGE_SIZE }),
    queryFn: ({ signal }) => api.orders.list({ page, pageSize: PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <div className="container page">
      <div className="page__header">
        <h1 tabIndex={-1}>{t('orders.title')}</h1>
      </div>
      {orders.status === 'error' ? (
        <ErrorState
          title={t('orders.error')}
          error={orders.error}
          onRetry={() => void orders.refetch()}
        />
      ) : !orders.data ? (
        <ul className="order-list" aria-busy="true">
          {[0, 1, 2].map((index) => (
            <li key={index} className="order-row card">
              <Skeleton width="40%" />
              <Skeleton width="25%" />
            </li>
          ))}
        </ul>
      ) : orders.data.items.length === 0 ? (
        <EmptyState
          icon={<BoxIcon size={36} />}
          title={t('orders.emptyTitle')}
          text={t('orders.emptyText')}
          action={<ButtonLink to="/catalog">{t('home.heroCta')}</ButtonLink>}
        />
      ) : (
        <>
          <ul className="order-list">
            {orders.data.items.map((order) => (
              <li key={order.id}>
                <Link to={`/orders/${order.id}`} className="order-row card" data-testid="order-row">
                  <div className="order-row__main">
                    <strong>{t('order.short', { id: shortId(order.id) })}</strong>
                    <span className="small muted">
                      {t('order.placedOn', { date: date(order.createdAt) })} ·{' '}
                      {tp(
                        'order.items',
                        order.items.reduce((sum, item) => sum + item.quantity, 0),
                      )}
                    </span>
                  </div>
                  <StatusBadge status={order.status} />
                  <span className="price order-row__total">
                    {money(order.total, order.currency)}
                  </span>
                  <ChevronIcon className="order-row__chevron" />
                </Link>
              </li>
            ))}
          </ul>
          <Pagination
            page={page}
            pageSize={PAGE_SIZE}
            total={orders.data.total}
            onPage={(next) => setParams(next > 1 ? { page: String(next) } : {})}
          />
        </>
      )}
    </div>
  );
}
