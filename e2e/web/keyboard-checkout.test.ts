import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type System } from '../support/system.js';
import { HAS_CHROMIUM, openBrowser, type BrowserSession } from './support/browser.js';
import { expectFocusAfterRouteChange, focusState, tabTo } from './support/keyboard.js';
import { newShopper, waitForCartCount, waitForOrderStatus } from './support/shop.js';

// A new visitor buys with the keyboard alone (Tab, Shift+Tab, Enter, Space and typing: no mouse,
// no click, no fill): registers, searches, adds a product, checks out and pays. At every Tab stop
// the focus must be visible, and after every route change it must be somewhere, not on <body>.
// The steps run in order in one browser session.

/** Tabs to the field and types into it, as a person would. */
async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await tabTo(page, selector);
  await page.keyboard.type(text);
}

/** Waits for the new URL and the new page (`ready`: an element only it has), then checks focus. */
async function followTo(
  page: Page,
  url: Parameters<Page['waitForURL']>[0],
  ready: string,
  where: string,
): Promise<void> {
  await page.waitForURL(url);
  await page.locator(ready).first().waitFor({ timeout: 30_000 });
  await expectFocusAfterRouteChange(page, where);
}

describe.runIf(HAS_CHROMIUM)('web app: a keyboard-only visitor registers and pays', () => {
  let system: System;
  let session: BrowserSession;
  const shopper = newShopper();

  beforeAll(async () => {
    system = await startSystem();
    session = await openBrowser(system.gatewayUrl);
  }, 200_000);

  afterAll(async () => {
    await session?.close();
    await system?.stop();
  }, 60_000);

  it('when the visitor registers from the header with the keyboard, then they are signed in', async () => {
    const { page } = session;
    await page.goto('/');
    await page.locator('.product-grid .product-card').first().waitFor();
    await tabTo(page, 'header a[href^="/login"]');
    await page.keyboard.press('Enter');
    await followTo(page, /\/login/, '#main a[href^="/register"]', 'login');
    await tabTo(page, '#main a[href^="/register"]');
    await page.keyboard.press('Enter');
    await followTo(page, /\/register/, 'input[name=firstName]', 'register');

    await typeInto(page, 'input[name=firstName]', shopper.firstName);
    await typeInto(page, 'input[name=lastName]', shopper.lastName);
    await typeInto(page, 'input[name=email]', shopper.email);
    await typeInto(page, 'input[name=password]', shopper.password);
    await tabTo(page, '#main form button[type=submit]');
    await page.keyboard.press('Enter');
    await followTo(page, (url) => url.pathname === '/', '.product-grid .product-card', 'home');
  }, 60_000);

  it('when the client searches and adds a product with Space, then the cart counts it and focus stays on the button', async () => {
    const { page } = session;
    await tabTo(page, '#site-search', { backwards: true });
    await page.keyboard.type('argan');
    await page.keyboard.press('Enter');
    await followTo(
      page,
      (url) => url.pathname === '/catalog' && url.searchParams.get('q') === 'argan',
      '.product-card__link',
      'the search results',
    );

    await tabTo(page, '.product-card__link');
    await page.keyboard.press('Enter');
    await followTo(page, /\/products\//, '[data-testid=add-to-cart]', 'the product');
    await tabTo(page, '[data-testid=add-to-cart]');
    await page.keyboard.press('Space');
    await waitForCartCount(page, 1);
    // The button was busy while the line was added; focus must not have dropped to <body>.
    const focus = await focusState(page);
    expect(focus.description).toContain('data-testid=add-to-cart');
  }, 60_000);

  it('when the client goes to the cart and checks out, then the address form leads to the card form', async () => {
    const { page } = session;
    await tabTo(page, '[data-testid=cart-link]', { backwards: true });
    await page.keyboard.press('Enter');
    await followTo(page, '**/cart', '[data-testid=cart-line]', 'the cart');
    await tabTo(page, '[data-testid=go-checkout]');
    await page.keyboard.press('Enter');
    await followTo(page, '**/checkout', '[data-testid=place-order]', 'checkout');

    await typeInto(page, 'input[name=fullName]', 'Amina Benali');
    await typeInto(page, 'input[name=line1]', '12 Derb Sidi Bouloukat');
    await typeInto(page, 'input[name=city]', 'Marrakech');
    await typeInto(page, 'input[name=postalCode]', '40000');
    await tabTo(page, '[data-testid=place-order]');
    await page.keyboard.press('Enter');
    await followTo(page, /\/checkout\/[0-9a-f-]{36}\/payment/, '[data-testid=pay]', 'payment');
  }, 60_000);

  it('when the client types a card and presses Enter on pay, then the order is shown PAID', async () => {
    const { page } = session;
    const year = String((new Date().getFullYear() + 3) % 100).padStart(2, '0');
    await typeInto(page, 'input[name=holderName]', 'Amina Benali');
    await typeInto(page, 'input[name=cardNumber]', '4242 4242 4242 4242');
    await typeInto(page, 'input[name=expiry]', `12${year}`);
    await typeInto(page, 'input[name=cvc]', '123');
    await tabTo(page, '[data-testid=pay]');
    await page.keyboard.press('Enter');
    await followTo(
      page,
      /\/checkout\/[0-9a-f-]{36}\/done/,
      '[data-testid=order-status]',
      'the confirmation',
    );
    await waitForOrderStatus(page, 'PAID', 30_000);
    expect(session.pageErrors).toEqual([]);
  }, 60_000);
});
