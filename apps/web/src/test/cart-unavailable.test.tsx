import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Cart, Product } from '@souk/contracts';
import { REFRESH_TOKEN_KEY } from '../auth/session.js';
import { fakeFetch, json, problem, tokens } from './fake-fetch.js';
import { renderApp } from './render.js';

const PRODUCT_ID = '11111111-2222-4333-8444-555555555555';

const product: Product = {
  id: PRODUCT_ID,
  name: 'Pure Argan Oil 100 ml',
  description: 'Cold-pressed.',
  price: 14_900,
  currency: 'MAD',
  stock: 3,
  categoryId: '3f2b8c1e-5d4a-4b7e-9c1d-2a3b4c5d6e7f',
  imageUrl: null,
  createdAt: '2026-01-01T00:00:00.000Z',
};

const serverCart: Cart = {
  items: [
    {
      productId: PRODUCT_ID,
      name: product.name,
      unitPrice: product.price,
      currency: 'MAD',
      quantity: 1,
      lineTotal: product.price,
      stock: 3,
      available: true,
    },
  ],
  total: product.price,
  currency: 'MAD',
};

const catalogPage = () => json({ items: [product], page: 1, pageSize: 100, total: 1 });

/** What the browser's fetch does when the API cannot be reached. */
const unreachable = () => Promise.reject(new TypeError('Failed to fetch'));

describe('a cart the API cannot answer for', () => {
  it('when a visitor’s cart cannot be read, then the page says so with the count and a retry, never "empty", and the stored lines stay; the retry shows them', async () => {
    const stored = JSON.stringify([{ productId: PRODUCT_ID, quantity: 2 }]);
    localStorage.setItem('souk.guestCart', stored);
    let apiDown = true;
    const { fetch } = fakeFetch({
      'GET /api/products': () => (apiDown ? unreachable() : catalogPage()),
    });
    renderApp('/cart', { fetch });

    expect(await screen.findByText('Impossible de charger le panier.')).toBeInTheDocument();
    expect(screen.getByTestId('cart-kept')).toHaveTextContent(
      'Votre panier contient 2 articles : ils sont gardés dans ce navigateur.',
    );
    expect(screen.queryByText('Votre panier est vide')).toBeNull();
    expect(screen.getByTestId('cart-count')).toHaveTextContent('2');
    expect(localStorage.getItem('souk.guestCart')).toBe(stored);

    apiDown = false;
    await userEvent.click(screen.getByRole('button', { name: 'Réessayer' }));
    const line = await screen.findByTestId('cart-line');
    expect(within(line).getByText('Pure Argan Oil 100 ml')).toBeInTheDocument();
    expect(localStorage.getItem('souk.guestCart')).toBe(stored);
  });

  it('when a signed-in client’s cart cannot be read, then the cart page and checkout say so with a retry, neither "empty" nor loading for ever', async () => {
    localStorage.setItem(REFRESH_TOKEN_KEY, 'r1');
    let cartDown = true;
    const { fetch } = fakeFetch({
      'POST /api/auth/refresh': () => json(tokens('a1', 'r2')),
      'GET /api/cart': () =>
        cartDown ? problem(503, 'service_unavailable', 'Unavailable') : json(serverCart),
      'GET /api/products': catalogPage,
    });
    const { router, services } = renderApp('/cart', { fetch });
    await services.session.restore();

    expect(await screen.findByText('Impossible de charger le panier.')).toBeInTheDocument();
    expect(screen.queryByText('Votre panier est vide')).toBeNull();

    await router.navigate('/checkout');
    // The checkout's own heading first: until it shows, the cart page's message (and its retry
    // button, about to be removed) may still be on screen.
    await screen.findByRole('heading', { level: 1, name: 'Commande' });
    expect(await screen.findByText('Impossible de charger le panier.')).toBeInTheDocument();
    expect(screen.queryByText('Votre panier est vide')).toBeNull();

    cartDown = false;
    await userEvent.click(screen.getByRole('button', { name: 'Réessayer' }));
    expect(await screen.findByTestId('place-order')).toBeInTheDocument();
  });

  it('when a product is added from its page, then the badge counts it and no toast repeats it', async () => {
    const { fetch } = fakeFetch({
      'GET /api/categories': () => json([]),
      [`GET /api/products/${PRODUCT_ID}`]: () => json(product),
      'GET /api/products': catalogPage,
    });
    renderApp(`/products/${PRODUCT_ID}`, { fetch });
    await userEvent.click(await screen.findByTestId('add-to-cart'));
    await waitFor(() => expect(screen.getByTestId('cart-count')).toHaveTextContent('1'));
    expect(await screen.findByText('Déjà 1 dans votre panier')).toBeInTheDocument();
    expect(screen.queryAllByTestId('toast')).toHaveLength(0);
  });
});
