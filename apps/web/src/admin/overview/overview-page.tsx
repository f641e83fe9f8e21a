import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { OrderStats, OrderStatus } from '@souk/contracts';
import { currencyDigits } from '../../i18n/format.js';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { clientKeys, orderKeys, productKeys } from '../../api/query-keys.js';
import { Skeleton } from '../../ui/feedback.js';
import { useAdminI18n } from '../i18n/admin-i18n.js';
import { ADMIN_ORDER_STATUSES } from '../ui/orders-table.js';
import { StockLevel } from '../ui/stock-cell.js';
import { InlineError, PageHeader, Panel, STATUS_TONE, useAdminApi } from '../ui/admin-ui.js';
import { BarList, ColumnChart } from './charts.js';

export const PERIODS = [7, 30, 90] as const;

/** `/admin?days=7`: the window of the order figures (30 days by default). */
export function parsePeriod(params: URLSearchParams): number {
  const days = Number(params.get('days'));
  return (PERIODS as readonly number[]).includes(days) ? days : 30;
}

/**
 * The dashboard's figures. Each comes from the service that owns it (orders: order service;
 * clients: client service; low stock: product service) and loads, fails and retries on its own,
 * so one service down leaves the rest of the page working.
 */
export function OverviewPage() {
  const { t } = useAdminI18n();
  const api = useAdminApi();
  const [params, setParams] = useSearchParams();
  const days = parsePeriod(params);
  const stats = useQuery({
    queryKey: orderKeys.stats(days),
    queryFn: ({ signal }) => api.orders.stats(days, signal),
  });
  const clients = useQuery({
    queryKey: clientKeys.stats(),
    queryFn: ({ signal }) => api.clients.stats(signal),
  });
  const lowStock = useQuery({
    queryKey: productKeys.lowStock(),
    queryFn: ({ signal }) => api.products.lowStock(signal),
  });

  return (
    <div className="adm-page">
      <PageHeader
        title={t('overview.title')}
        actions={
          <div className="adm-segmented" role="group" aria-label={t('overview.period')}>
            {PERIODS.map((period) => (
              <button
                key={period}
                type="button"
                className={`adm-segmented__btn ${period === days ? 'is-active' : ''}`}
                aria-pressed={period === days}
                onClick={() =>
                  setParams(
                    period === 30
                      ? new URLSearchParams()
                      : new URLSearchParams({ days: String(period) }),
                    { replace: true },
                  )
                }
              >
                {t('overview.days', { days: period })}
              </button>
            ))}
          </div>
        }
      />

      <Kpis stats={stats} clients={clients} days={days} />

      <div className="adm-grid adm-grid--charts">
        <Panel title={t('overview.revenuePerDay')} id="chart-revenue" className="adm-span-2">
          <StatsBlock stats={stats} kind="columns">
            {(data) => <RevenueChart stats={data} days={days} />}
          </StatsBlock>
        </Panel>
        <Panel
          title={t('overview.ordersByStatus')}
          id="chart-status"
          description={t('overview.ordersByStatusDesc', { days })}
        >
          <StatsBlock stats={stats} kind="bars">
            {(data) => <StatusBars stats={data} />}
          </StatsBlock>
        </Panel>
        <Panel title={t('overview.ordersPerDay')} id="chart-orders">
          <StatsBlock stats={stats} kind="columns">
            {(data) => <OrdersChart stats={data} days={days} />}
          </StatsBlock>
        </Panel>
        <Panel
          title={t('overview.topProducts')}
          id="chart-top"
          description={t('overview.topProductsDesc', { days })}
        >
          <StatsBlock stats={stats} kind="bars">
            {(data) => <TopProducts stats={data} />}
          </StatsBlock>
        </Panel>
        <Panel
          title={t('overview.lowStock')}
          id="low-stock"
          description={
            lowStock.data
              ? t('overview.lowStockDesc', { threshold: lowStock.data.threshold })
              : undefined
          }
        >
          {lowStock.status === 'error' && !lowStock.data ? (
            <InlineError
              message={t('overview.stockError')}
              error={lowStock.error}
              onRetry={() => void lowStock.refetch()}
            />
          ) : !lowStock.data ? (
            <ChartSkeleton />
          ) : lowStock.data.items.length === 0 ? (
            <p className="adm-inline-empty" data-testid="low-stock-empty">
              {t('overview.lowStockEmpty')}
            </p>
          ) : (
            <ul className="adm-lowstock" data-testid="low-stock">
              {lowStock.data.items.map((product) => (
                <li key={product.id} className="adm-lowstock__row">
                  <Link to={`/admin/products/${product.id}`} className="adm-lowstock__name">
                    {product.name}
                  </Link>
                  <StockLevel stock={product.stock} />
                </li>
              ))}
            </ul>
          )}
        </Panel>
      </div>
    </div>
  );
}

/**
 * A chart's place, as tall while loading as once drawn (a column chart, or five bars: the order
 * statuses and the top products), so that what comes below does not move (layout shift).
 */
function StatsBlock({
  stats,
  kind,
  children,
}: {
  stats: UseQueryResult<OrderStats>;
  kind: 'columns' | 'bars';
  children(data: OrderStats): ReactNode;
}) {
  const { t } = useAdminI18n();
  return (
    <div className={`adm-chart-slot adm-chart-slot--${kind}`}>
      {stats.status === 'error' && !stats.data ? (
        <InlineError
          message={t('overview.statsError')}
          error={stats.error}
          onRetry={() => void stats.refetch()}
        />
      ) : !stats.data ? (
        <ChartSkeleton />
      ) : (
        children(stats.data)
      )}
    </div>
  );
}

function ChartSkeleton() {
  const { t } = useAdminI18n();
  return (
    <div className="adm-chart-skeleton" role="status" aria-busy="true">
      <span className="visually-hidden">{t('common.loading')}</span>
      <Skeleton height="11rem" />
    </div>
  );
}

function useDayLabel() {
  const { locale } = useAdminI18n();
  const format = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  return (date: string) => format.format(new Date(`${date}T00:00:00Z`));
}

function RevenueChart({ stats, days }: { stats: OrderStats; days: number }) {
  const { t, money, number } = useAdminI18n();
  const dayLabel = useDayLabel();
  const total = stats.revenuePerDay.reduce((sum, day) => sum + day.revenue, 0);
  const scale = 10 ** currencyDigits(stats.currency);
  return (
    <ColumnChart
      title={t('overview.revenuePerDay')}
      description={t('overview.revenuePerDayDesc', { days, total: money(total, stats.currency) })}
      data={stats.revenuePerDay.map((day) => ({ label: dayLabel(day.date), value: day.revenue }))}
      formatValue={(value) => money(value, stats.currency)}
      formatAxis={(value) => number(Math.round(value / scale))}
      unit={stats.currency}
      emptyText={t('overview.noSales')}
      labelHeader={t('overview.day')}
      valueHeader={t('overview.revenue')}
    />
  );
}

function OrdersChart({ stats, days }: { stats: OrderStats; days: number }) {
  const { t, number } = useAdminI18n();
  const dayLabel = useDayLabel();
  const total = stats.revenuePerDay.reduce((sum, day) => sum + day.orders, 0);
  return (
    <ColumnChart
      title={t('overview.ordersPerDay')}
      description={t('overview.ordersPerDayDesc', { days, total: number(total) })}
      data={stats.revenuePerDay.map((day) => ({ label: dayLabel(day.date), value: day.orders }))}
      formatValue={number}
      emptyText={t('overview.noOrders')}
      tone="zellige"
      integer
      labelHeader={t('overview.day')}
      valueHeader={t('overview.orders')}
    />
  );
}

function StatusBars({ stats }: { stats: OrderStats }) {
  const { t, number } = useAdminI18n();
  const counts = stats.ordersByStatus as Record<OrderStatus, number>;
  return (
    <BarList
      title={t('overview.ordersByStatus')}
      emptyText={t('overview.noOrders')}
      items={ADMIN_ORDER_STATUSES.map((status) => ({
        key: status,
        label: <Link to={`/admin/orders?status=${status}`}>{t(`status.${status}`)}</Link>,
        value: counts[status] ?? 0,
        display: number(counts[status] ?? 0),
        tone: STATUS_TONE[status],
      }))}
    />
  );
}

function TopProducts({ stats }: { stats: OrderStats }) {
  const { t, tp, money } = useAdminI18n();
  return (
    <BarList
      title={t('overview.topProducts')}
      emptyText={t('overview.noSales')}
      items={stats.topProducts.map((product) => ({
        key: product.productId,
        label: (
          <>
            <Link to={`/admin/products/${product.productId}`}>{product.name}</Link>{' '}
            <span className="adm-muted">· {tp('overview.units', product.quantity)}</span>
          </>
        ),
        value: product.revenue,
        display: money(product.revenue, stats.currency),
      }))}
    />
  );
}

function Kpis({
  stats,
  clients,
  days,
}: {
  stats: UseQueryResult<OrderStats>;
  clients: UseQueryResult<{ total: number; active: number; newLast30Days: number }>;
  days: number;
}) {
  const { t, money, number } = useAdminI18n();
  const revenue = stats.data?.revenuePerDay.reduce((sum, day) => sum + day.revenue, 0);
  const orders = stats.data?.revenuePerDay.reduce((sum, day) => sum + day.orders, 0);
  const currency = stats.data?.currency ?? 'MAD';
  const statsValue = (value: string | undefined) =>
    stats.status === 'error' && !stats.data ? (
      <Unavailable onRetry={() => void stats.refetch()} />
    ) : (
      value
    );
  return (
    <ul className="adm-kpis" aria-label={t('overview.title')}>
      <Kpi
        label={t('overview.revenue')}
        note={t('overview.periodNote', { days })}
        value={statsValue(revenue === undefined ? undefined : money(revenue, currency))}
      />
      <Kpi
        label={t('overview.paidOrders')}
        note={t('overview.periodNote', { days })}
        value={statsValue(orders === undefined ? undefined : number(orders))}
      />
      <Kpi
        label={t('overview.averageOrder')}
        note={t('overview.periodNote', { days })}
        value={statsValue(
          revenue === undefined || orders === undefined
            ? undefined
            : orders === 0
              ? t('common.none')
              : money(Math.round(revenue / orders), currency),
        )}
      />
      <Kpi
        label={t('overview.clients')}
        note={
          clients.data
            ? t('overview.clientsDetail', {
                active: number(clients.data.active),
                new: number(clients.data.newLast30Days),
              })
            : undefined
        }
        value={
          clients.status === 'error' && !clients.data ? (
            <Unavailable onRetry={() => void clients.refetch()} />
          ) : clients.data ? (
            number(clients.data.total)
          ) : undefined
        }
      />
    </ul>
  );
}

function Kpi({
  label,
  value,
  note,
}: {
  label: string;
  value: ReactNode | undefined;
  note?: string;
}) {
  return (
    <li className="adm-kpi">
      <p className="adm-kpi__label">{label}</p>
      <p className="adm-kpi__value">{value ?? <Skeleton width="6rem" height="1.2em" />}</p>
      {note ? <p className="adm-kpi__note">{note}</p> : null}
    </li>
  );
}

function Unavailable({ onRetry }: { onRetry(): void }) {
  const { t } = useAdminI18n();
  return (
    <span className="adm-kpi__error" role="alert">
      {t('common.loadError')}{' '}
      <button type="button" className="adm-link-btn" onClick={onRetry}>
        {t('common.retry')}
      </button>
    </span>
  );
}
