import { useState } from 'react';
import { useParams } from 'react-router';
import { useApi } from '../api/services.js';
import { useOrderWatch } from '../order/use-order-watch.js';
import { useI18n } from '../i18n/i18n.js';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { orderKeys, paymentKeys } from '../api/query-keys.js';
import { useNotifications } from '../live/notifications-context.js';
import { Button, ButtonLink } from '../ui/button.js';
import { Alert, Badge, Skeleton, useErrorMessage } from '../ui/feedback.js';
import {
  AddressBlock,
  CANCELLABLE_STATUSES,
  FINAL_STATUSES,
  OrderItems,
  OrderPlaceholder,
  shortId,
  StatusBadge,
} from '../order/order-bits.js';
import { StatusTimeline } from '../order/status-timeline.js';
import { usePageTitle } from '../ui/page-title.js';

function Payments({ orderId, version }: { orderId: string; version: string }) {
  const api = useApi();
  const { t, money, date } = useI18n();
  // Refetched on each of the order's live events (live-invalidation.ts) and with each new version
  // of the order (polled while the stream is closed); the list stays on screen meanwhile.
  const payments = useQuery({
    queryKey: [...paymentKeys.forOrder(orderId), version],
    queryFn: ({ signal }) => api.payments.forOrder(orderId, signal),
    placeholderData: keepPreviousData,
  });
  if (payments.status === 'error') return <p className="small muted">{t('error.generic')}</p>;
  if (!payments.data) return <Skeleton width="70%" />;
  if (payments.data.length === 0) return <p className="muted">{t('order.noPayments')}</p>;
  return (
    <ul className="payment-list">
      {payments.data.map((payment) => (
        <li key={payment.id}>
          <span>
            {t(`order.payment.${payment.type}`)}{' '}
            <Badge
              tone={
                payment.status === 'SUCCEEDED'
                  ? 'success'
                  : payment.status === 'DECLINED' || payment.status === 'FAILED'
                    ? 'danger'
                    : 'neutral'
              }
            >
              {t(`order.payment.${payment.status}` as 'order.payment.SUCCEEDED')}
            </Badge>
            <br />
            <span className="small muted">{date(payment.createdAt, 'datetime')}</span>
          </span>
          <span className="price">
            {(payment.type === 'REFUND' ? '− ' : '') + money(payment.amount, payment.currency)}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function OrderPage() {
  const { id = '' } = useParams();
  const api = useApi();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const { t, date } = useI18n();
  usePageTitle(t('order.short', { id: shortId(id) }));
  const { stream } = useNotifications();
  // Live: refetched on each of this order's events on the stream; polled only while the stream is
  // closed, as long as the order is not final.
  const order = useOrderWatch(
    id,
    (current) => !current || !FINAL_STATUSES.includes(current.status),
    5_000,
  );
  const [confirming, setConfirming] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<string>();

  if (!order.data) {
    const skeleton = (
      <div className="container page" aria-busy="true">
        <Skeleton width="40%" height="2.4em" />
        <div className="order-detail">
          <Skeleton height="14em" />
          <Skeleton height="14em" />
        </div>
      </div>
    );
    return <OrderPlaceholder query={order} loading={skeleton} />;
  }
  const current = order.data;

  // No toast: the page shows the new status and its timeline; a refusal is said by the button.
  const cancel = async () => {
    setCancelling(true);
    setCancelError(undefined);
    try {
      queryClient.setQueryData(orderKeys.detail(current.id), await api.orders.cancel(current.id));
      void queryClient.invalidateQueries({ queryKey: orderKeys.lists() });
    } catch (error) {
      setCancelError(errorMessage(error));
      void order.refetch();
    } finally {
      setCancelling(false);
      setConfirming(false);
    }
  };

  return (
    <div className="container page">
      <div className="page__header">
        <div>
          <p className="eyebrow">{t('order.placedOn', { date: date(current.createdAt) })}</p>
          <h1 tabIndex={-1}>{t('order.short', { id: shortId(current.id) })}</h1>
        </div>
        <div className="row">
          {stream === 'open' && !FINAL_STATUSES.includes(current.status) ? (
            <span className="live-pill">
              <span className="live-pill__dot" aria-hidden="true" />
              {t('order.live')}
            </span>
          ) : null}
          <StatusBadge status={current.status} />
        </div>
      </div>
      {current.status === 'AWAITING_PAYMENT' ? (
        <Alert tone="warning" title={t('order.status.AWAITING_PAYMENT')}>
          <p>{t('checkout.payBy', { time: date(current.payBy, 'datetime') })}</p>
          <ButtonLink to={`/checkout/${current.id}/payment`}>{t('order.pay')}</ButtonLink>
        </Alert>
      ) : null}
      <div className="order-detail">
        <section className="card" aria-labelledby="timeline-title">
          <div className="card__body">
            <h2 id="timeline-title">{t('order.timeline')}</h2>
            <StatusTimeline order={current} />
          </div>
        </section>
        <div className="stack">
          <section className="card" aria-labelledby="items-title">
            <div className="card__body">
              <h2 id="items-title">{t('order.items')}</h2>
              <OrderItems order={current} />
            </div>
          </section>
          <section className="card" aria-labelledby="address-title">
            <div className="card__body">
              <h2 id="address-title">{t('order.address')}</h2>
              <AddressBlock address={current.shippingAddress} />
            </div>
          </section>
          <section className="card" aria-labelledby="payments-title">
            <div className="card__body">
              <h2 id="payments-title">{t('order.payments')}</h2>
              <Payments orderId={current.id} version={current.updatedAt} />
            </div>
          </section>
          {/* Outside the cancel card, which goes when the order can no longer be cancelled. */}
          {cancelError ? (
            <Alert tone="danger" title={t('error.generic')}>
              {cancelError}
            </Alert>
          ) : null}
          {CANCELLABLE_STATUSES.includes(current.status) ? (
            <div className="card">
              <div className="card__body stack">
                {confirming ? (
                  <>
                    <p role="alert">{t('order.cancelConfirm')}</p>
                    <div className="row">
                      <Button variant="danger" loading={cancelling} onClick={() => void cancel()}>
                        {t('order.cancelYes')}
                      </Button>
                      <Button variant="secondary" onClick={() => setConfirming(false)}>
                        {t('app.back')}
                      </Button>
                    </div>
                  </>
                ) : (
                  <Button variant="danger" onClick={() => setConfirming(true)}>
                    {t('order.cancel')}
                  </Button>
                )}
              </div>
            </div>
          ) : null}
        </div>
      </div>
    </div>
  );
}
