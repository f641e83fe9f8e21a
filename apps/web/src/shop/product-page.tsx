import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { isApiError } from '../api/api-error.js';
import { useApi } from '../api/services.js';
import { useCart } from '../cart-store/cart-context.js';
import { useI18n } from '../i18n/i18n.js';
import { useQuery } from '@tanstack/react-query';
import { categoriesQuery, productQuery } from '../api/queries.js';
import { Button, ButtonLink } from '../ui/button.js';
import { QuantityStepper } from '../ui/controls.js';
import { EmptyState, ErrorState, Skeleton, useErrorMessage } from '../ui/feedback.js';
import { CartIcon } from '../ui/icons.js';
import { useToast } from '../ui/toast.js';
import { MAX_LINE_QUANTITY } from '../cart-store/guest-cart.js';
import { ProductImage, StockBadge } from '../product/product-bits.js';
import { usePageTitle } from '../ui/page-title.js';
import { BuyBar } from './buy-bar.js';

export function ProductPage() {
  const { id = '' } = useParams();
  const api = useApi();
  const cart = useCart();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const { t, tp, money } = useI18n();
  const product = useQuery(productQuery(api, id));
  const categories = useQuery(categoriesQuery(api));
  usePageTitle(product.data?.name);
  const [quantity, setQuantity] = useState(1);
  const [adding, setAdding] = useState(false);

  if (product.status === 'error') {
    if (
      isApiError(product.error) &&
      (product.error.status === 404 || product.error.status === 400)
    ) {
      return (
        <div className="container page">
          <EmptyState
            title={t('product.notFound')}
            action={<ButtonLink to="/catalog">{t('nav.catalog')}</ButtonLink>}
          />
        </div>
      );
    }
    return (
      <div className="container page">
        <ErrorState
          title={t('product.error')}
          error={product.error}
          onRetry={() => void product.refetch()}
        />
      </div>
    );
  }

  if (!product.data) {
    return (
      <div className="container page">
        <div className="product-detail" aria-busy="true">
          <Skeleton className="product-image product-detail__image" height="auto" />
          <div className="stack">
            <Skeleton width="30%" />
            <Skeleton width="80%" height="2.2em" />
            <Skeleton width="25%" height="1.6em" />
            <Skeleton width="100%" height="6em" />
          </div>
        </div>
      </div>
    );
  }

  const item = product.data;
  const inCart = cart.quantityOf(item.id);
  const available = Math.max(0, Math.min(item.stock, MAX_LINE_QUANTITY) - inCart);
  const category = categories.data?.find((entry) => entry.id === item.categoryId);
  const bounded = Math.min(quantity, Math.max(1, available));

  // No toast for success: the header's badge (announced by its live region) and the "already in
  // your cart" line show what was added. A refusal shows nowhere else: it is a toast, at the top,
  // away from the buy box and the phone's buy bar.
  const add = async () => {
    setAdding(true);
    try {
      await cart.add(item, bounded);
      setQuantity(1);
    } catch (error) {
      toast({ tone: 'danger', title: t('error.generic'), body: errorMessage(error) });
    } finally {
      setAdding(false);
    }
  };

  return (
    <>
      <div className="container page">
        <nav className="breadcrumbs" aria-label="Breadcrumb">
          <Link to="/catalog">{t('nav.catalog')}</Link>
          {category ? (
            <>
              <span aria-hidden="true">/</span>
              <Link to={`/catalog?category=${category.id}`}>{category.name}</Link>
            </>
          ) : null}
        </nav>
        <div className="product-detail">
          <ProductImage product={item} className="product-detail__image" />
          <div className="product-detail__info">
            {category ? <p className="eyebrow">{category.name}</p> : null}
            <h1 tabIndex={-1} className="product-detail__name">
              {item.name}
            </h1>
            <p className="product-detail__price price">{money(item.price, item.currency)}</p>
            <StockBadge stock={item.stock} />
            <div className="product-detail__buy card">
              <div className="card__body stack">
                {item.stock > 0 ? (
                  <>
                    <div className="row">
                      <span className="field__label" id="qty-label">
                        {t('product.quantity')}
                      </span>
                      <QuantityStepper
                        value={bounded}
                        max={Math.max(1, available)}
                        onChange={setQuantity}
                        label={t('product.quantity')}
                        disabled={available === 0}
                        limitNote={tp('product.onlyAvailable', available)}
                      />
                    </div>
                    {inCart > 0 ? (
                      <p className="small muted">
                        {available === 0
                          ? t('product.maxReached')
                          : t('product.inCart', { count: inCart })}
                      </p>
                    ) : null}
                    <Button
                      size="lg"
                      block
                      icon={<CartIcon />}
                      loading={adding}
                      disabled={available === 0}
                      onClick={() => void add()}
                      data-testid="add-to-cart"
                    >
                      {t('product.addToCart')}
                    </Button>
                  </>
                ) : (
                  <Button size="lg" block disabled>
                    {t('product.soldOut')}
                  </Button>
                )}
              </div>
            </div>
            <section className="product-detail__description">
              <h2>{t('product.details')}</h2>
              {item.description.split(/\n{2,}/).map((paragraph, index) => (
                <p key={index}>{paragraph}</p>
              ))}
            </section>
          </div>
        </div>
      </div>
      <BuyBar
        name={item.name}
        price={money(item.price, item.currency)}
        isSoldOut={item.stock === 0}
        canAdd={available > 0}
        isAdding={adding}
        onAdd={() => void add()}
      />
    </>
  );
}
