import { render, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Product } from '@souk/contracts';
import { AppProviders } from '../app/providers.js';
import { createServices } from '../api/services.js';
import { RequireAdmin } from '../auth/guards.js';
import { REFRESH_TOKEN_KEY } from '../auth/session.js';
import { fakeFetch, json, problem, tokens } from './fake-fetch.js';
import { renderApp } from './render.js';

const CATEGORY = {
  id: '3f2b8c1e-5d4a-4b7e-9c1d-2a3b4c5d6e7f',
  name: 'Beauty & Hammam',
  description: '',
  productCount: 2,
};

function product(overrides: Partial<Product> = {}): Product {
  return {
    id: '11111111-2222-4333-8444-555555555555',
    name: 'Pure Argan Oil 100 ml',
    description: 'Cold-pressed.',
    price: 14_900,
    currency: 'MAD',
    stock: 3,
    categoryId: CATEGORY.id,
    imageUrl: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

const page = (items: Product[], total = items.length) =>
  json({ items, page: 1, pageSize: 12, total });

describe('catalog screen', () => {
  it('when products are loading, then skeletons show; when they arrive, the cards show name, price and stock', async () => {
    let release: (response: Response) => void = () => {};
    const { fetch } = fakeFetch({
      'GET /api/categories': () => json([CATEGORY]),
      'GET /api/products': () => new Promise((resolve) => (release = resolve)),
    });
    const { container } = renderApp('/catalog?q=argan', { fetch });
    await waitFor(() =>
      expect(container.querySelector('[aria-busy="true"] .skeleton')).not.toBeNull(),
    );
    release(
      page([
        product(),
        product({ id: '11111111-2222-4333-8444-666666666666', name: 'Argan Soap', stock: 0 }),
      ]),
    );
    expect(await screen.findByText('Pure Argan Oil 100 ml')).toBeInTheDocument();
    expect(screen.getByText('Plus que 3 en stock')).toBeInTheDocument();
    expect(screen.getByText('Épuisé')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Résultats pour « argan »');
  });

  it('when nothing matches, then the empty state offers to clear the filters', async () => {
    const { fetch } = fakeFetch({
      'GET /api/categories': () => json([CATEGORY]),
      'GET /api/products': () => page([]),
    });
    renderApp('/catalog?q=zzz&stock=1', { fetch });
    expect(await screen.findByText('Aucun produit ne correspond')).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Effacer les filtres' }).length).toBeGreaterThan(
      0,
    );
  });

  it('when the catalog is unavailable, then the error state says so in French and a retry works', async () => {
    let calls = 0;
    const { fetch } = fakeFetch({
      'GET /api/categories': () => json([CATEGORY]),
      'GET /api/products': () =>
        ++calls === 1
          ? problem(503, 'unavailable', 'product service unavailable')
          : page([product()]),
    });
    renderApp('/catalog', { fetch });
    expect(
      await screen.findByText(
        'Le service est momentanément indisponible. Réessayez dans un instant.',
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Réessayer' }));
    expect(await screen.findByText('Pure Argan Oil 100 ml')).toBeInTheDocument();
  });

  it('when a filter is chosen, then it goes into the URL and reaches the product service', async () => {
    const { fetch, calls } = fakeFetch({
      'GET /api/categories': () => json([CATEGORY]),
      'GET /api/products': () => page([product()]),
    });
    const { router } = renderApp('/catalog?page=2', { fetch });
    await screen.findByText('Pure Argan Oil 100 ml');
    await userEvent.click(screen.getByLabelText('En stock uniquement'));
    await waitFor(() => expect(router.state.location.search).toBe('?stock=1'));
    await waitFor(() => expect(calls.at(-1)?.url.searchParams.get('inStock')).toBe('true'));
  });

  it('when the language is English, then the same screen reads in English with English money', async () => {
    const { fetch } = fakeFetch({
      'GET /api/categories': () => json([CATEGORY]),
      'GET /api/products': () => page([product({ stock: 20 })]),
    });
    renderApp('/catalog', { fetch, locale: 'en' });
    expect(await screen.findByText('In stock')).toBeInTheDocument();
    expect(screen.getByText(/MAD\s149\.00/)).toBeInTheDocument();
  });
});

describe('cart, orders and guards', () => {
  it('when a visitor opens an empty cart, then the empty state invites to browse', async () => {
    const { fetch } = fakeFetch({});
    renderApp('/cart', { fetch });
    expect(await screen.findByText('Votre panier est vide')).toBeInTheDocument();
  });

  it('when a visitor adds a product, then the header count and the cart page show it with its price', async () => {
    const { fetch } = fakeFetch({
      'GET /api/categories': () => json([CATEGORY]),
      'GET /api/products/11111111-2222-4333-8444-555555555555': () => json(product()),
      'GET /api/products': () => page([product()]),
    });
    const { router } = renderApp('/products/11111111-2222-4333-8444-555555555555', { fetch });
    await userEvent.click(await screen.findByTestId('add-to-cart'));
    await waitFor(() => expect(screen.getByTestId('cart-count')).toHaveTextContent('1'));
    expect(JSON.parse(localStorage.getItem('souk.guestCart')!)).toEqual([
      { productId: '11111111-2222-4333-8444-555555555555', quantity: 1 },
    ]);
    await router.navigate('/cart');
    const line = await screen.findByTestId('cart-line');
    expect(within(line).getByText('Pure Argan Oil 100 ml')).toBeInTheDocument();
    expect(screen.getByTestId('cart-total').textContent?.replace(/\s/g, ' ')).toMatch(/149,00 MAD/);
  });

  it('when a visitor opens checkout, then they are sent to login with the way back', async () => {
    const { fetch } = fakeFetch({});
    const { router } = renderApp('/checkout', { fetch });
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(router.state.location.search).toBe('?next=%2Fcheckout&reason=checkout');
    expect(
      await screen.findByText('Connectez-vous pour finaliser votre commande.'),
    ).toBeInTheDocument();
  });

  it('when a signed-in client reaches an ADMIN-only route, then they are sent home; a visitor goes to login', async () => {
    localStorage.setItem(REFRESH_TOKEN_KEY, 'r1');
    const { fetch } = fakeFetch({
      'POST /api/auth/refresh': () => json(tokens('a1', 'r2')),
      'GET /api/cart': () => json({ items: [], total: 0, currency: 'MAD' }),
    });
    const services = createServices({ fetch, storage: localStorage });
    const guarded = (initial: string) =>
      createMemoryRouter(
        [
          { path: '/', element: <p>home</p> },
          { path: '/login', element: <p>login</p> },
          {
            path: '/secret',
            element: (
              <RequireAdmin>
                <p>secret</p>
              </RequireAdmin>
            ),
          },
        ],
        { initialEntries: [initial] },
      );
    const router = guarded('/secret');
    render(
      <AppProviders services={services} locale="fr">
        <RouterProvider router={router} />
      </AppProviders>,
    );
    await services.session.restore();
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    expect(screen.queryByText('secret')).toBeNull();

    await services.session.logout().catch(() => undefined);
    const visitor = guarded('/secret');
    render(
      <AppProviders services={services} locale="fr">
        <RouterProvider router={visitor} />
      </AppProviders>,
    );
    await waitFor(() => expect(visitor.state.location.pathname).toBe('/login'));
  });

  it('when my orders fail to load, then the error state shows; when there are none, the empty state shows', async () => {
    localStorage.setItem(REFRESH_TOKEN_KEY, 'r1');
    let fail = true;
    const { fetch } = fakeFetch({
      'POST /api/auth/refresh': () => json(tokens('a1', 'r2')),
      'GET /api/cart': () => json({ items: [], total: 0, currency: 'MAD' }),
      'GET /api/orders': () =>
        fail
          ? problem(500, 'internal', 'Internal error')
          : json({ items: [], page: 1, pageSize: 10, total: 0 }),
    });
    const { services } = renderApp('/orders', { fetch });
    void services.session.restore();
    expect(await screen.findByText('Impossible de charger vos commandes.')).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Réessayer' }));
    expect(await screen.findByText('Aucune commande pour l’instant')).toBeInTheDocument();
  });

  it('when login is throttled, then the Retry-After seconds are shown', async () => {
    const { fetch } = fakeFetch({
      'POST /api/auth/login': () =>
        problem(429, 'rate_limited', 'Too many login attempts; try again later', {
          'retry-after': '37',
        }),
    });
    renderApp('/login', { fetch });
    await userEvent.type(await screen.findByLabelText('E-mail'), 'amina@example.com');
    await userEvent.type(screen.getByLabelText('Mot de passe'), 'wrong-password');
    await userEvent.click(screen.getByRole('button', { name: 'Se connecter' }));
    // It counts down from the Retry-After seconds: on a busy machine a second may pass first.
    expect(await screen.findByTestId('login-throttled')).toHaveTextContent(
      /Réessayez dans 3[5-7] s/,
    );
  });
});
