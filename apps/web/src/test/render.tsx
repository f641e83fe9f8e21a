import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AppProviders } from '../app/providers.js';
import { routes } from '../app/router.js';
import { createServices } from '../api/services.js';
import type { Locale } from '../i18n/format.js';

/** Renders the whole app at `path` with a fake fetch, as the browser would show it. */
export function renderApp(
  path: string,
  options: { fetch: typeof fetch; locale?: Locale; storage?: Storage },
) {
  const services = createServices({
    fetch: options.fetch,
    storage: options.storage ?? localStorage,
  });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const view = render(
    <AppProviders services={services} locale={options.locale ?? 'fr'}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...view, router, services };
}
