import { useRouteError } from 'react-router';
import { ButtonLink } from '../ui/button.js';
import { EmptyState, ErrorState } from '../ui/feedback.js';
import { useAdminPageTitle } from './ui/admin-ui.js';
import { useAdminI18n } from './i18n/admin-i18n.js';

// Everything the dashboard shows, in one module that the router loads on the first visit to
// /admin (a separate chunk: shoppers never download it).
export { AdminLayout } from './admin-layout.js';
export { OverviewPage } from './overview/overview-page.js';
export { OrdersPage } from './orders/orders-page.js';
export { OrderPage } from './orders/order-page.js';
export { ProductsPage } from './products/products-page.js';
export { ProductEditorPage } from './products/product-editor-page.js';
export { CategoriesPage } from './categories/categories-page.js';
export { ClientsPage } from './clients/clients-page.js';
export { ClientPage } from './clients/client-page.js';
export { AdminNotificationsPage } from './notifications/admin-notifications-page.js';
export { SystemPage } from './system/system-page.js';

export function AdminNotFound() {
  const { t } = useAdminI18n();
  useAdminPageTitle(t('common.notFound'));
  return (
    <div className="adm-page">
      <EmptyState
        pageHeading
        title={t('common.notFound')}
        action={<ButtonLink to="/admin">{t('nav.overview')}</ButtonLink>}
      />
    </div>
  );
}

/** A screen that throws keeps the dashboard's frame and navigation around the message. */
export function AdminRouteError() {
  const error = useRouteError();
  const { t } = useAdminI18n();
  return (
    <div className="adm-page">
      <ErrorState
        title={t('common.loadError')}
        error={error}
        onRetry={() => window.location.reload()}
      />
    </div>
  );
}
