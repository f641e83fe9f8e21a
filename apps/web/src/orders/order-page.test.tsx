import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Notification, Order, OrderStatus } from '@souk/contracts';
import { REFRESH_TOKEN_KEY } from '../auth/session.js';
import { installFakeEventSource, ServerSentEvents } from '../test/fake-event-source.js';
import { fakeFetch, json, tokens } from '../test/fake-fetch.js';
import { renderApp } from '../test/render.js';

installFakeEventSource();
afterEach(() => vi.useRealTimers());

const ORDER_ID = '0a1b2c3d-0000-4000-8000-000000000001';
const OTHER_ORDER_ID = '0a1b2c3d-0000-4000-8000-000000000002';

function order(status: OrderStatus): Order {
  return {
    id: ORDER_ID,
    userId: tokens('a', 'r').user.id,
    status,
    items: [
      {
        productId: '11111111-1111-4111-8111-111111111111',
        name: 'Tajine',
        unitPrice: 25000,
        quantity: 1,
        lineTotal: 25000,
      },
    ],
    total: 25000,
    currency: 'MAD',
    shippingAddress: {
      fullName: 'Amina',
      line1: '1 rue',
      city: 'Fès',
      postalCode: '30000',
      country: 'MA',
    },
    paymentId: null,
    payBy: '2025-01-01T00:30:00.000Z',
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    history: [{ status, at: '2025-01-01T00:00:00.000Z' }],
  };
}

const OTHER_TITLE = { fr: 'Commande 0A1B2C3D expédiée', en: 'Order 0A1B2C3D shipped' };

function message(kind: Notification['kind'], orderId: string, link: string | null): Notification {
  return {
    id: crypto.randomUUID(),
    recipient: tokens('a', 'r').user.id,
    audience: 'USER',
    kind,
    params: { orderId, shortId: orderId.slice(0, 8) },
    title: { fr: 'Commande', en: 'Order' },
    body: { fr: 'Du nouveau', en: 'News' },
    link,
    readAt: null,
    createdAt: '2025-01-01T01:00:00.000Z',
    sourceEventId: crypto.randomUUID(),
  };
}

/** The owner's order page, signed in, over a fake gateway whose order is `current.status`. */
async function openOrderPage() {
  localStorage.setItem(REFRESH_TOKEN_KEY, 'r1');
  const current = { status: 'PAID' as OrderStatus };
  const { fetch, calls } = fakeFetch({
    'POST /api/auth/refresh': () => json(tokens('a1', 'r2')),
    'GET /api/cart': () => json({ items: [], total: 0, currency: 'MAD' }),
    [`GET /api/orders/${ORDER_ID}`]: () => json(order(current.status)),
    'GET /api/payments': () => json([]),
  });
  const { services } = renderApp(`/orders/${ORDER_ID}`, { fetch });
  await services.session.restore();
  await waitFor(() => expect(ServerSentEvents.opened).toHaveLength(1));
  const stream = ServerSentEvents.opened[0]!;
  const orderReads = () => calls.filter((call) => call.path === `/api/orders/${ORDER_ID}`).length;
  const status = () => screen.getByTestId('order-status').dataset.status;
  await waitFor(() => expect(status()).toBe('PAID'));
  return { stream, current, orderReads, status };
}

describe('order page, live', () => {
  it('when the stream brings an event of this order, then the page shows its new status; an event of another order, even linking here, refetches nothing', async () => {
    const { stream, current, orderReads, status } = await openOrderPage();
    act(() => stream.open());
    const before = orderReads();

    current.status = 'SHIPPED';
    act(() =>
      stream.send('notification', message('order.shipped', OTHER_ORDER_ID, `/orders/${ORDER_ID}`)),
    );
    act(() => stream.send('notification', message('order.shipped', ORDER_ID, null)));

    await waitFor(() => expect(status()).toBe('SHIPPED'));
    // The other order's event came first: only this order's event read the order again.
    expect(orderReads()).toBe(before + 1);
  });

  it('when the stream brings news of this order, then the page shows it without a toast; news of another order shows one toast', async () => {
    const { stream, current, status } = await openOrderPage();
    act(() => stream.open());

    current.status = 'SHIPPED';
    act(() => stream.send('notification', message('order.shipped', ORDER_ID, null)));
    await waitFor(() => expect(status()).toBe('SHIPPED'));
    expect(screen.queryAllByTestId('toast')).toHaveLength(0);

    const other = { ...message('order.shipped', OTHER_ORDER_ID, null), title: OTHER_TITLE };
    act(() => stream.send('notification', other));
    // The same message twice (a second tab's event, a retry) shows once.
    act(() => stream.send('notification', { ...other, id: crypto.randomUUID() }));
    expect(screen.getAllByTestId('toast')).toHaveLength(1);
    expect(screen.getByTestId('toast')).toHaveTextContent('Commande 0A1B2C3D expédiée');
  });

  it('when the stream is open, then the order is not polled; when it is closed, then it is polled every 5 s', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { stream, current, orderReads, status } = await openOrderPage();
    act(() => stream.open());
    const before = orderReads();

    current.status = 'SHIPPED';
    await act(() => vi.advanceTimersByTimeAsync(20_000));
    expect(orderReads()).toBe(before);
    expect(status()).toBe('PAID');

    act(() => stream.fail());
    await act(() => vi.advanceTimersByTimeAsync(5_500));
    await waitFor(() => expect(status()).toBe('SHIPPED'));
    expect(orderReads()).toBeGreaterThan(before);
  });

  it('when the order’s event arrives while its first read is still on the way with the old status, then the order is read again and shows the new one', async () => {
    localStorage.setItem(REFRESH_TOKEN_KEY, 'r1');
    let answerFirstRead: (status: OrderStatus) => void = () => undefined;
    let reads = 0;
    const { fetch } = fakeFetch({
      'POST /api/auth/refresh': () => json(tokens('a1', 'r2')),
      'GET /api/cart': () => json({ items: [], total: 0, currency: 'MAD' }),
      [`GET /api/orders/${ORDER_ID}`]: () =>
        ++reads === 1
          ? new Promise<Response>((resolve) => {
              answerFirstRead = (status) => resolve(json(order(status)));
            })
          : json(order('SHIPPED')),
      'GET /api/payments': () => json([]),
    });
    const { services } = renderApp(`/orders/${ORDER_ID}`, { fetch });
    await services.session.restore();
    await waitFor(() => expect(ServerSentEvents.opened).toHaveLength(1));
    const stream = ServerSentEvents.opened[0]!;
    act(() => stream.open());
    await waitFor(() => expect(reads).toBe(1));

    act(() => stream.send('notification', message('order.shipped', ORDER_ID, null)));
    act(() => answerFirstRead('PAID'));

    await waitFor(() => expect(screen.getByTestId('order-status').dataset.status).toBe('SHIPPED'));
  });
});
