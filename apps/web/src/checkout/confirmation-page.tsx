import { useParams } from 'react-router';
import { useI18n } from '../i18n/i18n.js';
import {
  AddressBlock,
  OrderItems,
  OrderPlaceholder,
  PAID_STATUSES,
  shortId,
  StatusBadge,
} from '../order/order-bits.js';
import { ButtonLink } from '../ui/button.js';
import { CheckIcon } from '../ui/icons.js';
import { CheckoutSteps } from './checkout-steps.js';
import { useOrderWatch } from '../order/use-order-watch.js';
import { usePageTitle } from '../ui/page-title.js';

export function ConfirmationPage() {
  const { orderId = '' } = useParams();
  const { t } = useI18n();
  usePageTitle(t('confirm.title'));
  // The charge succeeded; the order turns PAID when the order service hears of it.
  const order = useOrderWatch(
    orderId,
    (current) => !current || current.status === 'AWAITING_PAYMENT' || current.status === 'PENDING',
  );
  if (!order.data) return <OrderPlaceholder query={order} />;
  const current = order.data;
  const isPaid = PAID_STATUSES.includes(current.status);
  return (
    <div className="container page">
      <CheckoutSteps current={3} />
      <div className="confirmation card">
        <div className="card__body stack">
          <div className="confirmation__icon" aria-hidden="true">
            <CheckIcon size={36} />
          </div>
          <h1 tabIndex={-1}>{t('confirm.title')}</h1>
          <p className="row">
            <span>{t('order.short', { id: shortId(current.id) })}</span>
            <StatusBadge status={current.status} />
          </p>
          <p aria-live="polite">{isPaid ? t('confirm.paid') : t('confirm.waiting')}</p>
          <div className="confirmation__details">
            <OrderItems order={current} />
            <div>
              <h2 className="h-small">{t('order.address')}</h2>
              <AddressBlock address={current.shippingAddress} />
            </div>
          </div>
          <div className="row">
            <ButtonLink to={`/orders/${current.id}`}>{t('confirm.follow')}</ButtonLink>
            <ButtonLink to="/catalog" variant="secondary">
              {t('cart.continue')}
            </ButtonLink>
          </div>
        </div>
      </div>
    </div>
  );
}
