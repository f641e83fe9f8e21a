import { Link } from 'react-router';
import { useI18n } from '../../i18n/i18n.js';
import { Logo } from '../../ui/icons.js';

export function Footer() {
  const { t } = useI18n();
  return (
    <footer className="site-footer">
      <div className="zellige-band" aria-hidden="true" />
      <div className="container site-footer__inner">
        <div className="site-footer__brand">
          <div className="row">
            <Logo size={28} />
            <strong className="brand__name">{t('app.name')}</strong>
          </div>
          <p className="small">{t('footer.about')}</p>
        </div>
        <nav aria-label={t('footer.shop')}>
          <h2 className="site-footer__title">{t('footer.shop')}</h2>
          <ul className="site-footer__links">
            <li>
              <Link to="/catalog">{t('nav.catalog')}</Link>
            </li>
            <li>
              <Link to="/cart">{t('nav.cart')}</Link>
            </li>
            <li>
              <Link to="/orders">{t('nav.orders')}</Link>
            </li>
            <li>
              <Link to="/account">{t('nav.account')}</Link>
            </li>
          </ul>
        </nav>
        <div>
          <h2 className="site-footer__title">{t('footer.help')}</h2>
          <p className="small">{t('footer.testCards')}</p>
        </div>
      </div>
      <div className="container site-footer__bottom small">
        {t('footer.rights', { year: new Date().getFullYear() })}
      </div>
    </footer>
  );
}
