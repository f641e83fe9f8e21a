import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSession, REFRESH_TOKEN_KEY } from '../auth/session.js';
import { fakeFetch, json, memoryStorage, problem, tokens } from '../test/fake-fetch.js';
import { ApiError } from './api-error.js';
import { createHttpClient } from './http.js';

const noLock = <T>(_name: string, work: () => Promise<T>) => work();

function setUp(routes: Parameters<typeof fakeFetch>[0], stored = 'refresh-1') {
  const fake = fakeFetch(routes);
  const storage = memoryStorage(stored ? { [REFRESH_TOKEN_KEY]: stored } : {});
  const session = createSession({ fetch: fake.fetch, storage, withLock: noLock });
  const http = createHttpClient({ session, fetch: fake.fetch });
  return { ...fake, storage, session, http };
}

afterEach(() => vi.useRealTimers());

describe('API client and silent refresh', () => {
  it('when a call answers 401 because the token expired, then it refreshes once and retries with the new token', async () => {
    let refreshes = 0;
    const { http, session, calls, storage } = setUp({
      'POST /api/auth/refresh': () =>
        json(tokens(`access-${++refreshes + 1}`, `refresh-${refreshes + 1}`)),
      'GET /api/cart': ({ headers }) =>
        headers.authorization === 'Bearer access-3'
          ? json({ items: [], total: 0, currency: 'MAD' })
          : problem(401, 'unauthorized', 'expired'),
    });
    session.start(tokens('access-1', 'refresh-1'));
    await session.refresh(); // access-2: still refused by the fake, so the 401 path is used
    const cart = await http.get<{ total: number }>('/cart');
    expect(cart.total).toBe(0);
    expect(
      calls.filter((call) => call.path === '/api/cart').map((call) => call.headers.authorization),
    ).toEqual(['Bearer access-2', 'Bearer access-3']);
    expect(refreshes).toBe(2);
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-3');
  });

  it('when five calls get a 401 at once, then a single refresh serves them all', async () => {
    let refreshes = 0;
    const { http, session } = setUp({
      'POST /api/auth/refresh': async () => {
        refreshes++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return json(tokens('fresh', 'refresh-2'));
      },
      'GET /api/orders': ({ headers }) =>
        headers.authorization === 'Bearer fresh'
          ? json({ items: [] })
          : problem(401, 'unauthorized', 'expired'),
    });
    session.start(tokens('stale', 'refresh-1'));
    const results = await Promise.all(
      Array.from({ length: 5 }, () => http.get<{ items: unknown[] }>('/orders')),
    );
    expect(results).toHaveLength(5);
    expect(refreshes).toBe(1);
  });

  it('when the refresh token is refused, then the session ends as expired and the call fails with the 401', async () => {
    const { http, session, storage } = setUp({
      'POST /api/auth/refresh': () => problem(401, 'unauthorized', 'Refresh token reused'),
      'GET /api/cart': () => problem(401, 'unauthorized', 'expired'),
    });
    session.start(tokens('stale', 'refresh-1'));
    const error = await http.get('/cart').catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(session.getState()).toMatchObject({
      status: 'anonymous',
      endedBecause: 'expired',
      accessToken: undefined,
    });
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
  });

  it('when the access token is about to expire, then the call refreshes first and never sends the old one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { http, session, calls } = setUp({
      'POST /api/auth/refresh': () => json(tokens('fresh', 'refresh-2')),
      'GET /api/auth/me': () => json({ id: 'x' }),
    });
    session.start(tokens('old', 'refresh-1', 60));
    vi.setSystemTime(Date.now() + 50_000);
    await http.get('/auth/me');
    expect(calls.map((call) => call.path)).toEqual(['/api/auth/refresh', '/api/auth/me']);
    expect(calls[1]!.headers.authorization).toBe('Bearer fresh');
  });

  it('when a page opens with a stored refresh token, then restore signs in again', async () => {
    const { session } = setUp(
      {
        'POST /api/auth/refresh': ({ body }) =>
          (body as { refreshToken: string }).refreshToken === 'kept'
            ? json(tokens('a', 'b'))
            : problem(401, 'unauthorized', 'no'),
      },
      'kept',
    );
    expect(session.getState().status).toBe('restoring');
    await session.restore();
    expect(session.getState()).toMatchObject({ status: 'signed-in', accessToken: 'a' });
  });

  it('when the user logs out, then the server session ends and both tokens are forgotten', async () => {
    const { session, storage, calls } = setUp({
      'POST /api/auth/logout': () => new Response(null, { status: 204 }),
    });
    session.start(tokens('a', 'refresh-9'));
    await session.logout();
    expect(calls.find((call) => call.path === '/api/auth/logout')?.body).toEqual({
      refreshToken: 'refresh-9',
    });
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(session.getState()).toMatchObject({
      status: 'anonymous',
      accessToken: undefined,
      user: undefined,
    });
  });

  it('when a service answers with a problem, then its code, detail and Retry-After reach the caller', async () => {
    const { http } = setUp(
      {
        'POST /api/auth/login': () =>
          problem(429, 'rate_limited', 'Too many login attempts; try again later', {
            'retry-after': '42',
          }),
      },
      '',
    );
    const error = (await http
      .request('/auth/login', {
        method: 'POST',
        body: { email: 'a@b.c', password: 'x' },
        authenticate: false,
      })
      .catch((failure: unknown) => failure)) as ApiError;
    expect(error).toMatchObject({
      status: 429,
      code: 'rate_limited',
      detail: 'Too many login attempts; try again later',
      retryAfterSeconds: 42,
    });
  });

  it('when a call carries an idempotency key, then it is sent as the Idempotency-Key header with a JSON body', async () => {
    const { http, calls } = setUp({ 'POST /api/orders': () => json({ id: 'o1' }, 201) }, '');
    await http.request('/orders', { method: 'POST', body: { items: [] }, idempotencyKey: 'key-1' });
    expect(calls[0]!.headers['idempotency-key']).toBe('key-1');
    expect(calls[0]!.headers['content-type']).toBe('application/json');
  });

  it('when the network fails, then the error is a network_error with status 0', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof globalThis.fetch;
    const http = createHttpClient({ fetch });
    await expect(http.get('/products')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });
});
