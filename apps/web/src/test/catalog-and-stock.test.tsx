import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Product } from '@souk/contracts';
import { fakeFetch, json } from './fake-fetch.js';
import { renderApp } from './render.js';

// What a shopper meets at the edges of the catalogue and of the stock (issue 10, item 6).

const PRODUCT: Product = {
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

/** The catalogue's routes, with the product service answering `total` products but no item. */
function emptyPage(total: number) {
  return fakeFetch({
    'GET /api/categories': () => json([]),
    'GET /api/products': ({ url }) =>
      json({ items: [], page: Number(url.searchParams.get('page')), pageSize: 12, total }),
  });
}

describe('catalogue page past the last one', () => {
  it('when page 99 is opened without filters, then it says the page does not exist and links to the first page', async () => {
    const { fetch } = emptyPage(5);
    const { router } = renderApp('/catalog?page=99', { fetch });

    expect(await screen.findByText('Cette page n’existe pas')).toBeInTheDocument();
    expect(screen.queryByText('Aucun produit ne correspond')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Effacer les filtres' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('link', { name: 'Aller à la première page' }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
  });

  it('when page 99 is opened with filters that match a few products, then the first page link keeps the filters', async () => {
    const { fetch } = emptyPage(5);
    renderApp('/catalog?q=tea&page=99', { fetch, locale: 'en' });

    expect(await screen.findByText('This page does not exist')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to the first page' })).toHaveAttribute(
      'href',
      '/catalog?q=tea',
    );
  });

  it('when a later page is opened with filters that match nothing, then it still offers to clear the filters', async () => {
    const { fetch } = emptyPage(0);
    renderApp('/catalog?q=zzz&page=2', { fetch });

    expect(await screen.findByText('Aucun produit ne correspond')).toBeInTheDocument();
    expect(screen.queryByText('Cette page n’existe pas')).not.toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Effacer les filtres' }).length).toBeGreaterThan(
      0,
    );
  });
});

describe('catalogue price filter that is not a price', () => {
  it('when the URL holds min=abc, then the field says so in French and no minimum price is sent', async () => {
    const { fetch, calls } = fakeFetch({
      'GET /api/categories': () => json([]),
      'GET /api/products': () => json({ items: [PRODUCT], page: 1, pageSize: 12, total: 1 }),
    });
    renderApp('/catalog?min=abc&max=200', { fetch });

    const min = await screen.findByLabelText('Prix min (MAD)');
    expect(min).toHaveValue('abc');
    expect(min).toHaveAttribute('aria-invalid', 'true');
    expect(min).toHaveAccessibleDescription('Saisissez un prix comme 120 ou 99,50.');
    await screen.findByText('Pure Argan Oil 100 ml');
    const sent = calls.filter((call) => call.path === '/api/products').at(-1)!;
    expect(sent.url.searchParams.has('minPrice')).toBe(false);
    expect(sent.url.searchParams.get('maxPrice')).toBe('20000');
  });

  it('when abc is typed as the maximum, then the field says so in English and Apply cannot send it', async () => {
    const { fetch } = fakeFetch({
      'GET /api/categories': () => json([]),
      'GET /api/products': () => json({ items: [PRODUCT], page: 1, pageSize: 12, total: 1 }),
    });
    const { router } = renderApp('/catalog', { fetch, locale: 'en' });

    const max = await screen.findByLabelText('Max price (MAD)');
    await userEvent.type(max, 'abc');
    expect(max).toHaveAccessibleDescription('Enter a price such as 120 or 99.50.');
    const apply = screen.getByRole('button', { name: 'Apply' });
    expect(apply).toBeDisabled();
    await userEvent.type(max, '{Enter}');
    expect(router.state.location.search).toBe('');

    await userEvent.clear(max);
    await userEvent.type(max, '150');
    expect(max).not.toHaveAttribute('aria-invalid');
    await userEvent.click(apply);
    await waitFor(() => expect(router.state.location.search).toBe('?max=150'));
  });
});

describe('quantity above the stock', () => {
  it('when more than the stock is typed on the product page, then the quantity stops at the stock and says only 3 are available', async () => {
    const { fetch } = fakeFetch({
      'GET /api/categories': () => json([]),
      [`GET /api/products/${PRODUCT.id}`]: () => json(PRODUCT),
    });
    renderApp(`/products/${PRODUCT.id}`, { fetch });

    const quantity = await screen.findByRole('spinbutton', { name: 'Quantité' });
    expect(screen.queryByText('Seulement 3 disponibles')).not.toBeInTheDocument();
    fireEvent.change(quantity, { target: { value: '12' } });
    expect(quantity).toHaveValue(3);
    expect(screen.getByText('Seulement 3 disponibles')).toHaveAttribute('role', 'status');
    expect(quantity).toHaveAccessibleDescription('Seulement 3 disponibles');

    fireEvent.change(quantity, { target: { value: '2' } });
    expect(screen.queryByText('Seulement 3 disponibles')).not.toBeInTheDocument();
  });

  it('when more than the stock is typed in the cart, then the line keeps the stock and says only 2 are available in English', async () => {
    localStorage.setItem(
      'souk.guestCart',
      JSON.stringify([{ productId: PRODUCT.id, quantity: 1 }]),
    );
    const { fetch } = fakeFetch({
      'GET /api/products': () =>
        json({ items: [{ ...PRODUCT, stock: 2 }], page: 1, pageSize: 100, total: 1 }),
    });
    renderApp('/cart', { fetch, locale: 'en' });

    const line = await screen.findByTestId('cart-line');
    fireEvent.change(within(line).getByRole('spinbutton'), { target: { value: '7' } });
    expect(await within(line).findByText('Only 2 available')).toBeInTheDocument();
    await waitFor(() =>
      expect(JSON.parse(localStorage.getItem('souk.guestCart')!)).toEqual([
        { productId: PRODUCT.id, quantity: 2 },
      ]),
    );
  });
});
