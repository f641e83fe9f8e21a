import { render, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../app/providers.js';
import { createServices } from '../api/services.js';
import { REFRESH_TOKEN_KEY } from '../auth/session.js';
import { ServerSentEvents, installFakeEventSource } from '../test/fake-event-source.js';
import { fakeFetch, json, problem, tokens } from '../test/fake-fetch.js';

installFakeEventSource();

function signedIn(refreshReplies: Array<() => Response>) {
  localStorage.setItem(REFRESH_TOKEN_KEY, 'r0');
  let refreshes = 0;
  const { fetch } = fakeFetch({
    'POST /api/auth/refresh': () =>
      refreshReplies[Math.min(refreshes++, refreshReplies.length - 1)]!(),
    'GET /api/cart': () => json({ items: [], total: 0, currency: 'MAD' }),
    'GET /api/notifications': () =>
      json({ items: [], page: 1, pageSize: 8, total: 0, unreadCount: 0 }),
  });
  const services = createServices({ fetch, storage: localStorage });
  const router = createMemoryRouter([{ path: '/', element: <p>home</p> }], {
    initialEntries: ['/'],
  });
  render(
    <AppProviders services={services} locale="fr">
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return services;
}

describe('live notification stream', () => {
  it('when the server says the stream’s token expired, then a new token is fetched and the stream opens again with it', async () => {
    const services = signedIn([() => json(tokens('a1', 'r1')), () => json(tokens('a2', 'r2'))]);
    await services.session.restore();
    await waitFor(() =>
      expect(ServerSentEvents.opened.map((source) => source.token)).toEqual(['a1']),
    );

    ServerSentEvents.opened[0]!.send('expired', {});
    await waitFor(() =>
      expect(ServerSentEvents.opened.map((source) => source.token)).toEqual(['a1', 'a2']),
    );
    expect(ServerSentEvents.opened[0]!.readyState).toBe(ServerSentEvents.CLOSED);
  });

  it('when the server says the stream’s session was revoked and the refresh is refused, then the session ends and no stream reopens', async () => {
    const services = signedIn([
      () => json(tokens('a1', 'r1')),
      () => problem(401, 'unauthorized', 'The refresh token is invalid, expired or revoked'),
    ]);
    await services.session.restore();
    await waitFor(() => expect(ServerSentEvents.opened).toHaveLength(1));

    ServerSentEvents.opened[0]!.send('revoked', {});
    await waitFor(() => expect(services.session.getState().status).toBe('anonymous'));
    expect(ServerSentEvents.opened).toHaveLength(1);
  });
});
