import { vi } from 'vitest';

export type Handler = (request: {
  method: string;
  url: URL;
  body: unknown;
  headers: Record<string, string>;
}) => Response | Promise<Response>;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function problem(
  status: number,
  code: string,
  detail: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(
    JSON.stringify({ type: 'about:blank', title: code, status, detail, instance: '/', code }),
    {
      status,
      headers: { 'content-type': 'application/problem+json', ...headers },
    },
  );
}

/**
 * A fetch that answers from `routes` keyed by "METHOD /path" (query ignored); anything else is a
 * 404 problem. Every call is recorded for assertions.
 */
export function fakeFetch(routes: Record<string, Handler>) {
  const calls: Array<{
    method: string;
    path: string;
    url: URL;
    headers: Record<string, string>;
    body: unknown;
  }> = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : input, 'http://shop.test');
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(
      Object.entries((init.headers as Record<string, string>) ?? {}).map(([key, value]) => [
        key.toLowerCase(),
        value,
      ]),
    );
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : init.body;
    calls.push({ method, path: url.pathname, url, headers, body });
    const handler = routes[`${method} ${url.pathname}`];
    if (!handler) return problem(404, 'not_found', `no fake for ${method} ${url.pathname}`);
    return handler({ method, url, body, headers });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

export function memoryStorage(initial: Record<string, string> = {}): Storage {
  const map = new Map(Object.entries(initial));
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (key) => map.get(key) ?? null,
    key: (index) => [...map.keys()][index] ?? null,
    removeItem: (key) => void map.delete(key),
    setItem: (key, value) => void map.set(key, String(value)),
  };
}

export function tokens(
  accessToken: string,
  refreshToken: string,
  expiresIn = 900,
  roles: Array<'CLIENT' | 'ADMIN'> = ['CLIENT'],
) {
  return {
    user: { id: '7d9c7a1e-1111-4c8b-9a8f-000000000001', email: 'amina@example.com', roles },
    accessToken,
    refreshToken,
    expiresIn,
  };
}
