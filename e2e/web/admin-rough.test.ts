import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api.js';
import { startSystem, type System } from '../support/system.js';
import { clientWithPaidOrder, signInAsAdmin } from './support/admin.js';
import {
  DESKTOP,
  HAS_CHROMIUM,
  openBrowser,
  PHONE,
  type BrowserSession,
} from './support/browser.js';

// The admin's rough edges, at a phone's width and a desktop's, in French: the order date filters
// in the app's language, a product whose image is refused creating nothing, and an overview that
// does not jump while its charts load.

/** "2025-03-09" as typed in French: "09/03/2025". */
const frenchDate = (iso: string) => iso.split('-').reverse().join('/');
const isoDay = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

interface LayoutShift {
  value: number;
  sources: string[];
}

/**
 * Run in the page: every layout shift since it loaded (PerformanceObserver, buffered), without
 * those right after an input, each with the elements that moved (for the failure message).
 * Buffered entries are delivered in a task of their own, so they are read after it.
 */
const READ_LAYOUT_SHIFTS = `new Promise((resolve) => {
  const seen = [];
  const observer = new PerformanceObserver((list) => seen.push(...list.getEntries()));
  observer.observe({ type: 'layout-shift', buffered: true });
  setTimeout(() => {
    seen.push(...observer.takeRecords());
    observer.disconnect();
    resolve(
      seen
        .filter((entry) => !entry.hadRecentInput)
        .map((entry) => ({
          value: entry.value,
          sources: (entry.sources ?? []).map((source) =>
            source.node instanceof Element
              ? source.node.tagName.toLowerCase() + '.' + source.node.className + '#' + source.node.id
              : String(source.node && source.node.nodeName),
          ),
        })),
    );
  }, 0);
})`;

describe.runIf(HAS_CHROMIUM)(
  'web app: admin dates, all-or-nothing products, a steady overview',
  () => {
    let system: System;
    let api: ApiClient;
    let admin: BrowserSession;
    let adminToken: string;
    let orderId: string;
    const suffix = Date.now().toString(36).slice(-5);

    beforeAll(async () => {
      system = await startSystem();
      api = apiClient(system.gatewayUrl);
      orderId = (await clientWithPaidOrder(api)).orderId;
      adminToken = await api.login(system.admin.email, system.admin.password);
      admin = await openBrowser(system.gatewayUrl);
      await signInAsAdmin(admin.page, system.admin);
    }, 240_000);

    afterAll(async () => {
      await admin?.close();
      await system?.stop();
    }, 60_000);

    for (const [width, viewport] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      it(`${width}: the order date filter shows jj/mm/aaaa, filters the orders, and says when a date is not one`, async () => {
        const { page } = admin;
        await page.setViewportSize(viewport);
        const placed = (
          await api.get(`/api/orders/${orderId}`, { token: adminToken })
        ).body.createdAt.slice(0, 10) as string;
        await page.goto(`/admin/orders?from=2025-03-09`);
        const from = page.locator('input[name=from]');
        await expect.poll(() => from.inputValue()).toBe('09/03/2025');
        expect(await from.getAttribute('placeholder')).toBe('jj/mm/aaaa');
        expect(await page.locator('label', { has: page.locator('text=jj/mm/aaaa') }).count()).toBe(
          2,
        );

        // The day the order was placed: it is listed; the next day: it is not.
        await from.fill(frenchDate(placed));
        await from.press('Enter');
        await page.waitForURL((url) => url.searchParams.get('from') === placed);
        await page.locator(`tr[data-order-id="${orderId}"]`).waitFor();
        const to = page.locator('input[name=to]');
        await to.fill(frenchDate(placed));
        await to.press('Enter');
        await page.waitForURL((url) => url.searchParams.get('to') === placed);
        await page.locator(`tr[data-order-id="${orderId}"]`).waitFor();
        const nextDay = isoDay(2);
        await from.fill(frenchDate(nextDay));
        await to.fill('');
        await from.press('Enter');
        await page.waitForURL((url) => url.searchParams.get('from') === nextDay);
        await page.locator('.state--empty').first().waitFor();
        expect(await page.locator(`tr[data-order-id="${orderId}"]`).count()).toBe(0);

        // Not a day of the calendar: an error on the field, the URL keeps its date.
        await from.fill('31/02/2025');
        await from.press('Enter');
        const error = page.locator('.field--invalid .field__error');
        await error.waitFor();
        expect(await error.textContent()).toContain('jj/mm/aaaa');
        expect(await from.getAttribute('aria-invalid')).toBe('true');
        expect(new URL(page.url()).searchParams.get('from')).toBe(nextDay);
      }, 60_000);

      it(`${width}: a new product whose image the server refuses creates nothing and the form keeps what was typed`, async () => {
        const { page } = admin;
        await page.setViewportSize(viewport);
        const name = `Lanterne refusée ${width} ${suffix}`;
        const before = await api.get('/api/products?pageSize=1', { token: adminToken });
        await page.goto('/admin/products/new');
        const category = page.locator('select[name=categoryId] option[value]:not([value=""])');
        await category.first().waitFor({ state: 'attached' });
        await page.locator('input[name=name]').fill(name);
        await page.locator('input[name=price]').fill('149,90');
        await page.locator('input[name=stock]').fill('4');
        const categoryId = await category.first().getAttribute('value');
        expect(categoryId).toMatch(/^[0-9a-f-]{36}$/);
        await page.locator('select[name=categoryId]').selectOption(categoryId ?? '');
        // Named and typed as a PNG, so the browser lets it through; its bytes are no image.
        await page.getByTestId('image-input').setInputFiles({
          name: 'lanterne.png',
          mimeType: 'image/png',
          buffer: Buffer.from('this is text pretending to be a PNG'),
        });
        await page.getByTestId('save-product').click();

        await page.locator('#product-form-error').waitFor();
        await page.locator('#product-image .field__error').waitFor();
        expect(new URL(page.url()).pathname).toBe('/admin/products/new');
        expect(await page.locator('input[name=name]').inputValue()).toBe(name);
        expect(await page.locator('input[name=price]').inputValue()).toBe('149,90');
        expect(await page.locator('input[name=stock]').inputValue()).toBe('4');

        const after = await api.get('/api/products?pageSize=1', { token: adminToken });
        expect(after.body.total).toBe(before.body.total);
        const found = await api.get(`/api/products?q=${encodeURIComponent(name)}`, {
          token: adminToken,
        });
        expect(found.body.total).toBe(0);
      }, 60_000);

      it(`${width}: the overview's cumulative layout shift stays below 0.05 while its charts load`, async () => {
        const { page } = admin;
        await page.setViewportSize(viewport);
        await page.goto('/admin');
        await page.locator('#chart-revenue svg[role=img]').waitFor({ timeout: 20_000 });
        await page.locator('#chart-orders svg[role=img]').waitFor();
        await page
          .locator('[data-testid=low-stock], [data-testid=low-stock-empty]')
          .first()
          .waitFor();
        await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
        const shifts = await page.evaluate<LayoutShift[]>(READ_LAYOUT_SHIFTS);
        const cls = shifts.reduce((sum, shift) => sum + shift.value, 0);
        expect(cls, JSON.stringify(shifts)).toBeLessThan(0.05);
      }, 60_000);
    }
  },
);
