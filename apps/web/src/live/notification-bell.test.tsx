import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Notification } from '@souk/contracts';
import { REFRESH_TOKEN_KEY } from '../auth/session.js';
import { ServerSentEvents, installFakeEventSource } from '../test/fake-event-source.js';
import { fakeFetch, json, problem, tokens, type Handler } from '../test/fake-fetch.js';
import { renderApp } from '../test/render.js';

installFakeEventSource();

const unread: Notification = {
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

/** A signed-in client on the cart page whose messages are `stored` (newest first), read live. */
async function signedInWith(stored: Notification[], routes: Record<string, Handler> = {}) {
  localStorage.setItem(REFRESH_TOKEN_KEY, 'r1');
  const page = () =>
    json({
      items: stored,
      page: 1,
      pageSize: 8,
      total: stored.length,
      unreadCount: stored.filter((item) => item.readAt === null).length,
    });
  const { fetch, calls } = fakeFetch({
    'POST /api/auth/refresh': () => json(tokens('a1', 'r2')),
    'GET /api/cart': () => json({ items: [], total: 0, currency: 'MAD' }),
    'GET /api/notifications': page,
    ...routes,
  });
  const { services } = renderApp('/cart', { fetch });
  void services.session.restore();
  const bell = await screen.findByTestId('notification-bell');
  await waitFor(() => expect(ServerSentEvents.opened).toHaveLength(1));
  const listReads = () =>
    calls.filter((call) => call.method === 'GET' && call.path === '/api/notifications').length;
  return { bell, stream: ServerSentEvents.opened[0]!, listReads };
}

const badge = () => screen.getByTestId('notification-count');

function message(id: string, title: string): Notification {
  return {
    ...unread,
    id: `0b9a7c1e-2222-4c8b-9a8f-00000000000${id}`,
    title: { fr: title, en: title },
  };
}

/** A reply the test sends when it chooses, to see the screen while the call is on its way. */
function deferred() {
  let answer!: (response: Response) => void;
  const reply = new Promise<Response>((resolve) => (answer = resolve));
  return { handler: () => reply, answer };
}

describe('the notification bell', () => {
  it('when a new message arrives live, then the bell lists it and counts it without being reopened', async () => {
    const stored = [message('1', 'Commande payée')];
    const { bell, stream, listReads } = await signedInWith(stored);
    await waitFor(() => expect(badge()).toHaveTextContent('1'));
    await userEvent.click(bell);
    const panel = await screen.findByRole('region', { name: 'Notifications' });
    await within(panel).findByText('Commande payée');

    const shipped = message('2', 'Commande expédiée');
    stored.unshift(shipped);
    act(() => stream.send('notification', shipped));

    expect(await within(panel).findByText('Commande expédiée')).toBeInTheDocument();
    await waitFor(() => expect(badge()).toHaveTextContent('2'));
    // Once when the bell showed, once for the live message: opening the bell read nothing.
    expect(listReads()).toBe(2);
  });

  it('when the stream sends the unread count, then the bell shows it', async () => {
    const { stream } = await signedInWith([message('1', 'Commande payée')]);
    await waitFor(() => expect(badge()).toHaveTextContent('1'));

    act(() => stream.send('unread', { count: 5 }));

    await waitFor(() => expect(badge()).toHaveTextContent('5'));
  });

  it('when an unread message is opened, then it counts as read before the server answers', async () => {
    const first = message('1', 'Commande payée');
    const read = deferred();
    const { bell } = await signedInWith([first, message('2', 'Commande expédiée')], {
      [`POST /api/notifications/${first.id}/read`]: read.handler,
    });
    await waitFor(() => expect(badge()).toHaveTextContent('2'));
    await userEvent.click(bell);
    await userEvent.click(await screen.findByRole('button', { name: /Commande payée/ }));

    await waitFor(() => expect(badge()).toHaveTextContent('1'));
    read.answer(json({ ...first, readAt: '2026-01-01T11:00:00.000Z' }));
  });

  it('when marking everything read is refused, then the messages count as unread again', async () => {
    const readAll = deferred();
    const { bell } = await signedInWith([message('1', 'Commande payée')], {
      'POST /api/notifications/read-all': readAll.handler,
    });
    await waitFor(() => expect(badge()).toHaveTextContent('1'));
    await userEvent.click(bell);
    const panel = await screen.findByRole('region', { name: 'Notifications' });
    await within(panel).findByText('Non lue');
    await userEvent.click(within(panel).getByRole('button', { name: 'Tout marquer comme lu' }));
    await waitFor(() => expect(badge()).not.toBeVisible());
    expect(within(panel).queryByText('Non lue')).toBeNull();

    readAll.answer(problem(503, 'unavailable', 'try later'));

    await waitFor(() => expect(badge()).toHaveTextContent('1'));
    expect(badge()).toBeVisible();
    expect(within(panel).getByText('Non lue')).toBeInTheDocument();
  });
});
