import type { ReactNode } from 'react';
import { CartProvider } from '../cart-store/cart-context.js';
import { I18nProvider, type Locale } from '../i18n/i18n.js';
import { NotificationsProvider } from '../live/notifications-context.js';
import { ToastProvider } from '../ui/toast.js';
import { ServicesProvider, type Services } from '../api/services.js';

/** Everything a screen may use, in dependency order. Tests wrap screens in the same providers. */
export function AppProviders({
  services,
  children,
  locale,
}: {
  services: Services;
  children: ReactNode;
  locale?: Locale;
}) {
  return (
    <I18nProvider initialLocale={locale}>
      <ServicesProvider services={services}>
        <ToastProvider>
          <NotificationsProvider>
            <CartProvider>{children}</CartProvider>
          </NotificationsProvider>
        </ToastProvider>
      </ServicesProvider>
    </I18nProvider>
  );
}
