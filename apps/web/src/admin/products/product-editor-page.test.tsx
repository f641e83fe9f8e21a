import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderAdmin } from '../test/admin-harness.js';
import { ProductEditorPage } from './product-editor-page.js';

const TEA = '11111111-1111-4111-8111-111111111111';
const CREATED = '33333333-3333-4333-8333-333333333333';

function api() {
  return fakeApi({
    'GET /api/categories': { body: [{ id: TEA, name: 'Tea', description: '', productCount: 3 }] },
    'POST /api/products': (call) => ({
      status: 201,
      body: {
        ...(call.body as object),
        id: CREATED,
        currency: 'MAD',
        imageUrl: null,
        createdAt: '2025-01-01T00:00:00.000Z',
      },
    }),
    'GET /api/products/:id': {
      body: {
        id: CREATED,
        name: 'Mint tea',
        description: '',
        price: 14990,
        currency: 'MAD',
        stock: 12,
        categoryId: TEA,
        imageUrl: null,
        createdAt: '2025-01-01T00:00:00.000Z',
      },
    },
  });
}

function fill(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label, { exact: false }), { target: { value } });
}

describe('product form', () => {
  it('when a price is typed in MAD with a decimal comma, then the product is created with the price in integer centimes', async () => {
    const fake = api();
    const { router } = renderAdmin(<ProductEditorPage />, {
      url: '/admin/products/new',
      path: '/admin/products/new',
      fetch: fake.fetch,
      extraRoutes: [{ path: '/admin/products/:id', element: <p>edit page</p> }],
    });
    await screen.findByRole('option', { name: 'Tea' });
    fill('Name', '  Mint tea ');
    fill('Price (MAD)', '1 149,90');
    fill('Stock', '12');
    fireEvent.change(screen.getByLabelText('Category'), { target: { value: TEA } });
    fireEvent.click(screen.getByRole('button', { name: 'Create the product' }));

    await waitFor(() => expect(router.state.location.pathname).toBe(`/admin/products/${CREATED}`));
    const post = fake.calls.find((call) => call.method === 'POST');
    expect(post?.body).toEqual({
      name: 'Mint tea',
      description: '',
      price: 114990,
      stock: 12,
      categoryId: TEA,
      currency: 'MAD',
    });
  });

  it('when the price has three decimals or the fields are missing, then nothing is sent and each field says what is wrong', async () => {
    const fake = api();
    renderAdmin(<ProductEditorPage />, {
      url: '/admin/products/new',
      path: '/admin/products/new',
      fetch: fake.fetch,
    });
    await screen.findByRole('option', { name: 'Tea' });
    fill('Price (MAD)', '12.345');
    fireEvent.click(screen.getByRole('button', { name: 'Create the product' }));

    expect(
      await screen.findByText('Two digits at most after the decimal point.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Give it a name (200 characters at most).')).toBeInTheDocument();
    expect(screen.getByText('Choose a category.')).toBeInTheDocument();
    expect(screen.getByLabelText('Price (MAD)', { exact: false })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(fake.calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('when an existing product is opened, then its price shows in MAD and a save sends only what changed', async () => {
    const fake = api();
    renderAdmin(<ProductEditorPage />, {
      url: `/admin/products/${CREATED}`,
      path: '/admin/products/:id',
      fetch: fake.fetch,
    });
    expect(await screen.findByLabelText('Price (MAD)', { exact: false })).toHaveValue('149.90');
    fill('Price (MAD)', '150');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fake.calls.some((call) => call.method === 'PATCH')).toBe(true));
    expect(fake.calls.find((call) => call.method === 'PATCH')?.body).toEqual({ price: 15000 });
  });

  it('when an SVG or a file over 5 MB is chosen as the image, then it is refused with the reason and no preview', async () => {
    const fake = api();
    renderAdmin(<ProductEditorPage />, {
      url: `/admin/products/${CREATED}`,
      path: '/admin/products/:id',
      fetch: fake.fetch,
    });
    const input = await screen.findByTestId('image-input');
    fireEvent.change(input, {
      target: { files: [new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' })] },
    });
    expect(
      await screen.findByText(
        '“logo.svg” is not a JPEG, PNG, WebP or GIF image (SVG is not accepted).',
      ),
    ).toBeInTheDocument();

    const big = new File([new Uint8Array(6 * 1024 * 1024)], 'huge.png', { type: 'image/png' });
    fireEvent.change(input, { target: { files: [big] } });
    expect(await screen.findByText('“huge.png” is 6 MB: the limit is 5 MB.')).toBeInTheDocument();
    expect(screen.queryByTestId('image-preview')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Upload the image' })).not.toBeInTheDocument();
  });

  it('when a new product comes with an image the server refuses, then nothing is created, the form keeps what was typed and says why', async () => {
    const fake = fakeApi({
      'GET /api/categories': {
        body: [{ id: TEA, name: 'Tea', description: '', productCount: 3 }],
      },
      'POST /api/products': {
        status: 415,
        problem: { code: 'unsupported_media_type', detail: 'The file is not an image' },
      },
    });
    const { router } = renderAdmin(<ProductEditorPage />, {
      url: '/admin/products/new',
      path: '/admin/products/new',
      fetch: fake.fetch,
    });
    await screen.findByRole('option', { name: 'Tea' });
    fill('Name', 'Mint tea');
    fill('Price (MAD)', '149,90');
    fireEvent.change(screen.getByLabelText('Category'), { target: { value: TEA } });
    fireEvent.change(screen.getByTestId('image-input'), {
      target: { files: [new File(['not a png'], 'tea.png', { type: 'image/png' })] },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Create the product' }));

    expect(
      await screen.findByText(
        'The product was not created: The server refused this file: its content is not a JPEG, PNG, WebP or GIF image.',
      ),
    ).toBeInTheDocument();
    const posts = fake.calls.filter((call) => call.method === 'POST');
    expect(posts).toHaveLength(1);
    const form = posts[0]!.body as FormData;
    expect(JSON.parse(form.get('product') as string)).toMatchObject({ name: 'Mint tea' });
    expect((form.get('image') as File).name).toBe('tea.png');
    expect(router.state.location.pathname).toBe('/admin/products/new');
    expect(screen.getByLabelText('Name', { exact: false })).toHaveValue('Mint tea');
    expect(screen.getByLabelText('Price (MAD)', { exact: false })).toHaveValue('149,90');
  });
});
