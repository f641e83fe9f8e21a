import { randomUUID } from 'node:crypto';

/** A thin JSON client for the public API through the gateway, as a browser or script would use it. */
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export function apiClient(gatewayUrl: string) {
  async function request<T = any>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${gatewayUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: body as T, headers: response.headers };
  }

  return {
    request,
    get: <T = any>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
    post: <T = any>(path: string, options?: RequestOptions) => request<T>('POST', path, options),
    put: <T = any>(path: string, options?: RequestOptions) => request<T>('PUT', path, options),
    patch: <T = any>(path: string, options?: RequestOptions) => request<T>('PATCH', path, options),
    delete: <T = any>(path: string, options?: RequestOptions) =>
      request<T>('DELETE', path, options),

    /** Registers a new client and returns its tokens and id. */
    async register(label = 'client') {
      const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
      const password = 'a long enough passphrase';
      const response = await request('POST', '/api/auth/register', {
        body: { email, password, firstName: 'Salma', lastName: label },
      });
      if (response.status !== 201)
        throw new Error(`register: ${response.status} ${JSON.stringify(response.body)}`);
      return {
        email,
        password,
        userId: response.body.user.id as string,
        token: response.body.accessToken as string,
        refreshToken: response.body.refreshToken as string,
      };
    },

    async login(email: string, password: string) {
      const response = await request('POST', '/api/auth/login', { body: { email, password } });
      if (response.status !== 200)
        throw new Error(`login: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.accessToken as string;
    },
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

/** Polls until `check` gives a truthy value; fails with the last value seen when time is up. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 20_000,
  intervalMs = 150,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const value = await check();
    if (value) return value;
    last = value;
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`,
      );
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
