import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually, type ApiClient } from '../support/api.js';
import { startSystem, type System } from '../support/system.js';
import { clientWithPaidOrder, signInAsAdmin, waitForAdminOrderStatus } from './support/admin.js';
import { checkPage, describeFindings, serveAxe, type Finding } from './support/axe.js';
import { HAS_CHROMIUM, openBrowser, type BrowserSession } from './support/browser.js';
import { addToCart, login, waitForCartCount, waitForOrderStatus } from './support/shop.js';

// axe-core on every screen of the web app, at phone and desktop widths in light mode: no
// violation of impact serious or critical. Each group collects what it finds on all its pages, so
// one run lists every problem (page, width, rule, impact, element) rather than the first.

interface Screen {
  name: string;
  path: string;
  ready: (page: Page) => Promise<unknown>;
}

const visible = (selector: string) => (page: Page) => page.locator(selector).first().waitFor();

async function checkScreens(page: Page, screens: Screen[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const screen of screens) {
    await page.goto(screen.path);
    findings.push(...(await checkPage(page, screen.name, screen.ready)));
  }
  return findings;
}

function expectNoFindings(findings: Finding[]): void {
  if (findings.length > 0) console.error(describeFindings(findings));
  expect(describeFindings(findings)).toBe('');
}

describe.runIf(HAS_CHROMIUM)('web app: accessibility of every screen (axe-core)', () => {
  let system: System;
  let api: ApiClient;
  let shopper: BrowserSession;
  let admin: BrowserSession;
  let client: Awaited<ReturnType<typeof clientWithPaidOrder>>;
  /** An order of the client's still waiting for its payment, for the payment screen. */
  let unpaidOrderId: string;
  let product: { id: string; categoryId: string };

  beforeAll(async () => {
    system = await startSystem();
    api = apiClient(system.gatewayUrl);
    client = await clientWithPaidOrder(api);
    const products = await api.get('/api/products?inStock=true&sort=price_asc&pageSize=5');
    product = products.body.items[0];
    const placed = await api.post('/api/orders', {
      token: client.token,
      headers: { 'idempotency-key': randomUUID() },
      body: {
        items: [{ productId: product.id, quantity: 1 }],
        shippingAddress: {
          fullName: 'Salma Idrissi',
          line1: '3 Rue de la Kasbah',
          city: 'Tanger',
          postalCode: '90000',
          country: 'MA',
        },
      },
    });
    expect(placed.status).toBe(201);
    unpaidOrderId = placed.body.id;
    await eventually(
      async () =>
        (await api.get(`/api/orders/${unpaidOrderId}`, { token: client.token })).body.status ===
        'AWAITING_PAYMENT',
      'the stock reservation',
    );
    shopper = await openBrowser(system.gatewayUrl);
    admin = await openBrowser(system.gatewayUrl);
    await serveAxe(shopper.page);
    await serveAxe(admin.page);
  }, 240_000);

  afterAll(async () => {
    await shopper?.close();
    await admin?.close();
    await system?.stop();
  }, 60_000);

  it('when a visitor browses the shop, then no screen has a serious or critical violation', async () => {
    const { page } = shopper;
    const findings = await checkScreens(page, [
      { name: 'home', path: '/', ready: visible('.product-grid .product-card') },
      { name: 'catalogue', path: '/catalog', ready: visible('[data-testid=product-grid] li') },
      {
        name: 'catalogue with filters',
        path: `/catalog?category=${product.categoryId}&stock=1&sort=price_asc`,
        ready: visible('[data-testid=product-grid] li'),
      },
      {
        name: 'product',
        path: `/products/${product.id}`,
        ready: visible('[data-testid=add-to-cart]'),
      },
      { name: 'empty cart', path: '/cart', ready: visible('.state--empty') },
      { name: 'login', path: '/login', ready: visible('#main form button[type=submit]') },
      { name: 'register', path: '/register', ready: visible('#main form input[name=firstName]') },
      {
        name: 'forgotten password',
        path: '/forgot-password',
        ready: visible('#main form input[name=email]'),
      },
      {
        name: 'reset password',
        path: `/reset-password#token=${'A'.repeat(43)}`,
        ready: visible('#main form input[name=password]'),
      },
      { name: '404', path: '/no-such-page', ready: visible('main h1') },
    ]);

    await page.goto(`/products/${product.id}`);
    await addToCart(page, 1);
    await waitForCartCount(page, 1);
    findings.push(
      ...(await checkScreens(page, [
        { name: 'full cart', path: '/cart', ready: visible('[data-testid=cart-line]') },
      ])),
    );
    expectNoFindings(findings);
    expect(shopper.pageErrors).toEqual([]);
  }, 180_000);

  it('when the client checks out and follows their orders, then no screen has a serious or critical violation', async () => {
    const { page } = shopper;
    await page.goto('/login?next=%2Faccount');
    await login(page, client.email, client.password);
    await page.waitForURL('**/account');
    const findings = await checkScreens(page, [
      { name: 'account', path: '/account', ready: visible('input[readonly]') },
      { name: 'checkout', path: '/checkout', ready: visible('[data-testid=place-order]') },
      {
        name: 'payment',
        path: `/checkout/${unpaidOrderId}/payment`,
        ready: (page) => page.getByTestId('pay').waitFor({ timeout: 30_000 }),
      },
      {
        name: 'confirmation',
        path: `/checkout/${client.orderId}/done`,
        ready: (page) => waitForOrderStatus(page, 'PAID'),
      },
      { name: 'orders', path: '/orders', ready: visible('[data-testid=order-row]') },
      {
        name: 'order',
        path: `/orders/${client.orderId}`,
        ready: async (page) => {
          await waitForOrderStatus(page, 'PAID');
          await page.locator('.payment-list li').first().waitFor();
        },
      },
    ]);
    expectNoFindings(findings);
    expect(shopper.pageErrors).toEqual([]);
  }, 180_000);

  it('when the admin goes through the dashboard, then no screen has a serious or critical violation', async () => {
    const { page } = admin;
    await signInAsAdmin(page, system.admin);
    await page.goto(`/admin/clients?q=${encodeURIComponent(client.email)}`);
    const clientLink = page.getByTestId('clients-table').locator('a').first();
    const clientPath = await clientLink.getAttribute('href');
    expect(clientPath).toMatch(/^\/admin\/clients\/[0-9a-f-]{36}$/);

    const findings = await checkScreens(page, [
      {
        name: 'admin overview',
        path: '/admin',
        ready: async (page) => {
          await page.locator('.adm-kpi').first().waitFor();
          await page
            .locator('[data-testid=low-stock], [data-testid=low-stock-empty]')
            .first()
            .waitFor();
        },
      },
      {
        name: 'admin products',
        path: '/admin/products',
        ready: visible('[data-testid=products-table] tbody tr'),
      },
      {
        name: 'admin new product',
        path: '/admin/products/new',
        ready: (page) =>
          page
            .locator('select[name=categoryId] option[value]:not([value=""])')
            .first()
            .waitFor({ state: 'attached' }),
      },
      {
        name: 'admin product editor',
        path: `/admin/products/${product.id}`,
        ready: visible('[data-testid=save-product]'),
      },
      {
        name: 'admin categories',
        path: '/admin/categories',
        ready: visible('[data-testid=categories-table] tbody tr'),
      },
      {
        name: 'admin clients',
        path: '/admin/clients',
        ready: visible('[data-testid=clients-table] tbody tr'),
      },
      {
        name: 'admin client',
        path: clientPath!,
        ready: visible(`[data-testid=orders-table] tr[data-order-id="${client.orderId}"]`),
      },
      {
        name: 'admin orders',
        path: '/admin/orders',
        ready: visible(`tr[data-order-id="${client.orderId}"]`),
      },
      {
        name: 'admin order',
        path: `/admin/orders/${client.orderId}`,
        ready: async (page) => {
          await waitForAdminOrderStatus(page, 'PAID');
          await page.getByTestId('payments-table').waitFor();
        },
      },
      {
        name: 'admin notifications',
        path: '/admin/notifications',
        ready: (page) =>
          page
            .getByTestId('admin-notifications')
            .locator('li')
            .first()
            .waitFor({ timeout: 20_000 }),
      },
      {
        name: 'admin system',
        path: '/admin/system',
        ready: (page) =>
          page.getByTestId('system-services').locator('.adm-service').nth(6).waitFor(),
      },
    ]);
    expectNoFindings(findings);
    expect(admin.pageErrors).toEqual([]);
  }, 240_000);
});
