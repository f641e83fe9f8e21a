import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderAdmin } from '../test/admin-harness.js';
import { OrdersPage } from './orders-page.js';

function renderOrders(url: string) {
  const fake = fakeApi({
    'GET /api/orders': { body: { items: [], page: 1, pageSize: 20, total: 0 } },
  });
  const rendered = renderAdmin(<OrdersPage />, {
    url,
    path: '/admin/orders',
    fetch: fake.fetch,
    locale: 'fr',
  });
  return { ...rendered, fake };
}

describe('order date filters', () => {
  it('when the URL holds ISO dates, then the French fields show them day first', async () => {
    renderOrders('/admin/orders?from=2025-03-09&to=2025-12-31');
    expect(await screen.findByLabelText('Du (jj/mm/aaaa)')).toHaveValue('09/03/2025');
    expect(screen.getByLabelText('Au (jj/mm/aaaa)')).toHaveValue('31/12/2025');
  });

  it('when a French date is typed and Enter pressed, then the URL and the orders query get it in ISO', async () => {
    const { router, fake } = renderOrders('/admin/orders');
    const from = await screen.findByLabelText('Du (jj/mm/aaaa)');
    fireEvent.change(from, { target: { value: '1/2/2025' } });
    fireEvent.keyDown(from, { key: 'Enter' });
    await waitFor(() => expect(router.state.location.search).toBe('?from=2025-02-01'));
    expect(from).toHaveValue('01/02/2025');
    await waitFor(() =>
      expect(fake.calls.some((call) => call.query.get('from') === '2025-02-01')).toBe(true),
    );
  });

  it('when the typed date is not a day of the calendar, then the field says so and the URL keeps its date', async () => {
    const { router } = renderOrders('/admin/orders?to=2025-12-31');
    const to = await screen.findByLabelText('Au (jj/mm/aaaa)');
    fireEvent.change(to, { target: { value: '31/02/2025' } });
    fireEvent.blur(to);
    expect(
      await screen.findByText('Date invalide : saisissez-la au format jj/mm/aaaa.'),
    ).toBeInTheDocument();
    expect(to).toHaveAttribute('aria-invalid', 'true');
    expect(router.state.location.search).toBe('?to=2025-12-31');
  });
});
