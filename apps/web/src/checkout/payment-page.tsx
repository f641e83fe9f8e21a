import { useEffect, useRef, useState } from 'react';
import { Navigate, useParams } from 'react-router';
import type { Payment } from '@souk/contracts';
import { isApiError } from '../api/api-error.js';
import { useApi } from '../api/services.js';
import { useI18n } from '../i18n/i18n.js';
import { OrderItems, OrderPlaceholder, PAID_STATUSES, shortId } from '../order/order-bits.js';
import { ButtonLink } from '../ui/button.js';
import { Alert, Spinner, useErrorMessage } from '../ui/feedback.js';
import { toCardInput, type CardForm } from './card-validation.js';
import { CardFormView } from './card-form.js';
import { CheckoutSteps } from './checkout-steps.js';
import { createIdempotentAttempt, isRetryableFailure } from './idempotent-attempt.js';
import { useOrderWatch } from '../order/use-order-watch.js';
import { usePageTitle } from '../ui/page-title.js';

/** How long the reservation may take before we say it is slow (the page keeps polling). */
const SLOW_AFTER_MS = 15_000;

function useElapsed(active: boolean, ms: number): boolean {
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (!active) return;
    const id = setTimeout(() => setLate(true), ms);
    return () => clearTimeout(id);
  }, [active, ms]);
  return late;
}

export function PaymentPage() {
  const { orderId = '' } = useParams();
  const api = useApi();
  const { t, money, date } = useI18n();
  usePageTitle(t('checkout.payTitle'));
  const errorMessage = useErrorMessage();
  const order = useOrderWatch(orderId, (current) => !current || current.status === 'PENDING');
  const [paying, setPaying] = useState(false);
  const [declined, setDeclined] = useState<Payment | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [resetToken, setResetToken] = useState(0);
  const [paid, setPaid] = useState(false);
  const attempt = useRef(createIdempotentAttempt());
  const slow = useElapsed(order.data?.status === 'PENDING', SLOW_AFTER_MS);

  if (paid) return <Navigate to={`/checkout/${orderId}/done`} replace />;
  if (!order.data) return <OrderPlaceholder query={order} />;
  const current = order.data;
  if (PAID_STATUSES.includes(current.status))
    return <Navigate to={`/checkout/${orderId}/done`} replace />;

  const pay = async (form: CardForm) => {
    const body = { orderId, card: toCardInput(form) };
    const key = attempt.current.keyFor(body);
    setPaying(true);
    setFailure(undefined);
    try {
      const payment = await api.payments.pay(orderId, body.card, key);
      attempt.current.settle();
      if (payment.status === 'SUCCEEDED') {
        setPaid(true);
        return;
      }
      // Declined: a final answer for this card. Another card is a new attempt with a new key.
      setDeclined(payment);
      setResetToken((value) => value + 1);
    } catch (error) {
      if (!(isApiError(error) && isRetryableFailure(error.status))) attempt.current.settle();
      setFailure(errorMessage(error));
      void order.refetch();
    } finally {
      setPaying(false);
    }
  };

  const declineText = (code: string | undefined) => {
    const known = ['card_declined', 'insufficient_funds', 'expired_card', 'incorrect_number'];
    return code && known.includes(code)
      ? t(`checkout.declined.${code}` as 'checkout.declined.card_declined')
      : t('checkout.declined.other', { code: code ?? '?' });
  };

  return (
    <div className="container page">
      <CheckoutSteps current={2} />
      <div className="page__header">
        <h1 tabIndex={-1}>{t('checkout.payTitle')}</h1>
        <p className="muted">{t('order.short', { id: shortId(current.id) })}</p>
      </div>
      <div className="checkout-layout">
        <section className="card" aria-labelledby="pay-title" aria-live="polite">
          <div className="card__body stack">
            <h2 id="pay-title" className="visually-hidden">
              {t('checkout.payTitle')}
            </h2>
            {current.status === 'PENDING' ? (
              <div className="waiting" data-testid="waiting-stock">
                <Spinner label={t('checkout.waitingStock')} />
                {slow ? <Alert tone="info">{t('checkout.waitingSlow')}</Alert> : null}
              </div>
            ) : current.status === 'REJECTED' ? (
              <Alert tone="danger" title={t('checkout.rejectedTitle')}>
                <p>
                  {t('checkout.rejectedText', {
                    reason:
                      [...current.history].reverse().find((entry) => entry.status === 'REJECTED')
                        ?.reason ?? '—',
                  })}
                </p>
                <ButtonLink to="/cart" variant="secondary">
                  {t('nav.cart')}
                </ButtonLink>
              </Alert>
            ) : current.status === 'CANCELLED' ? (
              <Alert tone="warning" title={t('checkout.cancelledTitle')}>
                {
                  [...current.history].reverse().find((entry) => entry.status === 'CANCELLED')
                    ?.reason
                }
              </Alert>
            ) : (
              <>
                <p className="pay-amount">
                  {t('checkout.payAmount', { amount: money(current.total, current.currency) })}
                </p>
                <p className="small muted">
                  {t('checkout.payBy', { time: date(current.payBy, 'datetime') })}
                </p>
                {declined ? (
                  <Alert tone="danger" title={t('checkout.declinedTitle')}>
                    <p data-testid="decline-message">{declineText(declined.declineCode)}</p>
                    <p>{t('checkout.tryAnother')}</p>
                  </Alert>
                ) : null}
                {failure ? (
                  <Alert tone="danger" title={t('error.generic')}>
                    {failure}
                  </Alert>
                ) : null}
                <CardFormView
                  amountLabel={money(current.total, current.currency)}
                  busy={paying}
                  onPay={(form) => void pay(form)}
                  resetToken={resetToken}
                />
              </>
            )}
          </div>
        </section>
        <aside className="card summary" aria-label={t('checkout.summary')}>
          <div className="card__body stack">
            <h2>{t('checkout.summary')}</h2>
            <OrderItems order={current} />
          </div>
        </aside>
      </div>
    </div>
  );
}
