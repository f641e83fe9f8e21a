import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api.js';
import { startSystem, type System } from '../support/system.js';
import {
  clientWithPaidOrder,
  makePng,
  signInAsAdmin,
  waitForAdminOrderStatus,
  bellCount,
} from './support/admin.js';
import {
  HAS_CHROMIUM,
  openBrowser,
  PHONE,
  SCREENSHOT_DIR,
  snap,
  type BrowserSession,
} from './support/browser.js';
import { login, waitForBadge, waitForOrderStatus } from './support/shop.js';

// The admin half of the web story, in Debian's Chromium against the real system. It makes its own
// starting point (a client whose order is PAID, through the API, as storefront.test.ts does in the
// browser), then the admin works in the dashboard while the client watches their order.

describe.runIf(HAS_CHROMIUM)('web app: the admin runs the shop from the dashboard', () => {
  let system: System;
  let api: ApiClient;
  let admin: BrowserSession;
  let shopper: BrowserSession;
  let client: Awaited<ReturnType<typeof clientWithPaidOrder>>;
  /** The API checks read as the admin: signed-in reads skip the gateway's catalog cache. */
  let adminToken: string;
  const suffix = Date.now().toString(36).slice(-5);
  const flow: { categoryId?: string; productId?: string; clientBell: number } = { clientBell: 0 };
  const category = `Poterie ${suffix}`;
  const productName = `Vase de Safi ${suffix}`;

  beforeAll(async () => {
    system = await startSystem();
    api = apiClient(system.gatewayUrl);
    client = await clientWithPaidOrder(api);
    adminToken = await api.login(system.admin.email, system.admin.password);
    admin = await openBrowser(system.gatewayUrl);
    shopper = await openBrowser(system.gatewayUrl);
  }, 240_000);

  afterAll(async () => {
    await admin?.close();
    await shopper?.close();
    await system?.stop();
  }, 60_000);

  it('when the client opens their paid order, then it shows PAID (the starting point)', async () => {
    const { page } = shopper;
    await page.goto(`/login?next=${encodeURIComponent(`/orders/${client.orderId}`)}`);
    await login(page, client.email, client.password);
    await page.waitForURL(`**/orders/${client.orderId}`);
    await waitForOrderStatus(page, 'PAID');
    await waitForBadge(page, 'notification-count', (text) => Number(text || 0) > 0, 20_000);
    flow.clientBell = await bellCount(page);
  }, 60_000);

  it('when the admin signs in, then the dashboard opens on the overview with its figures and charts', async () => {
    const { page } = admin;
    await signInAsAdmin(page, system.admin);
    await page.locator('.adm-kpi').first().waitFor();
    // The paid order is counted: one paid order, and a revenue chart with a bar.
    await page.locator('#chart-revenue-title').waitFor();
    await page
      .locator('#chart-revenue svg[role=img] rect.adm-chart__bar[data-value]:not([data-value="0"])')
      .first()
      .waitFor({ timeout: 20_000 });
    await page.locator('[data-testid=low-stock], [data-testid=low-stock-empty]').first().waitFor();
    expect(await page.locator('.adm-inline-error').count()).toBe(0);
    await snap(page, 'admin-overview');
  }, 60_000);

  it('when the admin creates a category, then it is listed with no products', async () => {
    const { page } = admin;
    await page.getByRole('navigation').locator('a[href="/admin/categories"]').click();
    await page.getByTestId('categories-table').waitFor();
    await page.getByTestId('new-category').click();
    await page.locator('#category-form input[name=name]').fill(category);
    await page
      .locator('#category-form textarea[name=description]')
      .fill('Céramiques de Safi et de Fès.');
    await page.getByTestId('save-category').click();
    const row = page.getByTestId('categories-table').locator('tr', { hasText: category });
    await row.waitFor();
    flow.categoryId = (await row.getAttribute('data-category-id')) ?? undefined;
    expect(flow.categoryId).toMatch(/^[0-9a-f-]{36}$/);
    await snap(page, 'admin-categories');
  }, 60_000);

  it('when the admin creates a product with a price in MAD and a PNG, then it is saved in centimes with its image', async () => {
    const { page } = admin;
    await page.goto('/admin/products/new');
    await page
      .locator('select[name=categoryId] option', { hasText: category })
      .waitFor({ state: 'attached' });
    await page.locator('input[name=name]').fill(productName);
    await page
      .locator('textarea[name=description]')
      .fill('Vase peint à la main, émail bleu de Safi.');
    await page.locator('input[name=price]').fill('249,50');
    await page.locator('input[name=stock]').fill('12');
    await page.locator('select[name=categoryId]').selectOption(flow.categoryId!);
    await page
      .getByTestId('image-input')
      .setInputFiles({ name: 'vase.png', mimeType: 'image/png', buffer: makePng() });
    await page.getByTestId('image-preview').waitFor();
    await snap(page, 'admin-product-new');
    await page.getByTestId('save-product').click();

    await page.waitForURL(/\/admin\/products\/[0-9a-f-]{36}$/);
    flow.productId = page.url().split('/').pop();
    await page.locator('[data-testid=image-preview][src$=".png"]').waitFor({ timeout: 20_000 });
    const saved = await api.get(`/api/products/${flow.productId}`, { token: adminToken });
    expect(saved.body).toMatchObject({
      name: productName,
      price: 24950,
      currency: 'MAD',
      stock: 12,
      categoryId: flow.categoryId,
    });
    expect(saved.body.imageUrl).toMatch(/^\/api\/images\/[0-9a-f]{32}\.png$/);
    const image = await fetch(`${system.gatewayUrl}${saved.body.imageUrl}`);
    expect(image.headers.get('content-type')).toContain('image/png');
    await snap(page, 'admin-product');
  }, 60_000);

  it('when the admin searches the products table and changes the stock in place, then the URL keeps the search and the stock is saved', async () => {
    const { page } = admin;
    await page.goto(
      `/admin/products?q=${encodeURIComponent(`Safi ${suffix}`)}&category=${flow.categoryId}`,
    );
    const row = page.locator(`tr[data-product-id="${flow.productId}"]`);
    await row.waitFor();
    await row.locator('.adm-stock-cell button').click();
    await row.locator('input[type=number]').fill('7');
    await row.locator('input[type=number]').press('Enter');
    await row.locator('.adm-stock-cell').waitFor();
    expect(
      (await api.get(`/api/products/${flow.productId}`, { token: adminToken })).body.stock,
    ).toBe(7);
    expect(new URL(page.url()).searchParams.get('category')).toBe(flow.categoryId);
    await page.goto('/admin/products');
    await page.getByTestId('products-table').waitFor();
    await snap(page, 'admin-products');
  }, 60_000);

  it('when the admin opens the new paid order and marks it shipped, then it is SHIPPED with the step in its timeline', async () => {
    const { page } = admin;
    await page.goto('/admin/orders?status=PAID');
    const row = page.locator(`tr[data-order-id="${client.orderId}"]`);
    await row.waitFor();
    await snap(page, 'admin-orders');
    await row.locator('a').first().click();
    await page.waitForURL(`**/admin/orders/${client.orderId}`);
    await waitForAdminOrderStatus(page, 'PAID');
    await page.getByTestId('payments-table').waitFor();
    await page.getByTestId('order-action-ship').click();
    await waitForAdminOrderStatus(page, 'SHIPPED');
    await page.getByTestId('order-action-deliver').waitFor();
    expect(await page.getByTestId('order-timeline').locator('li').count()).toBeGreaterThanOrEqual(
      4,
    );
    expect(
      (await api.get(`/api/orders/${client.orderId}`, { token: client.token })).body.status,
    ).toBe('SHIPPED');
    await snap(page, 'admin-order');
  }, 60_000);

  it('when the order is shipped, then the client sees SHIPPED and a new notification about it', async () => {
    const { page } = shopper;
    await waitForOrderStatus(page, 'SHIPPED', 30_000);
    await waitForBadge(
      page,
      'notification-count',
      (text) => Number(text || 0) > flow.clientBell,
      20_000,
    );
    await page.getByTestId('notification-bell').click();
    await page
      .locator('.notif-item', { hasText: `#${client.shortId}` })
      .first()
      .waitFor();
    const notifications = await api.get('/api/notifications?kind=order.shipped', {
      token: client.token,
    });
    expect(
      notifications.body.items.map((item: { params: { orderId: string } }) => item.params.orderId),
    ).toContain(client.orderId);
    await page.keyboard.press('Escape');
    expect(shopper.pageErrors).toEqual([]);
  }, 60_000);

  it('when the gateway crashes while the client watches, then what happened meanwhile reaches the page once its stream is back', async () => {
    const { page } = shopper;
    // Records what the page's event streams receive, live and replayed (test instrumentation only).
    await page.addInitScript(`
      window.__soukStream = { notification: [], missed: [] };
      const Original = window.EventSource;
      window.EventSource = class extends Original {
        constructor(url, init) {
          super(url, init);
          for (const type of Object.keys(window.__soukStream)) {
            this.addEventListener(type, (event) => window.__soukStream[type].push(JSON.parse(event.data)));
          }
        }
      };
    `);
    await page.goto(`/orders/${client.orderId}`);
    await waitForOrderStatus(page, 'SHIPPED');
    const received = (type: 'notification' | 'missed', kind: string, orderId: string) =>
      page.waitForFunction(
        ([type, kind, orderId]) => {
          const seen = (
            globalThis as unknown as {
              __soukStream: Record<string, Array<{ kind: string; params: { orderId?: string } }>>;
            }
          ).__soukStream;
          return seen[type]!.some((n) => n.kind === kind && n.params.orderId === orderId);
        },
        [type, kind, orderId] as const,
        { timeout: 30_000 },
      );

    // A live message first, so the stream has a last event id: the client places another order.
    const second = await api.post('/api/orders', {
      token: client.token,
      headers: { 'idempotency-key': randomUUID() },
      body: {
        items: [{ productId: flow.productId!, quantity: 1 }],
        shippingAddress: {
          fullName: 'Amina Benali',
          line1: '12 Derb Sidi Bouloukat',
          city: 'Marrakech',
          postalCode: '40000',
          country: 'MA',
        },
      },
    });
    expect(second.status).toBe(201);
    await received('notification', 'order.awaiting_payment', second.body.id);

    // The gateway dies; meanwhile the admin marks the first order delivered at the order service itself.
    const gatewayPid = await system.kill('gateway');
    const delivered = await fetch(
      `${system.services.order!.url}/api/orders/${client.orderId}/status`,
      {
        method: 'PATCH',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'DELIVERED' }),
      },
    );
    expect(delivered.status).toBe(200);
    await system.waitForRestart('gateway', gatewayPid);

    // The browser comes back with the last id it got and is sent the message it missed.
    await received('missed', 'order.delivered', client.orderId);
    await waitForOrderStatus(page, 'DELIVERED', 30_000);
    expect(shopper.pageErrors).toEqual([]);
  }, 90_000);

  it('when the admin goes through clients, notifications and the system page, then each shows its data', async () => {
    const { page } = admin;
    await page.goto(`/admin/clients?q=${encodeURIComponent(client.email)}`);
    await page.getByTestId('clients-table').locator('a').first().click();
    await page.waitForURL(/\/admin\/clients\/[0-9a-f-]{36}$/);
    await page
      .locator(`[data-testid=orders-table] tr[data-order-id="${client.orderId}"]`)
      .waitFor();
    await snap(page, 'admin-client');
    await page.goto('/admin/clients');
    await page.getByTestId('clients-table').waitFor();
    await snap(page, 'admin-clients');

    await page.goto('/admin/notifications');
    await page
      .getByTestId('admin-notifications')
      .locator('li', { hasText: client.shortId })
      .first()
      .waitFor({ timeout: 20_000 });
    await snap(page, 'admin-notifications');

    await page.goto('/admin/system');
    await page.getByTestId('system-services').locator('.adm-service').nth(6).waitFor();
    expect(await page.locator('.adm-service--down').count()).toBe(0);
    await page.locator('#dead-order-title').waitFor();
    await snap(page, 'admin-system');
  }, 90_000);

  it('when the dashboard is used on a phone, then the menu button opens the navigation and a link closes it', async () => {
    const { page } = admin;
    await page.setViewportSize(PHONE);
    await page.goto('/admin');
    await page.getByTestId('admin-menu-button').click();
    const nav = page.locator('#admin-nav');
    await nav.locator('a[href="/admin/orders"]').waitFor({ state: 'visible' });
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'admin-menu-phone.png') });
    await nav.locator('a[href="/admin/orders"]').click();
    await page.waitForURL('**/admin/orders');
    await nav.locator('a[href="/admin/orders"]').waitFor({ state: 'hidden' });
    expect(admin.pageErrors).toEqual([]);
  }, 60_000);
});
