import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import {
  holdsPayment,
  isFinalStatus,
  isTransitionAllowed,
  ORDER_STATUSES,
  type Order,
  type OrderStatus,
} from '@souk/contracts';
import { isApiError } from '../api/api-error.js';
import { countryName } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { ButtonLink } from '../ui/button.js';
import { Badge, EmptyState, ErrorState, Spinner, type Tone } from '../ui/feedback.js';

// From the order service's transition table in contracts, never a copy of it.
export const FINAL_STATUSES: readonly OrderStatus[] = ORDER_STATUSES.filter(isFinalStatus);
/** The payment went through (the order may have shipped since). */
export const PAID_STATUSES: readonly OrderStatus[] = ORDER_STATUSES.filter(holdsPayment);
/** The owner may cancel before the order ships. */
export const CANCELLABLE_STATUSES: readonly OrderStatus[] = ORDER_STATUSES.filter((status) =>
  isTransitionAllowed(status, 'CANCELLED', 'client'),
);

const TONES: Record<OrderStatus, Tone> = {
  PENDING: 'neutral',
  AWAITING_PAYMENT: 'warning',
  PAID: 'success',
  SHIPPED: 'info',
  DELIVERED: 'accent',
  CANCELLED: 'danger',
  REJECTED: 'danger',
};

export function StatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useI18n();
  return (
    <span data-testid="order-status" data-status={status}>
      <Badge tone={TONES[status]}>{t(`order.status.${status}`)}</Badge>
    </span>
  );
}

/** The first eight hex digits of an id in upper case: how orders are named to people (as in notifications). */
export function shortId(id: string): string {
  return id.replace(/-/g, '').slice(0, 8).toUpperCase();
}

/**
 * What an order page shows until its order is there: `loading` (a spinner by default) while it
 * loads, "not found" for an unknown or malformed id, anything else with a retry.
 */
export function OrderPlaceholder({
  query,
  loading,
}: {
  query: Pick<UseQueryResult<Order>, 'status' | 'error' | 'refetch'>;
  loading?: ReactNode;
}) {
  const { t } = useI18n();
  if (query.status === 'error') {
    const missing =
      isApiError(query.error) && (query.error.status === 404 || query.error.status === 400);
    return (
      <div className="container page">
        {missing ? (
          <EmptyState
            title={t('order.notFound')}
            action={<ButtonLink to="/orders">{t('nav.orders')}</ButtonLink>}
          />
        ) : (
          <ErrorState
            title={t('order.error')}
            error={query.error}
            onRetry={() => void query.refetch()}
          />
        )}
      </div>
    );
  }
  return (
    loading ?? (
      <div className="center-block">
        <Spinner label={t('app.loading')} />
      </div>
    )
  );
}

export function OrderItems({ order }: { order: Order }) {
  const { t, money } = useI18n();
  return (
    <div className="stack">
      <ul className="order-items">
        {order.items.map((item) => (
          <li key={item.productId}>
            <span className="order-items__name">
              {item.quantity} × {item.name}
              <span className="small muted"> ({money(item.unitPrice, order.currency)})</span>
            </span>
            <span className="price">{money(item.lineTotal, order.currency)}</span>
          </li>
        ))}
      </ul>
      <p className="order-total">
        <span>{t('order.total')}</span>
        <strong className="price">{money(order.total, order.currency)}</strong>
      </p>
    </div>
  );
}

export function AddressBlock({
  address,
  className = 'address-block',
}: {
  address: Order['shippingAddress'];
  className?: string;
}) {
  const { locale } = useI18n();
  return (
    <address className={className}>
      <strong>{address.fullName}</strong>
      <br />
      {address.line1}
      {address.line2 ? (
        <>
          <br />
          {address.line2}
        </>
      ) : null}
      <br />
      {address.postalCode} {address.city}
      <br />
      {countryName(address.country, locale)}
      {address.phone ? (
        <>
          <br />
          {address.phone}
        </>
      ) : null}
    </address>
  );
}
