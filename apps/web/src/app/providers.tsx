import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useRef, type ReactNode } from 'react';
import { ServicesProvider, useSessionState, type Services } from '../api/services.js';
import { CartProvider } from '../cart-store/cart-context.js';
import { I18nProvider, type Locale } from '../i18n/i18n.js';
import { NotificationsProvider } from '../live/notifications-context.js';
import { ToastProvider } from '../ui/toast.js';

/** Another user (or nobody) signed in: what was cached for the previous one is dropped. */
function ResetCacheOnUserChange({ services }: { services: Services }) {
  const userId = useSessionState().user?.id;
  const previous = useRef(userId);
  useEffect(() => {
    if (previous.current === userId) return;
    previous.current = userId;
    void services.queryClient.resetQueries();
  }, [userId, services]);
  return null;
}

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
        <QueryClientProvider client={services.queryClient}>
          <ResetCacheOnUserChange services={services} />
          <ToastProvider>
            <NotificationsProvider>
              <CartProvider>{children}</CartProvider>
            </NotificationsProvider>
          </ToastProvider>
        </QueryClientProvider>
      </ServicesProvider>
    </I18nProvider>
  );
}
