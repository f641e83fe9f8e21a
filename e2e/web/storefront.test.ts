import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSystem, type System } from '../support/system.js';
import { HAS_CHROMIUM, openBrowser, snap, type BrowserSession } from './support/browser.js';
import {
  addToCart,
  fillAddress,
  fillCard,
  fillRegisterForm,
  newShopper,
  orderIdFromUrl,
  productCount,
  search,
  waitForCartCount,
  waitForOrderStatus,
  waitForPositiveBadge,
} from './support/shop.js';

// The web app in Debian's Chromium against the real system, started as `npm start` does. The steps
// run in order and share `flow`; the admin half of the story appends its own steps (its own
// browser session, logged in with `system.admin`) after these.

describe.runIf(HAS_CHROMIUM)('web app: a visitor becomes a client and pays an order', () => {
  let system: System;
  let shopper: BrowserSession;
  const client = newShopper();
  const flow: { orderId?: string; unitsInCart: number } = { unitsInCart: 0 };

  beforeAll(async () => {
    system = await startSystem();
    shopper = await openBrowser(system.gatewayUrl);
  }, 200_000);

  afterAll(async () => {
    await shopper?.close();
    await system?.stop();
  }, 60_000);

  it('when a visitor opens the shop, then the home page shows categories and new products', async () => {
    const { page } = shopper;
    await page.goto('/');
    await page.locator('.category-grid a').first().waitFor();
    await page.locator('.product-grid .product-card').first().waitFor();
    expect(await page.locator('.category-grid a').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await snap(page, 'home');
  }, 60_000);

  it('when the visitor opens a category and searches, then the catalog filters follow the URL and back works', async () => {
    const { page } = shopper;
    await page.locator('.category-grid a').first().click();
    await page.waitForURL(/\/catalog\?category=/);
    await page.getByTestId('product-grid').waitFor();
    expect(await productCount(page)).toBeGreaterThan(0);

    await search(page, 'argan');
    expect(await productCount(page)).toBeGreaterThan(0);
    await page.locator('.product-card__name').first().waitFor();
    const names = await page.locator('.product-card__name').allTextContents();
    expect(names.some((name) => /argan/i.test(name))).toBe(true);

    // The box follows the URL, which the router updates in a transition: click, then wait for both
    // (Playwright's check() reads the box back at once and can see the old state).
    const inStock = page.getByRole('checkbox');
    await inStock.click();
    await page.waitForURL(/stock=1/);
    await vi.waitFor(async () => expect(await inStock.isChecked()).toBe(true), {
      timeout: 5_000,
      interval: 50,
    });
    await page.goBack();
    await page.waitForURL(
      (url) => !url.searchParams.has('stock') && url.searchParams.get('q') === 'argan',
    );
    await page.goForward();
    await page.waitForURL(/stock=1/);
    await page.getByTestId('product-grid').waitFor();
    await snap(page, 'catalog');
  }, 60_000);

  it('when the visitor adds two products, then the cart badge and the cart page count them', async () => {
    const { page } = shopper;
    await page.locator('.product-card__link').first().click();
    await page.waitForURL(/\/products\//);
    await page.getByTestId('add-to-cart').waitFor();
    await snap(page, 'product');
    await addToCart(page, 2);
    // 2, or 1 when only one unit is left (the stepper is bounded by the stock).
    flow.unitsInCart = await waitForPositiveBadge(page, 'cart-count');
    expect([1, 2]).toContain(flow.unitsInCart);

    await page.goto('/catalog?stock=1&sort=price_asc');
    await page.locator('.product-card__link').nth(1).click();
    await page.waitForURL(/\/products\//);
    await addToCart(page, 1);
    await waitForCartCount(page, flow.unitsInCart + 1);
    flow.unitsInCart += 1;

    await page.getByTestId('cart-link').click();
    await page.waitForURL('**/cart');
    await page.getByTestId('cart-line').nth(1).waitFor();
    expect(await page.getByTestId('cart-line').count()).toBe(2);
    await snap(page, 'cart');
  }, 60_000);

  it('when the visitor checks out, then they register and come back to checkout with the cart merged', async () => {
    const { page } = shopper;
    await page.getByTestId('go-checkout').click();
    await page.waitForURL(/\/login\?next=%2Fcheckout/);
    await snap(page, 'login');
    await page.locator('a[href^="/register"]').last().click();
    await page.waitForURL(/\/register/);
    await fillRegisterForm(page, client);
    await snap(page, 'register');
    await page.locator('#main form button[type=submit]').click();
    await page.waitForURL('**/checkout');
    await page.getByTestId('place-order').waitFor();
    // The visitor's lines are now in the server cart.
    await waitForCartCount(page, flow.unitsInCart);
    expect(await page.evaluate('localStorage.getItem("souk.guestCart")')).toBeNull();
  }, 60_000);

  it('when the client places the order, then the stock is reserved and the card form appears', async () => {
    const { page } = shopper;
    await fillAddress(page, {
      fullName: 'Amina Benali',
      line1: '12 Derb Sidi Bouloukat',
      city: 'Marrakech',
      postalCode: '40000',
    });
    await snap(page, 'checkout');
    await page.getByTestId('place-order').click();
    await page.waitForURL(/\/checkout\/[0-9a-f-]{36}\/payment/);
    flow.orderId = orderIdFromUrl(page.url());
    await page.getByTestId('pay').waitFor({ timeout: 30_000 });
    await waitForCartCount(page, 0);
  }, 60_000);

  it('when the client pays with a declined card, then the decline is explained and another card can be tried', async () => {
    const { page } = shopper;
    await page.locator('input[name=cardNumber]').fill('4242 4242 4242 4241');
    await page.locator('input[name=cardNumber]').blur();
    await page.locator('.field__error').first().waitFor();
    await fillCard(page, { number: '4000 0000 0000 0002' });
    await page.getByTestId('pay').click();
    await page.getByTestId('decline-message').waitFor({ timeout: 20_000 });
    expect(page.url()).toContain('/payment');
    await snap(page, 'payment-declined');
  }, 60_000);

  it('when the client pays with a good card, then the confirmation shows the order PAID', async () => {
    const { page } = shopper;
    await fillCard(page, { number: '4242 4242 4242 4242' });
    await page.getByTestId('pay').click();
    await page.waitForURL(/\/checkout\/[0-9a-f-]{36}\/done/, { timeout: 20_000 });
    await waitForOrderStatus(page, 'PAID', 30_000);
    await snap(page, 'confirmation');
  }, 60_000);

  it('when the client opens the order, then its timeline, payments and notifications show the payment', async () => {
    const { page } = shopper;
    await page.goto(`/orders/${flow.orderId}`);
    await waitForOrderStatus(page, 'PAID');
    const steps = await page.locator('[data-testid=timeline] .timeline__item.is-done').count();
    expect(steps).toBeGreaterThanOrEqual(3);
    await page.locator('.payment-list li').nth(1).waitFor();
    await snap(page, 'order');

    await page.goto('/orders');
    await page.getByTestId('order-row').first().waitFor();
    expect(await page.getByTestId('order-row').count()).toBe(1);
    await snap(page, 'orders');

    await waitForPositiveBadge(page, 'notification-count', 20_000);
    await page.getByTestId('notification-bell').click();
    await page.locator('.notif-item').first().waitFor();
    await snap(page, 'notifications');
    await page.keyboard.press('Escape');

    await page.goto('/account');
    await page.locator('input[name=email], input[readonly]').first().waitFor();
    await snap(page, 'account');
    expect(shopper.pageErrors).toEqual([]);
  }, 90_000);
});
