import { Link } from 'react-router';
import { useApi } from '../api/services.js';
import { useI18n } from '../i18n/i18n.js';
import { useQuery } from '@tanstack/react-query';
import { categoriesQuery } from '../api/queries.js';
import { productKeys } from '../api/query-keys.js';
import { ButtonLink } from '../ui/button.js';
import { EmptyState, ErrorState, Skeleton } from '../ui/feedback.js';
import { ChevronIcon } from '../ui/icons.js';
import { ProductCard, ProductGridSkeleton } from '../product/product-bits.js';
import { usePageTitle } from '../ui/page-title.js';

export function HomePage() {
  const api = useApi();
  const { t, tp } = useI18n();
  usePageTitle(t('nav.home'));
  const categories = useQuery(categoriesQuery(api));
  const newestQuery = { sort: 'newest', pageSize: 8, inStock: true } as const;
  const newest = useQuery({
    queryKey: productKeys.list(newestQuery),
    queryFn: ({ signal }) => api.catalog.products(newestQuery, signal),
  });
  const names = new Map((categories.data ?? []).map((category) => [category.id, category.name]));

  return (
    <>
      <section className="hero">
        <div className="container hero__inner">
          <div className="hero__text">
            <p className="eyebrow">{t('app.tagline')}</p>
            <h1 tabIndex={-1}>{t('home.heroTitle')}</h1>
            <p className="hero__lead">{t('home.heroText')}</p>
            <ButtonLink to="/catalog" size="lg">
              {t('home.heroCta')}
            </ButtonLink>
          </div>
          <div className="hero__art" aria-hidden="true">
            <div className="hero__arch" />
          </div>
        </div>
      </section>

      <section className="container section" aria-labelledby="home-categories">
        <div className="section__header">
          <h2 id="home-categories">{t('home.categories')}</h2>
        </div>
        {categories.status === 'error' ? (
          <ErrorState
            title={t('catalog.error')}
            error={categories.error}
            onRetry={() => void categories.refetch()}
          />
        ) : !categories.data ? (
          <ul className="category-grid" aria-busy="true">
            {Array.from({ length: 6 }, (_, index) => (
              <li key={index} className="category-tile">
                <Skeleton width="60%" height="1.2em" />
                <Skeleton width="30%" height="0.9em" />
              </li>
            ))}
          </ul>
        ) : categories.data.length === 0 ? (
          <EmptyState title={t('home.noCategories')} />
        ) : (
          <ul className="category-grid">
            {categories.data.map((category, index) => (
              <li key={category.id}>
                <Link
                  to={`/catalog?category=${category.id}`}
                  className={`category-tile category-tile--${index % 4}`}
                >
                  <span className="category-tile__name">{category.name}</span>
                  <span className="category-tile__count">
                    {tp('home.productCount', category.productCount)}
                  </span>
                  <ChevronIcon className="category-tile__arrow" />
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="container section" aria-labelledby="home-newest">
        <div className="section__header">
          <h2 id="home-newest">{t('home.newest')}</h2>
          <Link to="/catalog?sort=newest" className="section__link">
            {t('home.seeAll')} <ChevronIcon size={16} />
          </Link>
        </div>
        {newest.status === 'error' ? (
          <ErrorState
            title={t('catalog.error')}
            error={newest.error}
            onRetry={() => void newest.refetch()}
          />
        ) : !newest.data ? (
          <ProductGridSkeleton count={4} />
        ) : newest.data.items.length === 0 ? (
          <EmptyState title={t('catalog.emptyTitle')} />
        ) : (
          <ul className="product-grid">
            {newest.data.items.map((product) => (
              <li key={product.id}>
                <ProductCard product={product} categoryName={names.get(product.categoryId)} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
