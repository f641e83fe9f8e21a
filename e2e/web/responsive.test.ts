import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startSystem, type System } from '../support/system.js';
import {
  DESKTOP,
  HAS_CHROMIUM,
  openBrowser,
  PHONE,
  snap,
  type BrowserSession,
} from './support/browser.js';
import { waitForCartCount } from './support/shop.js';

// The storefront at a phone's width and at a desktop's: the menu that replaces the header's
// navigation below 900 px, the product page's buy bar, and the catalogue's category select.

const WIDE = { width: 1440, height: 900 };

interface Fit {
  text: string;
  textWidth: number;
  room: number;
  scrollWidth: number;
  clientWidth: number;
}

// In-page code is given as strings: the e2e project has no DOM types.

/** Whether the focus is on, or (with `within`) inside, the element `selector` names. */
async function hasFocus(page: Page, selector: string, within = false): Promise<boolean> {
  return (await page.locator(within ? `${selector} :focus` : `${selector}:focus`).count()) === 1;
}

/** Opens the catalogue (the filters too on a phone) and returns the category select. */
async function categorySelect(page: Page): Promise<Locator> {
  await page.goto('/catalog');
  await page.getByTestId('product-grid').waitFor();
  const toggle = page.locator('[aria-controls=catalog-filters]');
  if (await toggle.isVisible()) await toggle.click();
  const select = page.locator('#catalog-filters select');
  await select.locator('option:nth-child(2)').waitFor({ state: 'attached' });
  return select;
}

describe.runIf(HAS_CHROMIUM)('web app on a phone and on a desktop', () => {
  let system: System;
  let visitor: BrowserSession;

  beforeAll(async () => {
    system = await startSystem();
    visitor = await openBrowser(system.gatewayUrl, PHONE);
  }, 200_000);

  afterAll(async () => {
    await visitor?.close();
    await system?.stop();
  }, 60_000);

  it('when a phone visitor opens the menu with the keyboard, then focus moves into it and Escape gives it back to the button', async () => {
    const { page } = visitor;
    await page.goto('/');
    const button = page.getByTestId('menu-button');
    const panel = page.locator('#mobile-menu');
    await button.waitFor();
    expect(await page.locator('.main-nav').isVisible()).toBe(false);
    expect(await button.getAttribute('aria-label')).toBeTruthy();
    expect(await button.getAttribute('aria-controls')).toBe('mobile-menu');
    expect(await button.getAttribute('aria-expanded')).toBe('false');

    await button.focus();
    await page.keyboard.press('Enter');
    await panel.waitFor();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    expect(await hasFocus(page, '#mobile-menu', true)).toBe(true);
    await panel.locator('a[href^="/catalog?category="]').first().waitFor();
    await snap(page, 'mobile-menu');

    await page.keyboard.press('Tab');
    expect(await hasFocus(page, '#mobile-menu', true)).toBe(true);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await hasFocus(page, '[data-testid=menu-button]')).toBe(true);
  }, 60_000);

  it('when a phone visitor clicks outside the open menu, then it closes', async () => {
    const { page } = visitor;
    await page.getByTestId('menu-button').click();
    const panel = page.locator('#mobile-menu');
    await panel.waitFor();
    // The search box, in the header but outside the menu: a click there leaves the page as it is.
    await page.locator('#site-search').click();
    await panel.waitFor({ state: 'hidden' });
    expect(await page.getByTestId('menu-button').getAttribute('aria-expanded')).toBe('false');
  }, 60_000);

  it('when a phone visitor picks a category in the menu, then the catalogue shows it and the menu closes', async () => {
    const { page } = visitor;
    await page.getByTestId('menu-button').click();
    const link = page.locator('#mobile-menu a[href^="/catalog?category="]').first();
    const href = await link.getAttribute('href');
    await link.click();
    await page.waitForURL((url) => `${url.pathname}${url.search}` === href);
    await page.getByTestId('product-grid').waitFor();
    await page.locator('#mobile-menu').waitFor({ state: 'hidden' });
    const category = new URLSearchParams(href!.split('?')[1]).get('category');
    expect(await page.locator('#catalog-filters select').inputValue()).toBe(category);

    await page.getByTestId('menu-button').click();
    await page.locator('#mobile-menu a[href="/catalog"]').click();
    await page.waitForURL((url) => url.pathname === '/catalog' && url.search === '');
    await page.locator('#mobile-menu').waitFor({ state: 'hidden' });
  }, 60_000);

  it('when a phone visitor opens a product, then the buy bar is in view without scrolling and adds to the cart', async () => {
    const { page } = visitor;
    await page.goto('/catalog?stock=1');
    await page.locator('.product-card__link').first().click();
    await page.waitForURL(/\/products\//);
    const bar = page.getByTestId('buy-bar');
    await bar.waitFor();
    expect(await page.evaluate('window.scrollY')).toBe(0);
    const box = (await bar.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
    expect(await bar.textContent()).toMatch(/MAD/);
    await snap(page, 'buy-bar');

    await page.getByTestId('buy-bar-add').click();
    await waitForCartCount(page, 1);
    // The badge is the confirmation (no toast repeats it); any toast that shows sits clear of the bar.
    const barBox = (await bar.boundingBox())!;
    for (const toast of await page.locator('.toast').all()) {
      const toastBox = (await toast.boundingBox())!;
      expect(toastBox.y + toastBox.height).toBeLessThanOrEqual(barBox.y);
    }
    expect(await page.getByTestId('buy-bar-add').isVisible()).toBe(true);
  }, 60_000);

  it('when a phone visitor scrolls to the end of a product page, then the buy bar covers none of it', async () => {
    const { page } = visitor;
    await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
    const barTop = (await page.getByTestId('buy-bar').boundingBox())!.y;
    const description = (await page.locator('.product-detail__description').boundingBox())!;
    expect(description.y + description.height).toBeLessThanOrEqual(barTop);
    // The last line of the page (the footer's) shows, with no bar over it.
    const coveredBy = await page.evaluate(`(() => {
      const bottom = document.querySelector('.site-footer__bottom').getBoundingClientRect();
      const hit = document.elementFromPoint(bottom.left + 20, bottom.top + bottom.height / 2);
      return hit?.closest('[data-testid=buy-bar]') ? 'buy-bar' : hit?.closest('footer') ? 'footer' : 'other';
    })()`);
    expect(coveredBy).toBe('footer');
  }, 60_000);

  it('when a desktop visitor opens a product, then the header nav shows and the menu button and buy bar do not', async () => {
    const { page } = visitor;
    await page.setViewportSize(DESKTOP);
    await page.goto('/catalog?stock=1');
    await page.locator('.product-card__link').first().click();
    await page.waitForURL(/\/products\//);
    await page.getByTestId('add-to-cart').waitFor();
    expect(await page.locator('.main-nav').isVisible()).toBe(true);
    expect(await page.getByTestId('menu-button').isVisible()).toBe(false);
    expect(await page.getByTestId('buy-bar').isVisible()).toBe(false);
    await page.setViewportSize(PHONE);
  }, 60_000);

  for (const [label, size] of [
    ['1440x900', WIDE],
    ['390x844', PHONE],
  ] as const) {
    it(`when the longest category is chosen at ${label}, then its whole name shows in the select`, async () => {
      const { page } = visitor;
      await page.setViewportSize(size);
      const select = await categorySelect(page);
      const options = await select.locator('option').allTextContents();
      const longest = options.reduce((a, b) => (b.length > a.length ? b : a));
      await select.selectOption({ label: longest });
      await page.waitForURL(/category=/);
      // The page renders again for the new URL: measure once the select shows the choice.
      await expect
        .poll(() =>
          page.evaluate(
            `document.querySelector('#catalog-filters select')?.selectedOptions[0]?.text`,
          ),
        )
        .toBe(longest);
      // The text's own width in the select's font, against the room inside its padding. (A
      // select's scrollWidth is its clientWidth however long its text: alone it proves nothing.)
      const fit: Fit = await page.evaluate(`(() => {
        const select = document.querySelector('#catalog-filters select');
        const style = getComputedStyle(select);
        const canvas = document.createElement('canvas').getContext('2d');
        canvas.font = style.font;
        const text = select.selectedOptions[0].text;
        return {
          text,
          textWidth: canvas.measureText(text).width,
          room: select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
          scrollWidth: select.scrollWidth,
          clientWidth: select.clientWidth,
        };
      })()`);
      expect(fit.text).toBe(longest);
      expect(fit.scrollWidth).toBeLessThanOrEqual(fit.clientWidth);
      expect(fit.textWidth, JSON.stringify(fit)).toBeLessThanOrEqual(fit.room);
    }, 60_000);
  }

  it('ends without page errors', () => {
    expect(visitor.pageErrors).toEqual([]);
  });
});
