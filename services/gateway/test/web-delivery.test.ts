import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot, type App } from '@souk/platform';
import { startGateway } from './support.js';

const BUNDLE = `console.log(${JSON.stringify('the shop '.repeat(400))});`;
const INDEX = '<!doctype html><title>souk shop</title><div id="root"></div>';
const ROBOTS = path.join(packageRoot(import.meta.url), '..', '..', 'apps/web/public/robots.txt');

/** One GET with the body as bytes (the shared `call` reads text, which would mangle brotli). */
async function get(base: string, pathname: string, headers: Record<string, string> = {}) {
  const response = await request(`${base}${pathname}`, { headers });
  const body = Buffer.from(await response.body.arrayBuffer());
  return { status: response.statusCode, headers: response.headers, body };
}

// A build as the web app's Vite config writes it: bundles with .br and .gz copies and a source map
// beside them, the route manifest and robots.txt.
describe('web app delivery', () => {
  let webDir: string;
  let gateway: { app: App; url: string };

  beforeAll(async () => {
    webDir = await mkdtemp(path.join(tmpdir(), 'souk-web-delivery-'));
    await mkdir(path.join(webDir, 'assets'));
    const bundle = path.join(webDir, 'assets', 'index-3f2a9c.js');
    await writeFile(bundle, BUNDLE);
    await writeFile(`${bundle}.br`, brotliCompressSync(BUNDLE));
    await writeFile(`${bundle}.gz`, gzipSync(BUNDLE));
    await writeFile(`${bundle}.map`, '{"version":3,"sources":["src/main.tsx"]}');
    await writeFile(path.join(webDir, 'index.html'), INDEX);
    await writeFile(
      path.join(webDir, 'routes.json'),
      JSON.stringify({
        routes: ['/', '/catalog', '/products/:id', '/admin/orders/:id', '/docs/*'],
      }),
    );
    await copyFile(ROBOTS, path.join(webDir, 'robots.txt'));
    gateway = await startGateway({}, { WEB_DIR: webDir });
  });

  afterAll(async () => {
    await gateway?.app.close();
    await rm(webDir, { recursive: true, force: true });
  });

  it('when a browser accepts brotli, then the bundle comes from the .br copy with its own length', async () => {
    const answer = await get(gateway.url, '/assets/index-3f2a9c.js', {
      'accept-encoding': 'gzip, deflate, br, zstd',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('br');
    expect(answer.headers['content-type']).toContain('javascript');
    expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
    expect(answer.body.length).toBeLessThan(BUNDLE.length / 4);
    expect(brotliDecompressSync(answer.body).toString()).toBe(BUNDLE);
    expect(answer.headers.vary).toMatch(/accept-encoding/i);
  });

  it('when a client accepts only gzip, then the .gz copy is sent', async () => {
    const answer = await get(gateway.url, '/assets/index-3f2a9c.js', { 'accept-encoding': 'gzip' });
    expect(answer.headers['content-encoding']).toBe('gzip');
    expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
    expect(gunzipSync(answer.body).toString()).toBe(BUNDLE);
    expect(answer.headers.vary).toMatch(/accept-encoding/i);
  });

  it('when a client accepts no encoding, or refuses brotli with q=0, then it gets what it can read', async () => {
    const plain = await get(gateway.url, '/assets/index-3f2a9c.js', {
      'accept-encoding': 'identity',
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(BUNDLE);
    expect(Number(plain.headers['content-length'])).toBe(Buffer.byteLength(BUNDLE));
    expect(plain.headers.vary).toMatch(/accept-encoding/i);

    const noBrotli = await get(gateway.url, '/assets/index-3f2a9c.js', {
      'accept-encoding': 'br;q=0, gzip',
    });
    expect(noBrotli.headers['content-encoding']).toBe('gzip');
  });

  it('when a hashed asset or a page is served, then the asset is immutable for a year and the page is revalidated', async () => {
    for (const encoding of ['br', 'gzip', 'identity']) {
      const asset = await get(gateway.url, '/assets/index-3f2a9c.js', {
        'accept-encoding': encoding,
      });
      expect(asset.headers['cache-control'], encoding).toBe('public, max-age=31536000, immutable');
    }
    const page = await get(gateway.url, '/products/p1', { 'accept-encoding': 'br' });
    expect(page.headers['cache-control']).toBe('no-cache');
    expect((await get(gateway.url, '/robots.txt')).headers['cache-control']).toBe('no-cache');
  });

  it('when a source map or a compressed copy is asked for by name, then it is a 404', async () => {
    for (const hidden of [
      '/assets/index-3f2a9c.js.map',
      '/assets/index-3f2a9c.js.br',
      '/assets/index-3f2a9c.js.gz',
    ]) {
      const answer = await get(gateway.url, hidden, { 'accept-encoding': 'gzip, br' });
      expect(answer.status, hidden).toBe(404);
      expect(answer.body.toString(), hidden).not.toContain('sources');
    }
  });

  it("when a URL is one of the app's routes, then index.html comes with 200", async () => {
    for (const route of [
      '/',
      '/catalog',
      '/catalog/',
      '/Catalog',
      '/products/p1',
      '/products/a%20b',
      '/admin/orders/o-42',
      '/docs',
      '/docs/a/b',
    ]) {
      const answer = await get(gateway.url, route);
      expect(answer.status, route).toBe(200);
      expect(answer.body.toString(), route).toBe(INDEX);
    }
  });

  it('when a URL is no route of the app, then index.html comes with 404 and no validator', async () => {
    for (const unknown of [
      '/nowhere',
      '/products',
      '/products/p1/extra',
      '/admin/orders',
      '/catalogue',
      '/wp-login',
    ]) {
      const answer = await get(gateway.url, unknown);
      expect(answer.status, unknown).toBe(404);
      expect(answer.headers['content-type'], unknown).toContain('text/html');
      expect(answer.body.toString(), unknown).toBe(INDEX);
      expect(answer.headers['cache-control'], unknown).toBe('no-cache');
      expect(answer.headers.etag, unknown).toBeUndefined();
    }
  });

  it('when the app is rebuilt with other routes, then the gateway follows without a restart', async () => {
    const manifest = path.join(webDir, 'routes.json');
    expect((await get(gateway.url, '/wishlist')).status).toBe(404);
    await writeFile(manifest, JSON.stringify({ routes: ['/', '/wishlist'] }));
    try {
      expect((await get(gateway.url, '/wishlist')).status).toBe(200);
      expect((await get(gateway.url, '/catalog')).status).toBe(404);
    } finally {
      await writeFile(
        manifest,
        JSON.stringify({
          routes: ['/', '/catalog', '/products/:id', '/admin/orders/:id', '/docs/*'],
        }),
      );
    }
  });

  it('when robots.txt is asked for, then crawlers may read the shop but not the dashboard or the API', async () => {
    const answer = await get(gateway.url, '/robots.txt');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toContain('text/plain');
    const rules = answer.body
      .toString()
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(rules).toEqual(['User-agent: *', 'Allow: /', 'Disallow: /admin', 'Disallow: /api']);
  });
});
