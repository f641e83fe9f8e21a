import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AdminNotFound } from '../admin/admin-app.js';
import { CategoriesPage } from '../admin/categories/categories-page.js';
import { fakeApi, renderAdmin } from '../admin/test/admin-harness.js';
import { fakeFetch, json } from './fake-fetch.js';
import { renderApp } from './render.js';

const PRODUCT = {
  id: '11111111-2222-4333-8444-555555555555',
  name: 'Pure Argan Oil 100 ml',
  description: 'Cold-pressed.',
  price: 14_900,
  currency: 'MAD',
  stock: 3,
  categoryId: '3f2b8c1e-5d4a-4b7e-9c1d-2a3b4c5d6e7f',
  imageUrl: null,
  createdAt: '2026-01-01T00:00:00.000Z',
};

function shop() {
  return fakeFetch({
    'GET /api/categories': () => json([]),
    'GET /api/products': () => json({ items: [PRODUCT], page: 1, pageSize: 12, total: 1 }),
    [`GET /api/products/${PRODUCT.id}`]: () => json(PRODUCT),
  });
}

const mainHeading = () => screen.getByRole('heading', { level: 1 });

describe('page titles and focus after a route change', () => {
  it('when the first page loads, then it is titled but focus stays where the browser put it', async () => {
    renderApp('/catalog', { fetch: shop().fetch });
    await waitFor(() => expect(document.title).toBe('Catalogue · Souk'));
    expect(await screen.findByText('Pure Argan Oil 100 ml')).toBeInTheDocument();
    expect(mainHeading()).not.toHaveFocus();
  });

  it('when the shopper goes to another page, then the title names it and its h1 has focus', async () => {
    const { router } = renderApp('/', { fetch: shop().fetch });
    await waitFor(() => expect(document.title).toBe('Accueil · Souk'));

    await act(() => router.navigate('/catalog'));
    await waitFor(() => expect(document.title).toBe('Catalogue · Souk'));
    expect(mainHeading()).toHaveTextContent('Catalogue');
    expect(mainHeading()).toHaveFocus();
  });

  it('when the new page shows its heading only once its data arrives, then focus waits for it and the title is the product, in English', async () => {
    const { router } = renderApp('/catalog', { fetch: shop().fetch, locale: 'en' });
    await waitFor(() => expect(document.title).toBe('Catalogue · Souk'));

    await act(() => router.navigate(`/products/${PRODUCT.id}`));
    await waitFor(() => expect(document.title).toBe('Pure Argan Oil 100 ml · Souk'));
    await waitFor(() => expect(mainHeading()).toHaveFocus());
    expect(mainHeading()).toHaveTextContent('Pure Argan Oil 100 ml');
  });

  it('when only the query string changes (a filter), then focus is left alone', async () => {
    const { router } = renderApp('/', { fetch: shop().fetch });
    await act(() => router.navigate('/catalog'));
    await waitFor(() => expect(mainHeading()).toHaveFocus());
    const search = screen.getByRole('searchbox', { name: 'Rechercher un produit' });
    search.focus();

    await act(() => router.navigate('/catalog?q=argan'));
    await waitFor(() => expect(document.title).toBe('Résultats pour « argan » · Souk'));
    expect(search).toHaveFocus();
  });

  it('when a signed-out visitor opens an order, then the sign-in page it lands on is titled and its h1 focused', async () => {
    const { router } = renderApp('/', { fetch: shop().fetch });
    await act(() => router.navigate('/orders/abcdef12-0000-4000-8000-000000000000'));
    // Not signed in: the guard sends the visitor to the sign-in page, which has its own title.
    await waitFor(() => expect(document.title).toBe('Connexion · Souk'));
    await waitFor(() => expect(mainHeading()).toHaveFocus());
  });
});

describe('not-found pages', () => {
  it('when the URL matches no page, then the page has an h1 and says so in the title', async () => {
    renderApp('/no-such-page', { fetch: shop().fetch });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Page introuvable' }),
    ).toHaveAttribute('tabindex', '-1');
    expect(document.title).toBe('Page introuvable · Souk');
  });

  it('when a dashboard URL matches no page, then it has an h1 and an English title', async () => {
    renderAdmin(<AdminNotFound />, {
      url: '/admin/nope',
      path: '/admin/*',
      fetch: fakeApi({}).fetch,
    });
    expect(await screen.findByRole('heading', { level: 1 })).toHaveTextContent('Not found');
    expect(document.title).toBe('Not found: it may have been deleted. · Admin · Souk');
  });
});

describe('dashboard titles', () => {
  it('when a dashboard page shows, then the title names the page and the dashboard', async () => {
    renderAdmin(<CategoriesPage />, {
      url: '/admin/categories',
      path: '/admin/categories',
      fetch: fakeApi({ 'GET /api/categories': { body: [] } }).fetch,
    });
    expect(await screen.findByRole('heading', { level: 1 })).toHaveTextContent('Categories');
    expect(document.title).toBe('Categories · Admin · Souk');
  });
});
