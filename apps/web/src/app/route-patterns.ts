import type { RouteObject } from 'react-router';

/**
 * The URL patterns the router answers with a page of its own (`/`, `/products/:id`,
 * `/admin/orders/:id`), read from the route tree; written into `dist/routes.json` at build time
 * for the gateway, which answers every other URL with a 404. A bare `*` is the not-found page of
 * its level, not a page, so it is left out; a pattern ending in `/*` (a real splat) stays.
 */
export function routePatterns(routes: readonly RouteObject[], parent = ''): string[] {
  const patterns = new Set<string>();
  for (const route of routes) {
    if (route.path === '*') continue;
    const path = route.path ? joinPath(parent, route.path) : parent;
    // Layout routes (no path, no index) only group their children; a route with a path matches
    // its own URL even when only its children render something.
    if (route.index || route.path) patterns.add(path || '/');
    for (const child of routePatterns(route.children ?? [], path)) patterns.add(child);
  }
  return [...patterns];
}

function joinPath(parent: string, path: string): string {
  return path.startsWith('/') ? path : `${parent}/${path}`;
}
