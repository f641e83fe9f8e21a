import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Cart, Product } from '@souk/contracts';
import { REFRESH_TOKEN_KEY } from '../auth/session.js';
import type { Locale } from '../i18n/format.js';
import { fakeFetch, json, tokens, type Handler } from './fake-fetch.js';
import { renderApp } from './render.js';

// The order service's limits against stock hoarding (issue 8): the shopper is told, in their
// language, why a checkout or a quantity is refused.

const PRODUCT_ID = '11111111-2222-4333-8444-555555555555';
const product: Product = {
  id: PRODUCT_ID,
  name: 'Pure Argan Oil 100 ml',
  description: 'Cold-pressed.',
  price: 14_900,
  currency: 'MAD',
  stock: 40,
  categoryId: '3f2b8c1e-5d4a-4b7e-9c1d-2a3b4c5d6e7f',
  imageUrl: null,
  createdAt: '2026-01-01T00:00:00.000Z',
};
const cart = (quantity: number): Cart => ({
  items: [
    {
      productId: PRODUCT_ID,
      name: product.name,
      unitPrice: 14_900,
      currency: 'MAD',
      quantity,
      lineTotal: 14_900 * quantity,
      stock: 40,
      available: true,
    },
  ],
  total: 14_900 * quantity,
  currency: 'MAD',
});
const profile = {
  id: '7d9c7a1e-1111-4c8b-9a8f-000000000001',
  email: 'amina@example.com',
  firstName: 'Amina',
  lastName: 'Alaoui',
  addresses: [
    {
      id: '9d9c7a1e-1111-4c8b-9a8f-000000000009',
      fullName: 'Amina Alaoui',
      line1: '12 rue des Orangers',
      city: 'Rabat',
      postalCode: '10000',
      country: 'MA',
      isDefault: true,
    },
  ],
};

/** A problem+json reply with the extension members the order service adds. */
const problem = (
  status: number,
  code: string,
  detail: string,
  extensions: Record<string, unknown>,
) =>
  json(
    {
      type: `urn:souk:problem:${code}`,
      title: code,
      status,
      detail,
      instance: '/',
      code,
      ...extensions,
    },
    status,
    { 'content-type': 'application/problem+json' },
  );

// The words come from the app's dictionary, whatever the service's own detail says.
const unitsRefusal = (path = 'body.quantity') =>
  problem(400, 'validation_failed', `Invalid request: ${path} must be at most 10`, {
    errors: [{ path, message: 'must be at most 10' }],
    maxUnitsPerLine: 10,
  });

/** The app at `path` for a signed-in client whose cart holds `quantity` units of the product. */
async function signedIn(
  path: string,
  locale: Locale,
  quantity: number,
  routes: Record<string, Handler>,
) {
  localStorage.setItem(REFRESH_TOKEN_KEY, 'r1');
  const { fetch, calls } = fakeFetch({
    'POST /api/auth/refresh': () => json(tokens('a1', 'r2')),
    'GET /api/cart': () => json(cart(quantity)),
    'GET /api/products': () => json({ items: [product], page: 1, pageSize: 1, total: 1 }),
    [`GET /api/products/${PRODUCT_ID}`]: () => json(product),
    'GET /api/categories': () => json([]),
    'GET /api/clients/me': () => json(profile),
    ...routes,
  });
  const view = renderApp(path, { fetch, locale });
  await view.services.session.restore();
  return { ...view, calls };
}

describe('order limits shown to the shopper', () => {
  it('when a 4th unpaid order is refused at checkout, then the alert says so in French and leads to my orders', async () => {
    const refusal = () =>
      problem(
        409,
        'conflict',
        'You have 3 unpaid orders, the most one account may have at once: pay or cancel one of them before placing another',
        {
          unpaidOrders: 3,
          maxUnpaidOrders: 3,
        },
      );
    await signedIn('/checkout', 'fr', 1, { 'POST /api/orders': refusal });

    await userEvent.click(await screen.findByTestId('place-order'));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Vous avez déjà 3 commandes non payées, le maximum pour un compte. Payez ou annulez l’une d’elles avant d’en passer une nouvelle.',
    );
    expect(within(alert).getByRole('link', { name: 'Mes commandes' })).toHaveAttribute(
      'href',
      '/orders',
    );
  });

  it('when an order line over the limit is refused at checkout, then the alert says it in English', async () => {
    await signedIn('/checkout', 'en', 12, {
      'POST /api/orders': () => unitsRefusal('body.items.0.quantity'),
    });

    await userEvent.click(await screen.findByTestId('place-order'));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'At most 10 units of one product per order: lower the quantity.',
    );
  });

  it('when a quantity over the limit is chosen in the cart, then the refusal is shown in French', async () => {
    const { calls } = await signedIn('/cart', 'fr', 10, {
      [`PUT /api/cart/items/${PRODUCT_ID}`]: () => unitsRefusal(),
    });

    const line = await screen.findByTestId('cart-line');
    fireEvent.change(within(line).getByRole('spinbutton'), { target: { value: '11' } });
    expect(
      await screen.findByText(
        'La quantité n’a pas pu être modifiée : Au plus 10 unités d’un même produit par commande : réduisez la quantité.',
      ),
    ).toBeInTheDocument();
    expect(calls.find((call) => call.method === 'PUT')?.body).toEqual({ quantity: 11 });
  });

  it('when a quantity over the limit is added from the product page, then the refusal is shown in English', async () => {
    await signedIn(`/products/${PRODUCT_ID}`, 'en', 0, {
      [`PUT /api/cart/items/${PRODUCT_ID}`]: () => unitsRefusal(),
    });

    fireEvent.change(await screen.findByRole('spinbutton'), { target: { value: '12' } });
    await userEvent.click(screen.getByTestId('add-to-cart'));
    expect(
      await screen.findByText('At most 10 units of one product per order: lower the quantity.'),
    ).toBeInTheDocument();
  });
});
