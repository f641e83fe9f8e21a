import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { AppProviders } from '../../app/providers.js';
import { createServices } from '../../api/services.js';
import type { Locale } from '../../i18n/i18n.js';

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

type Reply = { status?: number; body?: unknown; problem?: Record<string, unknown> };
type Handler = (call: Call) => Reply | Promise<Reply>;

/**
 * A stand-in for the gateway: each route is "METHOD /path" (`:id` matches one segment) with what
 * it answers; every call is recorded. Unknown routes answer a 404 problem, so a screen that calls
 * something unexpected shows it.
 */
export function fakeApi(routes: Record<string, Reply | Handler>) {
  const calls: Call[] = [];
  const table = Object.entries(routes).map(([key, reply]) => {
    const [method, pattern] = key.split(' ') as [string, string];
    const regex = new RegExp(`^${pattern.replace(/:[a-zA-Z]+/g, '[^/]+')}$`);
    return { method, regex, reply };
  });
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input, 'http://localhost');
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body;
    const call: Call = { method, path: url.pathname, query: url.searchParams, body };
    calls.push(call);
    const route = table.find((entry) => entry.method === method && entry.regex.test(url.pathname));
    if (!route)
      return problem(404, { code: 'not_found', detail: `no fake for ${method} ${url.pathname}` });
    const reply = typeof route.reply === 'function' ? await route.reply(call) : route.reply;
    if (reply.problem) return problem(reply.status ?? 400, reply.problem);
    if (reply.status === 204) return new Response(null, { status: 204 });
    return new Response(JSON.stringify(reply.body ?? null), {
      status: reply.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetch, calls };
}

function problem(status: number, body: Record<string, unknown>): Response {
  return new Response(
    JSON.stringify({ type: 'about:blank', title: 'Problem', status, instance: '/', ...body }),
    {
      status,
      headers: { 'content-type': 'application/problem+json' },
    },
  );
}

/** Renders a screen at `url` with the app's providers and a memory router; returns the router to read its URL. */
export function renderAdmin(
  element: ReactElement,
  options: {
    url: string;
    path: string;
    fetch: typeof globalThis.fetch;
    locale?: Locale;
    extraRoutes?: RouteObject[];
  },
) {
  const services = createServices({ fetch: options.fetch, storage: window.localStorage });
  const router = createMemoryRouter(
    [{ path: options.path, element }, ...(options.extraRoutes ?? [])],
    { initialEntries: [options.url] },
  );
  const utils = render(
    <AppProviders services={services} locale={options.locale ?? 'en'}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...utils, router };
}
