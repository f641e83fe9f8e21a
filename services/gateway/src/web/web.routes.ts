import { access } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { packageRoot } from '@souk/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { clientRoutes } from './client-routes.js';

/** `<repo>/apps/web/dist`, two folders above the gateway's package. */
export const DEFAULT_WEB_DIR = path.join(
  packageRoot(import.meta.url),
  '..',
  '..',
  'apps',
  'web',
  'dist',
);

const HASHED_ASSETS = '/assets/';
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;
/** Source maps stay beside the build for reading stack traces; compressed copies are only sent
 * in place of their original, never asked for by name. */
const NEVER_SERVED = /\.(map|br|gz)$/i;

/**
 * The web app's files, with index.html for client-side routes (paths without a file extension):
 * status 200 for the pages the app's route manifest lists, 404 for any other path (the app still
 * renders its not-found page). Files are sent from the build's precompressed `.br` or `.gz` copy
 * when the browser accepts it. Hashed bundles never change under one name, so they are cached for
 * a year; index.html is revalidated every time so a deployment is picked up at once.
 */
export async function webRoutes(app: FastifyInstance, options: { webDir: string }): Promise<void> {
  const root = path.resolve(options.webDir);
  const pages = clientRoutes(root);
  await app.register(fastifyStatic, {
    root,
    serve: false,
    dotfiles: 'ignore',
    cacheControl: false,
    index: false,
    preCompressed: true,
  });

  app.get(
    '/*',
    { schema: { hide: true } },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const pathname = request.url.split('?')[0]!;
      if (isReserved(pathname) || NEVER_SERVED.test(pathname)) return reply.callNotFound();
      // The reply depends on Accept-Encoding (the .br, .gz or plain copy): caches must key on it.
      addVary(reply, 'accept-encoding');
      if (isFileRequest(pathname)) {
        reply.header(
          'cache-control',
          pathname.startsWith(HASHED_ASSETS)
            ? `public, max-age=${ONE_YEAR_SECONDS}, immutable`
            : 'no-cache',
        );
        return reply.sendFile(pathname.slice(1));
      }
      if (!(await exists(path.join(root, 'index.html')))) {
        return reply
          .code(200)
          .header('cache-control', 'no-cache')
          .type('text/html; charset=utf-8')
          .send(NOT_BUILT_PAGE);
      }
      reply.header('cache-control', 'no-cache');
      if (await pages.isPage(pathname)) return reply.sendFile('index.html');
      // No validators on a 404: a 304 would keep the 404 status with an empty body.
      return reply.code(404).sendFile('index.html', { etag: false, lastModified: false });
    },
  );
}

/** Adds to what is there: CORS has already put `Origin` in Vary. */
function addVary(reply: FastifyReply, field: string): void {
  const current = reply.getHeader('vary');
  reply.header('vary', current ? `${String(current)}, ${field}` : field);
}

/** A last segment with a dot (`app.js`, `.env`) names a file; anything else is a client-side route. */
function isFileRequest(pathname: string): boolean {
  return pathname.slice(pathname.lastIndexOf('/') + 1).includes('.');
}

/** API, health and metrics paths are never the web app's, even when nothing else matched them. */
function isReserved(pathname: string): boolean {
  return (
    pathname === '/api' ||
    pathname.startsWith('/api/') ||
    pathname === '/health' ||
    pathname.startsWith('/health/') ||
    pathname === '/metrics'
  );
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>souk: web app not built</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5}code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px}</style>
</head>
<body>
<h1>The web app is not built yet</h1>
<p>The gateway is running, but it found no <code>index.html</code> in its web folder (<code>WEB_DIR</code>).</p>
<p>Build it with <code>npm run build</code> at the repository root, then reload this page.</p>
<p>The API works already: see its documentation at <a href="/api/docs">/api/docs</a>.</p>
</body>
</html>
`;
