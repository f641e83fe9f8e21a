import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderAdmin } from '../test/admin-harness.js';
import { CategoriesPage } from './categories-page.js';

const TEA = '11111111-1111-4111-8111-111111111111';
const EMPTY = '22222222-2222-4222-8222-222222222222';

function api() {
  return fakeApi({
    'GET /api/categories': {
      body: [
        { id: TEA, name: 'Tea', description: 'Green and mint', productCount: 1 },
        { id: EMPTY, name: 'Lamps', description: '', productCount: 0 },
      ],
    },
    // Products were added since the list was loaded: the service's count is the one to trust.
    [`DELETE /api/categories/${TEA}`]: {
      status: 409,
      problem: {
        code: 'conflict',
        detail: 'Category "Tea" still has 3 products; move or delete them first',
        productCount: 3,
      },
    },
    [`DELETE /api/categories/${EMPTY}`]: { status: 204 },
  });
}

async function deleteCategory(name: string) {
  const table = await screen.findByTestId('categories-table');
  fireEvent.click(within(table).getByRole('button', { name: `Delete ${name}` }));
  const dialog = await screen.findByRole('dialog', { name: `Delete “${name}”?` });
  fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
  return dialog;
}

describe('deleting a category', () => {
  it('when products remain (409), then the dialog explains it with the count from the service and links to those products', async () => {
    const fake = api();
    renderAdmin(<CategoriesPage />, {
      url: '/admin/categories',
      path: '/admin/categories',
      fetch: fake.fetch,
    });
    const dialog = await deleteCategory('Tea');

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent(
      '“Tea” cannot be deleted: it still holds 3 products. Move them to another category or delete them, then try again.',
    );
    expect(within(alert).getByRole('link', { name: 'See its products' })).toHaveAttribute(
      'href',
      `/admin/products?category=${TEA}`,
    );
    // Trying again cannot work until the products move: the button says so by being disabled.
    expect(within(dialog).getByRole('button', { name: 'Delete' })).toBeDisabled();
  });

  it('when the shop speaks French, then the same 409 is explained in French with the singular', async () => {
    const fake = fakeApi({
      'GET /api/categories': { body: [{ id: TEA, name: 'Thé', description: '', productCount: 1 }] },
      [`DELETE /api/categories/${TEA}`]: {
        status: 409,
        problem: { code: 'conflict', detail: 'still has 1 product', productCount: 1 },
      },
    });
    renderAdmin(<CategoriesPage />, {
      url: '/admin/categories',
      path: '/admin/categories',
      fetch: fake.fetch,
      locale: 'fr',
    });
    const table = await screen.findByTestId('categories-table');
    fireEvent.click(within(table).getByRole('button', { name: 'Supprimer Thé' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Supprimer' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Impossible de supprimer « Thé » : elle contient encore 1 produit.',
    );
  });

  it('when the category is empty, then it is deleted, the dialog closes and the list is loaded again', async () => {
    const fake = api();
    renderAdmin(<CategoriesPage />, {
      url: '/admin/categories',
      path: '/admin/categories',
      fetch: fake.fetch,
    });
    await deleteCategory('Lamps');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(
      fake.calls.filter((call) => call.method === 'GET' && call.path === '/api/categories'),
    ).toHaveLength(2);
    expect(await screen.findByText('Category “Lamps” deleted.')).toBeInTheDocument();
  });
});
