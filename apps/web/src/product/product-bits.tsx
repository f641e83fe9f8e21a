import type { Product } from '@souk/contracts';
import { Link } from 'react-router';
import { useI18n } from '../i18n/i18n.js';
import { Badge, Skeleton } from '../ui/feedback.js';

export const LOW_STOCK = 5;

export function StockBadge({ stock }: { stock: number }) {
  const { t } = useI18n();
  if (stock <= 0) return <Badge tone="danger">{t('product.soldOut')}</Badge>;
  if (stock <= LOW_STOCK)
    return <Badge tone="warning">{t('product.onlyLeft', { count: stock })}</Badge>;
  return <Badge tone="success">{t('product.inStock')}</Badge>;
}

export function ProductImage({
  product,
  className,
}: {
  product: Pick<Product, 'imageUrl' | 'name'>;
  className?: string;
}) {
  const { t } = useI18n();
  return (
    <div className={`product-image ${className ?? ''}`}>
      {product.imageUrl ? (
        <img src={product.imageUrl} alt={product.name} loading="lazy" decoding="async" />
      ) : (
        <div
          className="product-image__none"
          role="img"
          aria-label={`${product.name} — ${t('product.noImage')}`}
        >
          <span aria-hidden="true">✦</span>
        </div>
      )}
    </div>
  );
}

export function ProductCard({
  product,
  categoryName,
}: {
  product: Product;
  categoryName?: string;
}) {
  const { money } = useI18n();
  return (
    <article className="product-card">
      <Link to={`/products/${product.id}`} className="product-card__link">
        <ProductImage product={product} />
        <div className="product-card__body">
          {categoryName ? <p className="product-card__category">{categoryName}</p> : null}
          <h3 className="product-card__name">{product.name}</h3>
          <div className="product-card__footer">
            <span className="price">{money(product.price, product.currency)}</span>
            <StockBadge stock={product.stock} />
          </div>
        </div>
      </Link>
    </article>
  );
}

export function ProductGridSkeleton({ count = 8 }: { count?: number }) {
  return (
    <ul className="product-grid" aria-busy="true">
      {Array.from({ length: count }, (_, index) => (
        <li key={index} className="product-card product-card--skeleton">
          <Skeleton className="product-image" height="auto" />
          <div className="product-card__body">
            <Skeleton width="40%" height="0.8em" />
            <Skeleton width="85%" height="1.1em" />
            <Skeleton width="35%" height="1.2em" />
          </div>
        </li>
      ))}
    </ul>
  );
}
