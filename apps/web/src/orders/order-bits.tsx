import type { Order, OrderStatus } from '@souk/contracts';
import { useI18n } from '../i18n/i18n.js';
import { Badge, type Tone } from '../ui/feedback.js';

export const FINAL_STATUSES: readonly OrderStatus[] = ['DELIVERED', 'CANCELLED', 'REJECTED'];
/** The owner may cancel before the order ships. */
export const CANCELLABLE_STATUSES: readonly OrderStatus[] = ['PENDING', 'AWAITING_PAYMENT', 'PAID'];

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

/** The first 8 characters of the id, upper case: how orders are named to people (as in notifications). */
export function shortId(id: string): string {
  return id.slice(0, 8).toUpperCase();
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

export function AddressBlock({ address }: { address: Order['shippingAddress'] }) {
  const { locale } = useI18n();
  const country = new Intl.DisplayNames([locale], { type: 'region' }).of(address.country) ?? address.country;
  return (
    <address className="address-block">
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
      {country}
      {address.phone ? (
        <>
          <br />
          {address.phone}
        </>
      ) : null}
    </address>
  );
}
