import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/** `dist/routes.json`, written by the web app's build from its router. */
export const ROUTE_MANIFEST = 'routes.json';

const RouteManifest = Type.Object({
  routes: Type.Array(Type.String({ pattern: '^/' }), { maxItems: 1000 }),
});

/** Tells whether a URL path is one of the web app's pages. */
export type ClientRouteMatcher = (pathname: string) => boolean;

/**
 * The web app's pages, from the route manifest in `webDir`. The file is checked again (one `stat`)
 * on each page request, so a rebuild is picked up without a restart. Without a manifest (a build
 * older than it), every path is taken for a page, as before it existed.
 */
export function clientRoutes(webDir: string): { isPage(pathname: string): Promise<boolean> } {
  const file = path.join(webDir, ROUTE_MANIFEST);
  let loaded: { modifiedMs: number; matches: ClientRouteMatcher } | undefined;
  return {
    async isPage(pathname) {
      const modifiedMs = await stat(file).then(
        (stats) => stats.mtimeMs,
        () => undefined,
      );
      if (modifiedMs === undefined) return true;
      if (loaded?.modifiedMs !== modifiedMs) {
        const manifest: unknown = JSON.parse(await readFile(file, 'utf8'));
        if (!Value.Check(RouteManifest, manifest)) {
          throw new Error(`${file} is not a route manifest ({"routes": ["/path", ...]})`);
        }
        loaded = { modifiedMs, matches: compileRoutes(manifest.routes) };
      }
      return loaded.matches(decodePath(pathname));
    },
  };
}

/**
 * Matches paths as React Router does: `:name` is one non-empty segment, `:name?` and `segment?`
 * may be absent, a final `*` is anything below, static segments ignore case, and a trailing slash
 * does not count.
 */
export function compileRoutes(patterns: readonly string[]): ClientRouteMatcher {
  const expressions = patterns.map(toRegExp);
  return (pathname) => expressions.some((expression) => expression.test(pathname));
}

function toRegExp(pattern: string): RegExp {
  const segments = pattern.split('/').filter(Boolean);
  const source = segments
    .map((segment) => {
      if (segment === '*') return '(?:/.*)?';
      const optional = segment.endsWith('?');
      const name = optional ? segment.slice(0, -1) : segment;
      const part = name.startsWith(':') ? '/[^/]+' : `/${escapeRegExp(name)}`;
      return optional ? `(?:${part})?` : part;
    })
    .join('');
  return new RegExp(`^${source}/?$`, 'i');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** React Router matches the decoded path (`/c%61rt` is the cart); a malformed escape stays as sent. */
function decodePath(pathname: string): string {
  try {
    return decodeURI(pathname);
  } catch {
    return pathname;
  }
}
