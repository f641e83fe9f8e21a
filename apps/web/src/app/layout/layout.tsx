import { Outlet, ScrollRestoration } from 'react-router';
import { useI18n } from '../../i18n/i18n.js';
import { Footer } from './footer.js';
import { Header } from './header.js';

/** The storefront frame: skip link, header, the page, footer. */
export function Layout() {
  const { t } = useI18n();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Header />
      <main id="main" tabIndex={-1} className="site-main">
        <Outlet />
      </main>
      <Footer />
      <ScrollRestoration />
    </>
  );
}
