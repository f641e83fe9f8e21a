import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { REFRESH_TOKEN_KEY } from '../auth/session.js';
import { installFakeEventSource } from '../test/fake-event-source.js';
import { fakeFetch, json, tokens } from '../test/fake-fetch.js';
import { renderApp } from '../test/render.js';

installFakeEventSource();

const unread = {
  id: '0b9a7c1e-2222-4c8b-9a8f-000000000001',
  recipient: '7d9c7a1e-1111-4c8b-9a8f-000000000001',
  audience: 'USER',
  kind: 'order.paid',
  params: {},
  title: { fr: 'Commande payée', en: 'Order paid' },
  body: { fr: 'Merci.', en: 'Thank you.' },
  link: null,
  readAt: null,
  createdAt: '2026-01-01T10:00:00.000Z',
  sourceEventId: '0b9a7c1e-3333-4c8b-9a8f-000000000001',
};

describe('the header for screen readers', () => {
  it('when a visitor is signed out, then the sign-in link has a name even where only its icon shows (phones)', async () => {
    const { fetch } = fakeFetch({
      'GET /api/cart': () => json({ items: [], total: 0, currency: 'MAD' }),
      'GET /api/products': () => json({ items: [], page: 1, pageSize: 12, total: 0 }),
      'GET /api/categories': () => json([]),
    });
    renderApp('/cart', { fetch });
    const link = await screen.findByRole('link', { name: 'Se connecter' });
    expect(link).toHaveAttribute('aria-label', 'Se connecter');
  });

  it('when a notification is unread, then its dot is hidden from screen readers and a hidden text says "unread"', async () => {
    localStorage.setItem(REFRESH_TOKEN_KEY, 'r1');
    const { fetch } = fakeFetch({
      'POST /api/auth/refresh': () => json(tokens('a1', 'r2')),
      'GET /api/cart': () => json({ items: [], total: 0, currency: 'MAD' }),
      'GET /api/notifications': () =>
        json({ items: [unread], page: 1, pageSize: 8, total: 1, unreadCount: 1 }),
    });
    const { services } = renderApp('/cart', { fetch });
    void services.session.restore();
    const bell = await screen.findByTestId('notification-bell');
    await userEvent.click(bell);
    const panel = await screen.findByRole('region', { name: 'Notifications' });
    const item = (await within(panel).findByText('Commande payée')).closest('li')!;
    expect(within(item).getByText('Non lue')).toHaveClass('visually-hidden');
    expect(item.querySelector('.dot')).toHaveAttribute('aria-hidden', 'true');
    expect(item.querySelector('[aria-label]')).toBeNull();
  });
});
