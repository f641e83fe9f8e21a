import type { Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type System } from '../support/system.js';
import { HAS_CHROMIUM, openBrowser, type BrowserSession } from './support/browser.js';

/** Compressed JavaScript a first visit to the storefront may download (issue 10, item 7). */
const FIRST_LOAD_JS_BUDGET_BYTES = 160 * 1024;

// The built web app as the gateway delivers it, in Debian's Chromium against the real system: what
// a first visit costs, which encodings arrive, what unknown URLs and private files answer.

describe.runIf(HAS_CHROMIUM)('web app delivery: budget, encodings, 404s', () => {
  let system: System;
  let visitor: BrowserSession;

  beforeAll(async () => {
    system = await startSystem();
    visitor = await openBrowser(system.gatewayUrl);
  }, 200_000);

  afterAll(async () => {
    await visitor?.close();
    await system?.stop();
  }, 60_000);

  it('when a visitor opens the storefront for the first time, then at most 160 KB of compressed JavaScript arrive, in brotli', async () => {
    const { page } = visitor;
    const scripts: Response[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.endsWith('.js')) scripts.push(response);
    });
    await page.goto('/');
    await page.locator('.product-grid .product-card').first().waitFor();
    await page.waitForLoadState('networkidle');

    // Resource timing's encodedBodySize is the body as it crossed the network (compressed).
    // (A string: the e2e project has no DOM types.)
    const sizes: Array<{ url: string; encoded: number; decoded: number }> = await page.evaluate(`
      performance
        .getEntriesByType('resource')
        .filter((entry) => new URL(entry.name).pathname.endsWith('.js'))
        .map((entry) => ({ url: entry.name, encoded: entry.encodedBodySize, decoded: entry.decodedBodySize }))
    `);
    const encoded = sizes.reduce((sum, entry) => sum + entry.encoded, 0);
    const decoded = sizes.reduce((sum, entry) => sum + entry.decoded, 0);
    console.log(
      `first load of /: ${sizes.length} JavaScript file(s), ${(encoded / 1024).toFixed(1)} KB compressed ` +
        `(${(decoded / 1024).toFixed(1)} KB uncompressed), budget ${FIRST_LOAD_JS_BUDGET_BYTES / 1024} KB` +
        sizes.map((entry) => `\n  ${new URL(entry.url).pathname}: ${entry.encoded} B`).join(''),
    );

    expect(sizes.length).toBeGreaterThan(0);
    expect(encoded).toBeGreaterThan(0);
    expect(encoded).toBeLessThan(decoded / 2);
    expect(encoded).toBeLessThanOrEqual(FIRST_LOAD_JS_BUDGET_BYTES);
    expect(scripts.length).toBe(sizes.length);
    for (const script of scripts) {
      const headers = await script.allHeaders();
      // The build compresses files from 1 KiB up; smaller ones are sent as they are.
      const decodedSize = sizes.find((entry) => entry.url === script.url())?.decoded ?? 0;
      if (decodedSize >= 1024) expect(headers['content-encoding'], script.url()).toBe('br');
      expect(headers['cache-control'], script.url()).toBe('public, max-age=31536000, immutable');
    }
  }, 60_000);

  it('when a visitor follows a dead link, then the page says so with a 404 status, and a real deep link is a 200', async () => {
    const { page } = visitor;
    const dead = await page.goto('/no-such-page');
    expect(dead?.status()).toBe(404);
    await page.getByText('Page introuvable').waitFor();

    const deep = await page.goto('/catalog');
    expect(deep?.status()).toBe(200);
    await page.getByTestId('product-grid').waitFor();
  }, 60_000);

  it('when the source maps and robots.txt are asked for, then the maps are not public and robots.txt keeps crawlers out of /admin and /api', async () => {
    const { page } = visitor;
    await page.goto('/');
    const bundles = await Promise.all(
      (await page.locator('script[src]').all()).map(async (script) =>
        new URL((await script.getAttribute('src')) ?? '', system.gatewayUrl).toString(),
      ),
    );
    expect(bundles.length).toBeGreaterThan(0);
    for (const bundle of bundles) {
      const map = await page.request.get(`${bundle}.map`);
      expect(map.status(), `${bundle}.map`).toBe(404);
      const source = await page.request.get(bundle);
      expect(await source.text()).not.toContain('sourceMappingURL');
    }

    const robots = await page.request.get('/robots.txt');
    expect(robots.status()).toBe(200);
    expect(await robots.text()).toMatch(/^Disallow: \/admin$[\s\S]*^Disallow: \/api$/m);
  }, 60_000);
});
