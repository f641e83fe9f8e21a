import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Product } from '@souk/contracts';
import { fakeApi, renderAdmin } from '../test/admin-harness.js';
import { ProductsPage } from './products-page.js';
import {
  parseProductsQuery,
  productsSearchParams,
  toProductApiQuery,
  updateProductsQuery,
} from './products-query.js';

const TEA = '11111111-1111-4111-8111-111111111111';
const RUGS = '22222222-2222-4222-8222-222222222222';

function product(index: number, overrides: Partial<Product> = {}): Product {
  return {
    id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    name: `Product ${index}`,
    description: '',
    price: 1000 * index,
    currency: 'MAD',
    stock: index,
    categoryId: TEA,
    imageUrl: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

function catalog(total = 45) {
  return fakeApi({
    'GET /api/products': (call) => {
      const page = Number(call.query.get('page') ?? 1);
      return {
        body: {
          items: [product(page * 10 + 1), product(page * 10 + 2)],
          page,
          pageSize: 20,
          total,
        },
      };
    },
    'GET /api/categories': {
      body: [
        { id: TEA, name: 'Tea', description: '', productCount: 30 },
        { id: RUGS, name: 'Rugs', description: '', productCount: 15 },
      ],
    },
  });
}

const productCalls = (api: ReturnType<typeof fakeApi>) =>
  api.calls.filter((call) => call.method === 'GET' && call.path === '/api/products');

describe('products table state in the URL', () => {
  it('when the page is opened from a shared URL, then the search, category, stock filter, sort and page reach the product service', async () => {
    const api = catalog();
    renderAdmin(<ProductsPage />, {
      url: `/admin/products?q=tajine&category=${TEA}&stock=out&sort=price_desc&page=2`,
      path: '/admin/products',
      fetch: api.fetch,
    });

    await screen.findByText('Product 21');
    const query = productCalls(api).at(-1)!.query;
    expect(Object.fromEntries(query)).toEqual({
      q: 'tajine',
      categoryId: TEA,
      inStock: 'false',
      sort: 'price_desc',
      page: '2',
      pageSize: '20',
    });
    expect(screen.getByLabelText('Search for a product')).toHaveValue('tajine');
    expect(screen.getByLabelText('Category')).toHaveValue(TEA);
    expect(screen.getByLabelText('Stock')).toHaveValue('out');
    expect(screen.getByLabelText('Sort by')).toHaveValue('price_desc');
    expect(screen.getByRole('button', { name: 'Page 2' })).toHaveAttribute('aria-current', 'page');
  });

  it('when a filter changes, then the URL holds it and the list goes back to page 1; when a page is chosen, the filters stay', async () => {
    const api = catalog();
    const { router } = renderAdmin(<ProductsPage />, {
      url: '/admin/products?q=tea&page=3',
      path: '/admin/products',
      fetch: api.fetch,
    });
    await screen.findByText('Product 31');

    fireEvent.change(screen.getByLabelText('Category'), { target: { value: RUGS } });
    await waitFor(() => expect(router.state.location.search).toBe(`?q=tea&category=${RUGS}`));
    await waitFor(() => expect(productCalls(api).at(-1)!.query.get('categoryId')).toBe(RUGS));
    expect(productCalls(api).at(-1)!.query.get('page')).toBe('1');

    fireEvent.change(screen.getByLabelText('Sort by'), { target: { value: 'name' } });
    await waitFor(() =>
      expect(router.state.location.search).toBe(`?q=tea&category=${RUGS}&sort=name`),
    );

    const pages = await screen.findByRole('navigation', { name: 'Pagination' });
    fireEvent.click(within(pages).getByRole('button', { name: 'Page 3' }));
    await waitFor(() =>
      expect(router.state.location.search).toBe(`?q=tea&category=${RUGS}&sort=name&page=3`),
    );
    await waitFor(() => expect(productCalls(api).at(-1)!.query.get('page')).toBe('3'));
  });

  it('when the search is typed and submitted, then it replaces the search in the URL and drops the page', async () => {
    const api = catalog();
    const { router } = renderAdmin(<ProductsPage />, {
      url: '/admin/products?page=2&stock=in',
      path: '/admin/products',
      fetch: api.fetch,
    });
    await screen.findByText('Product 21');
    const search = screen.getByLabelText('Search for a product');
    fireEvent.change(search, { target: { value: '  argan oil ' } });
    fireEvent.submit(search.closest('form')!);
    await waitFor(() => expect(router.state.location.search).toBe('?q=argan+oil&stock=in'));
    await waitFor(() => expect(productCalls(api).at(-1)!.query.get('q')).toBe('argan oil'));
  });

  it('when the URL holds nonsense (an unknown sort, a bad id, page 0), then the defaults are used', () => {
    const query = parseProductsQuery(
      new URLSearchParams('sort=cheapest&category=42&stock=maybe&page=0'),
    );
    expect(query).toEqual({ q: '', category: undefined, stock: 'all', sort: undefined, page: 1 });
    expect(productsSearchParams(query).toString()).toBe('');
    // Relevance means nothing without words to search.
    expect(parseProductsQuery(new URLSearchParams('sort=relevance')).sort).toBeUndefined();
    expect(
      updateProductsQuery(parseProductsQuery(new URLSearchParams('q=tea&sort=relevance&page=4')), {
        q: '',
      }),
    ).toMatchObject({ q: '', sort: undefined, page: 1 });
    expect(toProductApiQuery(parseProductsQuery(new URLSearchParams('stock=in')))).toMatchObject({
      inStock: true,
      page: 1,
      pageSize: 20,
    });
  });
});
