import { ApiError, errorFromResponse, networkError } from './api-error.js';
import type { Session } from '../auth/session.js';

export type QueryValue = string | number | boolean | undefined | null;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  /** Sent as JSON; a FormData is sent as multipart (image uploads). */
  body?: unknown;
  /** Sent as the Idempotency-Key header: the same key for every retry of one attempt. */
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Send the access token when signed in (default true). */
  authenticate?: boolean;
}

export interface HttpClient {
  request<T>(path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal): Promise<T>;
}

export function buildUrl(
  baseUrl: string,
  path: string,
  query?: Record<string, QueryValue>,
): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(name, String(value));
  }
  const search = params.toString();
  return `${baseUrl}${path}${search ? `?${search}` : ''}`;
}

/**
 * The typed fetch wrapper every screen uses. JSON in and out; errors become ApiError with the
 * problem's `code` and `detail`. With a session: the access token is added (refreshed first when
 * it is about to expire), and a 401 refreshes once (one shared refresh for concurrent calls) and
 * retries once, so an expired token never interrupts what the shopper is doing.
 */
export function createHttpClient(deps: {
  session?: Session;
  fetch?: typeof fetch;
  baseUrl?: string;
}): HttpClient {
  const doFetch = deps.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));
  const baseUrl = deps.baseUrl ?? '/api';
  const { session } = deps;

  async function send(
    path: string,
    options: RequestOptions,
    token: string | undefined,
  ): Promise<Response> {
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
    };
    let body: BodyInit | undefined;
    if (options.body instanceof FormData) body = options.body;
    else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    try {
      return await doFetch(buildUrl(baseUrl, path, options.query), {
        method: options.method ?? 'GET',
        headers,
        body,
        signal: options.signal,
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw networkError(error);
    }
  }

  async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const authenticate = options.authenticate !== false && session !== undefined;
    const token = authenticate ? await session.freshAccessToken() : undefined;
    let response = await send(path, options, token);
    if (response.status === 401 && authenticate && token) {
      // The token expired or was revoked in between: one refresh (shared), one retry.
      // When another call refreshed meanwhile, its new token is used without another rotation.
      const current = session.getState().accessToken;
      const refreshed =
        current !== undefined && current !== token
          ? true
          : await session.refresh().catch(() => false);
      if (refreshed) response = await send(path, options, session.getState().accessToken);
    }
    if (!response.ok) throw await errorFromResponse(response);
    if (response.status === 204) return undefined as T;
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('json')) return (await response.text()) as T;
    return (await response.json()) as T;
  }

  return {
    request,
    get: (path, query, signal) => request(path, { query, signal }),
  };
}

export { ApiError };
