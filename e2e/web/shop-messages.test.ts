import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type System } from '../support/system.js';
import {
  DESKTOP,
  HAS_CHROMIUM,
  openBrowser,
  PHONE,
  type BrowserSession,
} from './support/browser.js';

// What the shop says where it used to say nothing or the wrong thing, at phone and desktop widths:
// a title per page and focus on its heading after a route change, a real 404, a page past the
// last one, a price that is not one, and a quantity above the stock.

describe.runIf(HAS_CHROMIUM)('web app: the shop says what is going on', () => {
  let system: System;
  const sessions: Record<string, BrowserSession> = {};

  beforeAll(async () => {
    system = await startSystem();
    sessions.phone = await openBrowser(system.gatewayUrl, PHONE);
    sessions.desktop = await openBrowser(system.gatewayUrl, DESKTOP);
  }, 200_000);

  afterAll(async () => {
    await Promise.all(Object.values(sessions).map((session) => session.close()));
    await system?.stop();
  }, 60_000);

  for (const width of ['phone', 'desktop'] as const) {
    describe(`on a ${width}`, () => {
      const page = () => sessions[width]!.page;

      it('when the visitor moves between pages, then each has its own title and the focus lands on its heading', async () => {
        await page().goto('/');
        await page().locator('.product-grid .product-card').first().waitFor();
        const homeTitle = await page().title();
        await page().locator('.product-card__link').first().click();
        await page().waitForURL(/\/products\//);
        const heading = page().locator('main h1');
        await heading.waitFor();
        const name = (await heading.textContent())!.trim();
        await expect.poll(() => page().title()).toBe(`${name} · Souk`);
        expect(await page().title()).not.toBe(homeTitle);
        await expect.poll(() => page().evaluate(() => document.activeElement?.tagName)).toBe('H1');
      }, 60_000);

      it('when an unknown address is opened, then the server answers 404 and the page has a heading', async () => {
        const response = await page().goto('/no-such-page');
        expect(response?.status()).toBe(404);
        await page().locator('main h1').waitFor();
      }, 60_000);

      it('when the catalogue is opened past its last page, then it says so instead of blaming filters', async () => {
        await page().goto('/catalog?page=99');
        await page().getByText('Cette page n’existe pas').waitFor();
        expect(await page().getByText('Aucun produit ne correspond').count()).toBe(0);
        await page().getByRole('link', { name: 'Aller à la première page' }).waitFor();
      }, 60_000);

      it('when a minimum price that is not a number is typed, then the field says so and nothing is applied', async () => {
        await page().goto('/catalog');
        await page().getByTestId('product-grid').waitFor();
        const toggle = page().locator('.catalog__filters-toggle');
        if (await toggle.isVisible()) await toggle.click();
        const min = page().getByLabel('Prix min (MAD)');
        await min.fill('abc');
        await page().getByText('Saisissez un prix comme 120 ou 99,50.').waitFor();
        expect(await page().getByRole('button', { name: 'Appliquer' }).isDisabled()).toBe(true);
        expect(new URL(page().url()).search).not.toMatch(/min/i);
      }, 60_000);

      it('when more units than the stock are asked for, then the quantity stops at the stock and says how many are available', async () => {
        await page().goto('/catalog?inStock=true');
        await page().locator('.product-card__link').first().click();
        await page().waitForURL(/\/products\//);
        const input = page().locator('.product-detail .stepper__input');
        await input.waitFor();
        const max = Number(await input.getAttribute('max'));
        expect(max).toBeGreaterThan(0);
        await input.fill(String(max + 5));
        const note = page()
          .getByText(/^Seulement \d+ disponibles?$/)
          .first();
        await note.waitFor();
        expect(await note.textContent()).toContain(String(max));
        expect(await input.inputValue()).toBe(String(max));
      }, 60_000);
    });
  }
});
