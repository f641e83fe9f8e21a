import { useState } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../api/services.js';
import { loginPath } from '../auth/guards.js';
import { useI18n } from '../i18n/i18n.js';
import { ProductImage } from '../product/product-bits.js';
import { Button, ButtonLink } from '../ui/button.js';
import { QuantityStepper } from '../ui/controls.js';
import { Alert, EmptyState, ErrorState, Skeleton, useErrorMessage } from '../ui/feedback.js';
import { CartIcon, TrashIcon } from '../ui/icons.js';
import { useCart, type CartLineView } from '../cart-store/cart-context.js';
import { MAX_LINE_QUANTITY } from '../cart-store/guest-cart.js';
import { usePageTitle } from '../ui/page-title.js';

function CartLine({ line }: { line: CartLineView }) {
  const { t, tp, money } = useI18n();
  const cart = useCart();
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState(false);
  // Said on the line itself, not in a toast: that is where the shopper is looking.
  const [error, setError] = useState<string>();
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (failure) {
      setError(t('cart.updateError', { detail: errorMessage(failure) }));
    } finally {
      setBusy(false);
    }
  };
  const max = Math.max(1, Math.min(MAX_LINE_QUANTITY, Math.max(line.stock, line.quantity)));
  return (
    <li className={`cart-line ${busy ? 'is-busy' : ''}`} data-testid="cart-line">
      <Link
        to={`/products/${line.productId}`}
        className="cart-line__image"
        tabIndex={-1}
        aria-hidden="true"
      >
        <ProductImage product={{ imageUrl: line.imageUrl, name: line.name }} />
      </Link>
      <div className="cart-line__info">
        <Link to={`/products/${line.productId}`} className="cart-line__name">
          {line.name}
        </Link>
        <p className="small muted">
          {t('cart.unitPriceValue', { price: money(line.unitPrice, line.currency) })}
        </p>
        {!line.available ? (
          <p className="small cart-line__warning" role="alert">
            {t('cart.unavailable', { stock: line.stock })}
          </p>
        ) : null}
        {error ? (
          <p className="small cart-line__warning" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <div className="cart-line__qty">
        <QuantityStepper
          value={line.quantity}
          max={max}
          onChange={(quantity) => void run(() => cart.setQuantity(line.productId, quantity))}
          label={`${t('cart.quantity')} — ${line.name}`}
          disabled={busy}
          limitNote={tp('product.onlyAvailable', max)}
        />
      </div>
      <p className="cart-line__total price">{money(line.lineTotal, line.currency)}</p>
      <button
        type="button"
        className="icon-btn cart-line__remove"
        onClick={() => void run(() => cart.remove(line.productId))}
        aria-label={t('cart.remove', { name: line.name })}
        disabled={busy}
      >
        <TrashIcon />
      </button>
    </li>
  );
}

export function CartPage() {
  const { t, money, tp } = useI18n();
  usePageTitle(t('cart.title'));
  const cart = useCart();
  const auth = useAuth();

  // A failed read is never shown as an empty cart: the visitor's lines stay in this browser, and
  // the page says how many there are until a retry brings their names and prices.
  if (cart.status === 'error' && !cart.cart?.items.length) {
    return (
      <div className="container page">
        <h1 tabIndex={-1}>{t('cart.title')}</h1>
        <ErrorState title={t('cart.error')} error={cart.error} onRetry={() => void cart.reload()}>
          {cart.count > 0 ? (
            <p className="state__text" data-testid="cart-kept">
              {tp('cart.kept', cart.count)}
            </p>
          ) : null}
        </ErrorState>
      </div>
    );
  }
  // Lines whose products are still on their way are not an empty cart either.
  if (!cart.cart || (cart.cart.items.length === 0 && cart.count > 0)) {
    return (
      <div className="container page">
        <h1 tabIndex={-1}>{t('cart.title')}</h1>
        <ul className="cart-lines card" aria-busy="true">
          {[0, 1].map((index) => (
            <li key={index} className="cart-line">
              <Skeleton className="cart-line__image" height="72px" />
              <div className="cart-line__info stack">
                <Skeleton width="60%" />
                <Skeleton width="30%" />
              </div>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const { items, total, currency } = cart.cart;
  if (items.length === 0) {
    return (
      <div className="container page">
        <h1 tabIndex={-1}>{t('cart.title')}</h1>
        <EmptyState
          icon={<CartIcon size={36} />}
          title={t('cart.emptyTitle')}
          text={t('cart.emptyText')}
          action={<ButtonLink to="/catalog">{t('home.heroCta')}</ButtonLink>}
        />
      </div>
    );
  }
  const blocked = items.some((item) => !item.available);
  const units = items.reduce((sum, item) => sum + item.quantity, 0);
  return (
    <div className="container page">
      <div className="page__header">
        <h1 tabIndex={-1}>{t('cart.title')}</h1>
        <p className="muted">{tp('order.items', units)}</p>
      </div>
      <div className="cart-layout">
        <div className="stack">
          <ul className="cart-lines card">
            {items.map((line) => (
              <CartLine key={line.productId} line={line} />
            ))}
          </ul>
          <div className="row row--between">
            <ButtonLink to="/catalog" variant="ghost">
              {t('cart.continue')}
            </ButtonLink>
            <Button variant="ghost" size="sm" onClick={() => void cart.clear()}>
              {t('cart.clear')}
            </Button>
          </div>
        </div>
        <aside className="card summary" aria-label={t('checkout.summary')}>
          <div className="card__body stack">
            <h2>{t('checkout.summary')}</h2>
            <dl className="summary__rows">
              <div>
                <dt>{t('cart.subtotal')}</dt>
                <dd>{money(total, currency)}</dd>
              </div>
              <div>
                <dt>{t('cart.shipping')}</dt>
                <dd>{t('cart.shippingFree')}</dd>
              </div>
              <div className="summary__total">
                <dt>{t('cart.total')}</dt>
                <dd data-testid="cart-total">{money(total, currency)}</dd>
              </div>
            </dl>
            {blocked ? <Alert tone="warning">{t('checkout.unavailable')}</Alert> : null}
            {auth.isSignedIn ? (
              <ButtonLink
                to="/checkout"
                size="lg"
                block
                aria-disabled={blocked || undefined}
                onClick={(event) => blocked && event.preventDefault()}
                data-testid="go-checkout"
              >
                {t('cart.checkout')}
              </ButtonLink>
            ) : (
              <>
                <ButtonLink
                  to={loginPath('/checkout', 'checkout')}
                  size="lg"
                  block
                  data-testid="go-checkout"
                >
                  {t('cart.checkout')}
                </ButtonLink>
                <p className="small muted">{t('cart.loginToCheckout')}</p>
              </>
            )}
            <p className="small muted">{t('cart.pricesNote')}</p>
          </div>
        </aside>
      </div>
    </div>
  );
}
