import '@fontsource-variable/fraunces/index.css';
import './styles/tokens.css';
import './styles/base.css';
import './styles/components.css';
import './styles/layout.css';
import './styles/pages.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { AppProviders } from './app/providers.js';
import { createAppRouter } from './app/router.js';
import { createServices } from './api/services.js';
import { applyTheme, storedTheme } from './theme/theme.js';

// A chosen theme is set before the first render, so the page never shows the other one first.
// (An inline script in index.html would do it earlier, but the Content-Security-Policy allows
// scripts from files only.) Without a choice, tokens.css follows the system setting by itself.
applyTheme(storedTheme());

const services = createServices();
// A stored refresh token signs the shopper in again before the first protected call.
void services.session.restore();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProviders services={services}>
      <RouterProvider router={createAppRouter()} />
    </AppProviders>
  </StrictMode>,
);
