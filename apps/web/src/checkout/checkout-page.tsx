import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Address } from '@souk/contracts';
import { isApiError } from '../api/api-error.js';
import { useApi } from '../api/services.js';
import { useCart } from '../cart-store/cart-context.js';
import { useI18n } from '../i18n/i18n.js';
import { usePlaceOrderQuietly } from '../live/notifications-context.js';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { myProfileQuery } from '../api/queries.js';
import { clientKeys, orderKeys } from '../api/query-keys.js';
import { Button, ButtonLink } from '../ui/button.js';
import { Alert, EmptyState, ErrorState, Spinner, useErrorMessage } from '../ui/feedback.js';
import { CheckboxField } from '../ui/field.js';
import { AddressFields } from '../address/address-fields.js';
import {
  EMPTY_ADDRESS,
  fromSavedAddress,
  toShippingAddress,
  validateAddress,
  type AddressErrors,
  type AddressForm,
} from '../address/address-validation.js';
import { CheckoutSteps } from './checkout-steps.js';
import { createIdempotentAttempt, isRetryableFailure } from './idempotent-attempt.js';
import { usePageTitle } from '../ui/page-title.js';

const NEW = 'new';

export function CheckoutPage() {
  const api = useApi();
  const cart = useCart();
  const navigate = useNavigate();
  const { t, money } = useI18n();
  usePageTitle(t('checkout.title'));
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  // No profile yet (or the client service down): the form starts empty.
  const profile = useQuery(myProfileQuery(api));
  const saved: Address[] = profile.data?.addresses ?? [];
  const [choice, setChoice] = useState<string>(NEW);
  const [form, setForm] = useState<AddressForm>(EMPTY_ADDRESS);
  const [touched, setTouched] = useState<Partial<Record<keyof AddressForm, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [saveAddress, setSaveAddress] = useState(true);
  const [placing, setPlacing] = useState(false);
  /** `toOrders`: the refusal is solved from the orders page (pay or cancel an unpaid order). */
  const [failure, setFailure] = useState<
    { message: string; retryable: boolean; toOrders: boolean } | undefined
  >();
  const attempt = useRef(createIdempotentAttempt());
  const placeQuietly = usePlaceOrderQuietly();

  // The default saved address is chosen first; the name from the profile fills a new one.
  useEffect(() => {
    if (!profile.data) return;
    const preferred =
      profile.data.addresses.find((address) => address.isDefault) ?? profile.data.addresses[0];
    if (preferred) {
      setChoice(preferred.id);
      setForm(fromSavedAddress(preferred));
    } else {
      setForm((current) => ({
        ...current,
        fullName: current.fullName || `${profile.data.firstName} ${profile.data.lastName}`.trim(),
        phone: current.phone || (profile.data.phone ?? ''),
      }));
    }
  }, [profile.data]);

  const errors = validateAddress(form);
  const shown: AddressErrors = Object.fromEntries(
    Object.entries(errors).filter(([field]) => submitted || touched[field as keyof AddressForm]),
  );

  // A cart that could not be read is neither loading for ever nor empty: it says so, with a retry.
  if (cart.status === 'error' && !cart.cart) {
    return (
      <div className="container page">
        <CheckoutSteps current={1} />
        <h1 tabIndex={-1}>{t('checkout.title')}</h1>
        <ErrorState title={t('cart.error')} error={cart.error} onRetry={() => void cart.reload()} />
      </div>
    );
  }
  if (!cart.cart) {
    return (
      <div className="center-block">
        <Spinner label={t('app.loading')} />
      </div>
    );
  }
  const { items, total, currency } = cart.cart;
  if (items.length === 0 && !placing) {
    return (
      <div className="container page">
        <EmptyState
          title={t('checkout.emptyCart')}
          action={<ButtonLink to="/catalog">{t('home.heroCta')}</ButtonLink>}
        />
      </div>
    );
  }
  const blocked = items.some((item) => !item.available);

  const choose = (id: string) => {
    setChoice(id);
    const address = saved.find((entry) => entry.id === id);
    setForm(address ? fromSavedAddress(address) : { ...EMPTY_ADDRESS, fullName: form.fullName });
    setTouched({});
    setSubmitted(false);
  };

  const place = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setFailure(undefined);
    if (Object.keys(errors).length > 0 || blocked) return;
    const body = {
      items: items.map((item) => ({ productId: item.productId, quantity: item.quantity })),
      shippingAddress: toShippingAddress(form),
    };
    const key = attempt.current.keyFor(body);
    setPlacing(true);
    try {
      const order = await placeQuietly(() => api.orders.place(body, key));
      attempt.current.settle();
      if (choice === NEW && saveAddress && profile.data) {
        const { country, ...rest } = body.shippingAddress;
        await api.clients.addAddress({ ...rest, country }).catch(() => undefined);
        void queryClient.invalidateQueries({ queryKey: clientKeys.me() });
      }
      void queryClient.invalidateQueries({ queryKey: orderKeys.lists() });
      void cart.reload();
      void navigate(`/checkout/${order.id}/payment`);
    } catch (error) {
      const retryable = isApiError(error) && isRetryableFailure(error.status);
      if (!retryable) attempt.current.settle();
      const toOrders = isApiError(error) && typeof error.problem.maxUnpaidOrders === 'number';
      setFailure({ message: errorMessage(error), retryable, toOrders });
      setPlacing(false);
    }
  };

  return (
    <div className="container page">
      <CheckoutSteps current={1} />
      <h1 tabIndex={-1}>{t('checkout.title')}</h1>
      <form className="checkout-layout" onSubmit={(event) => void place(event)} noValidate>
        <section className="card" aria-labelledby="address-title">
          <div className="card__body stack">
            <h2 id="address-title">{t('order.address')}</h2>
            {saved.length > 0 ? (
              <fieldset className="saved-addresses">
                <legend className="field__label">{t('checkout.savedAddresses')}</legend>
                {saved.map((address) => (
                  <label
                    key={address.id}
                    className={`address-option ${choice === address.id ? 'is-selected' : ''}`}
                  >
                    <input
                      type="radio"
                      name="address"
                      value={address.id}
                      checked={choice === address.id}
                      onChange={() => choose(address.id)}
                    />
                    <span>
                      <strong>{address.label ?? address.fullName}</strong>
                      <span className="small muted">
                        {' '}
                        {address.line1}, {address.postalCode} {address.city}
                      </span>
                    </span>
                  </label>
                ))}
                <label className={`address-option ${choice === NEW ? 'is-selected' : ''}`}>
                  <input
                    type="radio"
                    name="address"
                    value={NEW}
                    checked={choice === NEW}
                    onChange={() => choose(NEW)}
                  />
                  <span>{t('checkout.newAddress')}</span>
                </label>
              </fieldset>
            ) : null}
            <AddressFields
              value={form}
              errors={shown}
              onChange={setForm}
              onBlurField={(field) => setTouched((current) => ({ ...current, [field]: true }))}
            />
            {choice === NEW && profile.data ? (
              <CheckboxField
                label={t('checkout.saveAddress')}
                checked={saveAddress}
                onChange={(event) => setSaveAddress(event.target.checked)}
              />
            ) : null}
          </div>
        </section>
        <aside className="card summary" aria-label={t('checkout.summary')}>
          <div className="card__body stack">
            <h2>{t('checkout.summary')}</h2>
            <ul className="summary__items">
              {items.map((item) => (
                <li key={item.productId}>
                  <span>
                    {item.quantity} × {item.name}
                  </span>
                  <span>{money(item.lineTotal, item.currency)}</span>
                </li>
              ))}
            </ul>
            <dl className="summary__rows">
              <div className="summary__total">
                <dt>{t('cart.total')}</dt>
                <dd>{money(total, currency)}</dd>
              </div>
            </dl>
            {blocked ? <Alert tone="warning">{t('checkout.unavailable')}</Alert> : null}
            {failure ? (
              <Alert tone="danger" title={t('error.generic')}>
                {failure.message}{' '}
                {failure.toOrders ? <Link to="/orders">{t('nav.orders')}</Link> : null}
              </Alert>
            ) : null}
            <Button
              type="submit"
              size="lg"
              block
              loading={placing}
              disabled={blocked}
              data-testid="place-order"
            >
              {placing
                ? t('checkout.placing')
                : failure?.retryable
                  ? t('app.retry')
                  : t('checkout.place')}
            </Button>
          </div>
        </aside>
      </form>
    </div>
  );
}
