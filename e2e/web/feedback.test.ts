import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually, type ApiClient } from '../support/api.js';
import { startSystem, type System } from '../support/system.js';
import {
  DESKTOP,
  HAS_CHROMIUM,
  openBrowser,
  PHONE,
  type BrowserSession,
} from './support/browser.js';
import {
  addToCart,
  fillAddress,
  fillCard,
  login,
  waitForCartCount,
  waitForOrderStatus,
  waitForPositiveBadge,
} from './support/shop.js';

// Feedback that never gets in the way: toasts only for what the page does not show, never over a
// buy, checkout or pay button or a total, at most one per action; and a cart the API cannot
// answer for says so instead of "empty".

/** What must never be covered: the primary buttons and the totals of each step. */
const PRIMARY = [
  '[data-testid=add-to-cart]',
  '[data-testid=buy-bar]',
  '[data-testid=go-checkout]',
  '[data-testid=place-order]',
  '[data-testid=pay]',
  '[data-testid=cart-total]',
  '.summary__total',
  '.order-total',
  '.pay-amount',
].join(', ');

interface ToastSeen {
  title: string;
  path: string;
  /** The primary elements on screen that the toast's box intersected, when it appeared and 400 ms later. */
  covered: string[];
  /** Whether the toast's top is below the header's bottom. */
  underHeader: boolean;
}

/**
 * Runs in the page before the app (a string: this project has no DOM types): records every toast
 * as it appears, with the primary elements its box intersects then and once its entrance (a short
 * slide down) is over, so a toast that came and went between two checks of the test is still seen.
 */
const RECORD_TOASTS = `(() => {
  const primary = ${JSON.stringify(PRIMARY)};
  const seen = [];
  window.toastsSeen = seen;
  const intersects = (a, b) =>
    a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const check = (toast, entry, settled) => {
    const box = toast.getBoundingClientRect();
    if (!toast.isConnected || box.width === 0) return;
    const header = document.querySelector('.site-header')?.getBoundingClientRect();
    if (settled && header && box.top < header.bottom) entry.underHeader = false;
    for (const element of document.querySelectorAll(primary)) {
      const target = element.getBoundingClientRect();
      if (target.width === 0 || target.height === 0) continue;
      if (intersects(box, target)) entry.covered.push(element.outerHTML.slice(0, 80));
    }
  };
  new MutationObserver((mutations) => {
    for (const mutation of mutations)
      for (const node of mutation.addedNodes) {
        if (!(node instanceof HTMLElement) || node.dataset.testid !== 'toast') continue;
        const entry = {
          title: node.querySelector('.toast__title')?.textContent ?? '',
          path: location.pathname,
          covered: [],
          underHeader: true,
        };
        seen.push(entry);
        check(node, entry, false);
        setTimeout(() => check(node, entry, true), 400);
      }
  }).observe(document, { childList: true, subtree: true });
})();`;

async function toastsSeen(page: Page): Promise<ToastSeen[]> {
  return page.evaluate<ToastSeen[]>('window.toastsSeen');
}

/** The titles of the toasts seen since `from` (an index in the record), apart from those about `otherOrders`. */
async function toastsOfAction(page: Page, from: number, otherOrders: string[]) {
  const all = (await toastsSeen(page)).slice(from);
  return all
    .map((toast) => toast.title)
    .filter((title) => !otherOrders.some((shortId) => title.includes(shortId)));
}

/** Waits (bounded) until a toast naming `text` appears after the `from`th one, and is on screen. */
async function waitForToast(page: Page, from: number, text: string): Promise<void> {
  await eventually(
    async () => (await toastsSeen(page)).slice(from).some((toast) => toast.title.includes(text)),
    `a toast about ${text}`,
  );
  await page.getByTestId('toast').filter({ hasText: text }).last().waitFor();
}

const shortIdOf = (orderId: string) => orderId.replace(/-/g, '').slice(0, 8).toUpperCase();

/** An order placed through the API, as another tab or device of the same client would. */
async function placeOrderElsewhere(api: ApiClient, token: string, productId: string) {
  const placed = await api.post('/api/orders', {
    token,
    headers: { 'idempotency-key': randomUUID() },
    body: {
      items: [{ productId, quantity: 1 }],
      shippingAddress: {
        fullName: 'Amina Benali',
        line1: '3 Rue Tarik',
        city: 'Fès',
        postalCode: '30000',
        country: 'MA',
      },
    },
  });
  if (placed.status !== 201)
    throw new Error(`order: ${placed.status} ${JSON.stringify(placed.body)}`);
  const orderId = placed.body.id as string;
  await eventually(
    async () =>
      (await api.get(`/api/orders/${orderId}`, { token })).body.status === 'AWAITING_PAYMENT',
    'the stock reservation of the other order',
  );
  return { orderId, shortId: shortIdOf(orderId) };
}

describe.runIf(HAS_CHROMIUM)('web app: feedback that never covers the buy buttons', () => {
  let system: System;
  let api: ApiClient;
  let products: Array<{ id: string }>;
  const sessions: BrowserSession[] = [];

  beforeAll(async () => {
    system = await startSystem();
    api = apiClient(system.gatewayUrl);
    products = (await api.get('/api/products?inStock=true&sort=price_asc&pageSize=5')).body.items;
    expect(products.length).toBeGreaterThanOrEqual(2);
  }, 200_000);

  afterAll(async () => {
    for (const session of sessions) await session.close();
    await system?.stop();
  }, 60_000);

  async function open(viewport: typeof PHONE): Promise<Page> {
    const session = await openBrowser(system.gatewayUrl, viewport);
    sessions.push(session);
    // Room for a machine busy with other tests: these steps wait for what they check, not for time.
    session.context.setDefaultTimeout(30_000);
    session.context.setDefaultNavigationTimeout(45_000);
    await session.page.addInitScript(RECORD_TOASTS);
    return session.page;
  }

  for (const [label, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`on a ${label}, when a client adds to the cart, checks out and pays while news of other orders arrives, then no toast covers a buy button or a total and each action shows at most one`, async () => {
      const client = await api.register(`feedback-${label}`);
      const page = await open(viewport);
      const otherOrders: string[] = [];
      await page.goto('/login');
      await login(page, client.email, client.password);
      await page.waitForURL((url) => url.pathname === '/');
      // The stream is open once it has told the bell about the welcome message.
      await waitForPositiveBadge(page, 'notification-count', 20_000);

      // Add to cart, with a toast about an order placed elsewhere on screen.
      await page.goto(`/products/${products[1]!.id}`);
      await page.getByTestId('add-to-cart').waitFor();
      let from = (await toastsSeen(page)).length;
      const elsewhere = await placeOrderElsewhere(api, client.token, products[0]!.id);
      otherOrders.push(elsewhere.shortId);
      await waitForToast(page, from, elsewhere.shortId);
      from = (await toastsSeen(page)).length;
      await addToCart(page, 1);
      await waitForCartCount(page, 1);
      expect(await toastsOfAction(page, from, otherOrders)).toEqual([]);

      // Checkout: the other order is cancelled meanwhile, which the page does not show.
      await page.getByTestId('cart-link').click();
      await page.getByTestId('go-checkout').click();
      await page.getByTestId('place-order').waitFor();
      from = (await toastsSeen(page)).length;
      const cancelled = await api.post(`/api/orders/${elsewhere.orderId}/cancel`, {
        token: client.token,
      });
      expect(cancelled.status).toBe(200);
      await waitForToast(page, from, elsewhere.shortId);
      await fillAddress(page, {
        fullName: 'Amina Benali',
        line1: '12 Derb Sidi Bouloukat',
        city: 'Marrakech',
        postalCode: '40000',
      });
      from = (await toastsSeen(page)).length;
      await page.getByTestId('place-order').click();
      await page.waitForURL(/\/checkout\/[0-9a-f-]{36}\/payment/);
      await page.getByTestId('pay').waitFor({ timeout: 30_000 });
      // The new order's own news (placed, awaiting payment) is what the payment page shows.
      expect(await toastsOfAction(page, from, otherOrders)).toEqual([]);

      // Payment, with yet another order placed elsewhere showing its toast.
      from = (await toastsSeen(page)).length;
      const third = await placeOrderElsewhere(api, client.token, products[0]!.id);
      otherOrders.push(third.shortId);
      await waitForToast(page, from, third.shortId);
      await fillCard(page, { number: '4242 4242 4242 4242' });
      from = (await toastsSeen(page)).length;
      await page.getByTestId('pay').click();
      await page.waitForURL(/\/checkout\/[0-9a-f-]{36}\/done/, { timeout: 20_000 });
      await waitForOrderStatus(page, 'PAID', 30_000);
      expect(await toastsOfAction(page, from, otherOrders)).toEqual([]);

      const seen = await toastsSeen(page);
      expect(seen.length).toBeGreaterThanOrEqual(3);
      expect(seen.filter((toast) => toast.covered.length > 0)).toEqual([]);
      expect(seen.filter((toast) => !toast.underHeader)).toEqual([]);
      expect(await page.getByTestId('toast').count()).toBeLessThanOrEqual(1);
    }, 150_000);

    it(`on a ${label}, when the API is cut after a visitor added an item, then the cart page says it could not be loaded with a retry, never "empty", and the retry shows the item`, async () => {
      const page = await open(viewport);
      await page.goto(`/products/${products[1]!.id}`);
      await addToCart(page, 1);
      await waitForCartCount(page, 1);
      const stored = await page.evaluate('localStorage.getItem("souk.guestCart")');

      await page.route('**/api/**', (route) => route.abort());
      await page.goto('/cart');
      const error = page.locator('.state--error');
      await error.waitFor();
      expect(await page.getByTestId('cart-kept').textContent()).toMatch(/1 article/);
      expect(await page.locator('.state--empty').count()).toBe(0);
      expect(await page.getByTestId('cart-line').count()).toBe(0);
      await waitForCartCount(page, 1);
      expect(await page.evaluate('localStorage.getItem("souk.guestCart")')).toBe(stored);

      await page.unroute('**/api/**');
      await error.getByRole('button').click();
      await page.getByTestId('cart-line').waitFor();
      expect(await page.getByTestId('cart-line').count()).toBe(1);
      expect(await page.locator('.state--empty').count()).toBe(0);
      expect(await page.evaluate('localStorage.getItem("souk.guestCart")')).toBe(stored);
    }, 60_000);
  }
});
