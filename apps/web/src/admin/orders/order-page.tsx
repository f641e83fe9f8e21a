import { useEffect, useRef } from 'react';
import { Link, useParams } from 'react-router';
import type { Order, PaymentStatus } from '@souk/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { orderKeys, paymentKeys, userKeys } from '../../api/query-keys.js';
import { useOrderOnScreen } from '../../live/notifications-context.js';
import { AddressBlock, shortId } from '../../order/order-bits.js';
import { Badge, type Tone } from '../../ui/feedback.js';
import { useAdminI18n } from '../i18n/admin-i18n.js';
import { ArrowLeftIcon } from '../ui/admin-icons.js';
import {
  DefinitionList,
  DetailPlaceholder,
  InlineEmpty,
  InlineError,
  PageHeader,
  Panel,
  StatusBadge,
  TableSkeleton,
  useAdminApi,
} from '../ui/admin-ui.js';
import { OrderActions } from './order-actions.js';

const PAYMENT_TONE: Record<string, Tone> = {
  SUCCEEDED: 'success',
  DECLINED: 'danger',
  FAILED: 'danger',
  PROCESSING: 'neutral',
  REFUNDED: 'info',
};

export function OrderPage() {
  const { id = '' } = useParams();
  const { t, money, date } = useAdminI18n();
  const api = useAdminApi();
  const queryClient = useQueryClient();
  // The order's own events on the live stream refetch it and its payments (live-invalidation.ts),
  // without a toast: the page shows what changed.
  useOrderOnScreen(id);
  const order = useQuery({
    queryKey: orderKeys.detail(id),
    queryFn: ({ signal }) => api.orders.get(id, signal),
  });
  const payments = useQuery({
    queryKey: paymentKeys.forOrder(id),
    queryFn: ({ signal }) => api.payments.forOrder(id, signal),
    enabled: order.data !== undefined,
  });
  const userId = order.data?.userId;
  const customer = useQuery({
    queryKey: [...userKeys.detail(userId ?? ''), 'with-profile'],
    queryFn: async ({ signal }) => {
      const user = await api.users.get(userId!, signal);
      // Profiles are found by name or email; the one with this account id is the customer's.
      const matches = await api.clients
        .search({ q: user.email, includeDeleted: true, pageSize: 5 }, signal)
        .catch(() => undefined);
      return { user, clientId: matches?.items.find((client) => client.userId === userId)?.id };
    },
    enabled: userId !== undefined,
  });
  const timers = useRef<Array<ReturnType<typeof setTimeout>>>([]);
  useEffect(() => () => timers.current.forEach(clearTimeout), []);

  const back = (
    <Link to="/admin/orders" className="adm-back">
      <ArrowLeftIcon size={16} /> {t('nav.orders')}
    </Link>
  );
  if (!order.data)
    return (
      <DetailPlaceholder
        title={t('orders.title')}
        back={back}
        query={order}
        loadError={t('order.loadError')}
        skeletonHeight="10rem"
      />
    );

  const current = order.data;
  const address = current.shippingAddress;
  const changed = (updated: Order) => {
    queryClient.setQueryData(orderKeys.detail(updated.id), updated);
    void queryClient.invalidateQueries({ queryKey: orderKeys.lists() });
    // Only a cancellation changes the payments: the payment service refunds once it hears of it,
    // and the refund's event goes to the customer only, so the dashboard looks twice.
    if (updated.status === 'CANCELLED') {
      const look = () => void queryClient.invalidateQueries({ queryKey: paymentKeys.forOrder(id) });
      timers.current.push(setTimeout(look, 1_500), setTimeout(look, 5_000));
    }
  };

  return (
    <div className="adm-page">
      <PageHeader title={t('orders.number', { id: shortId(current.id) })} eyebrow={back}>
        <p className="adm-page-header__meta">
          <span data-testid="admin-order-status" data-status={current.status}>
            <StatusBadge status={current.status} />
          </span>{' '}
          <span>{date(current.createdAt, 'datetime')}</span> ·{' '}
          <strong>{money(current.total, current.currency)}</strong>
        </p>
      </PageHeader>

      <div className="adm-grid adm-grid--order">
        <div className="adm-stack">
          <Panel title={t('order.actions')} id="order-actions" className="adm-panel--accent">
            <OrderActions
              order={current}
              onChanged={changed}
              onConflict={() => void order.refetch()}
            />
          </Panel>

          <Panel title={t('order.items')} id="order-items">
            <div className="adm-table-wrap">
              <table className="adm-table adm-table--compact">
                <caption className="visually-hidden">{t('order.items')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('order.product')}</th>
                    <th scope="col" className="num">
                      {t('order.unitPrice')}
                    </th>
                    <th scope="col" className="num">
                      {t('order.quantity')}
                    </th>
                    <th scope="col" className="num">
                      {t('order.lineTotal')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {current.items.map((item) => (
                    <tr key={item.productId}>
                      <th scope="row" className="adm-table__primary">
                        <Link to={`/admin/products/${item.productId}`}>{item.name}</Link>
                      </th>
                      <td data-label={t('order.unitPrice')} className="num">
                        {money(item.unitPrice, current.currency)}
                      </td>
                      <td data-label={t('order.quantity')} className="num">
                        {item.quantity}
                      </td>
                      <td data-label={t('order.lineTotal')} className="num">
                        {money(item.lineTotal, current.currency)}
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={3} className="num">
                      {t('common.total')}
                    </th>
                    <td className="num adm-total">{money(current.total, current.currency)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </Panel>

          <Panel title={t('order.payments')} id="order-payments">
            {payments.status === 'error' && !payments.data ? (
              <InlineError
                message={t('order.paymentsError')}
                error={payments.error}
                onRetry={() => void payments.refetch()}
              />
            ) : !payments.data ? (
              <TableSkeleton rows={2} columns={4} />
            ) : payments.data.length === 0 ? (
              <InlineEmpty>{t('order.noPayments')}</InlineEmpty>
            ) : (
              <div className="adm-table-wrap">
                <table className="adm-table adm-table--compact" data-testid="payments-table">
                  <caption className="visually-hidden">{t('order.payments')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('common.date')}</th>
                      <th scope="col">{t('order.payment.type')}</th>
                      <th scope="col">{t('order.payment.status')}</th>
                      <th scope="col" className="num">
                        {t('order.payment.amount')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {payments.data.map((entry) => (
                      <tr key={entry.id}>
                        <th scope="row" className="adm-table__primary">
                          {date(entry.createdAt, 'datetime')}
                        </th>
                        <td data-label={t('order.payment.type')}>
                          {t(
                            entry.type === 'REFUND'
                              ? 'order.payment.type.REFUND'
                              : 'order.payment.type.CHARGE',
                          )}
                        </td>
                        <td data-label={t('order.payment.status')}>
                          <Badge tone={PAYMENT_TONE[entry.status] ?? 'neutral'}>
                            {PAYMENT_TONE[entry.status]
                              ? t(`payment.status.${entry.status as PaymentStatus}`)
                              : entry.status}
                          </Badge>
                        </td>
                        <td data-label={t('order.payment.amount')} className="num">
                          {entry.type === 'REFUND' ? '−' : ''}
                          {money(entry.amount, entry.currency)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Panel>
        </div>

        <div className="adm-stack">
          <Panel title={t('order.customer')} id="order-customer">
            <DefinitionList
              items={[
                [
                  t('order.customerName'),
                  customer.data
                    ? `${customer.data.user.firstName} ${customer.data.user.lastName}`
                    : address.fullName,
                ],
                [
                  t('client.email'),
                  customer.data ? (
                    <span className="adm-table__break">{customer.data.user.email}</span>
                  ) : customer.status === 'error' ? (
                    t('common.none')
                  ) : (
                    '…'
                  ),
                ],
              ]}
            />
            {customer.data?.clientId ? (
              <Link to={`/admin/clients/${customer.data.clientId}`}>{t('order.viewClient')}</Link>
            ) : null}
          </Panel>
          <Panel title={t('order.shipping')} id="order-shipping">
            <AddressBlock address={address} className="adm-address-block" />
          </Panel>
          <Panel title={t('order.timeline')} id="order-timeline">
            <ol className="adm-timeline" data-testid="order-timeline">
              {current.history.map((entry, index) => (
                <li
                  key={`${entry.status}-${entry.at}`}
                  className={`adm-timeline__item ${index === current.history.length - 1 ? 'is-current' : ''}`}
                >
                  <span className="adm-timeline__dot" aria-hidden="true" />
                  <div>
                    <StatusBadge status={entry.status} />
                    <p className="adm-timeline__time">
                      <time dateTime={entry.at}>{date(entry.at, 'datetime')}</time>
                    </p>
                    {entry.reason ? <p className="adm-timeline__reason">{entry.reason}</p> : null}
                  </div>
                </li>
              ))}
            </ol>
            {current.status === 'AWAITING_PAYMENT' ? (
              <p className="adm-panel__desc">
                {t('order.payBy', { date: date(current.payBy, 'datetime') })}
              </p>
            ) : null}
          </Panel>
        </div>
      </div>
    </div>
  );
}
