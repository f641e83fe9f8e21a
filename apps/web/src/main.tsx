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
