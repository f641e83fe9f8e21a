import type { Page } from 'playwright-core';

/**
 * Page helpers for the storefront, by role, name attribute or data-testid (not by French or
 * English text, so the language switch cannot break them). The admin half adds its own beside.
 */

export interface Shopper {
  firstName: string;
  lastName: string;
  email: string;
  password: string;
  phone?: string;
}

export function newShopper(): Shopper {
  const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  return {
    firstName: 'Amina',
    lastName: 'Benali',
    email: `amina.${id}@example.com`,
    password: 'argan-oil-2024',
    phone: '+212612345678',
  };
}

/** Types words in the header's search box and waits for the catalog to show results. */
export async function search(page: Page, words: string): Promise<void> {
  const box = page.locator('#site-search');
  await box.fill(words);
  await box.press('Enter');
  await page.waitForURL(
    (url) => url.pathname === '/catalog' && url.searchParams.get('q') === words,
  );
  await page.getByTestId('product-grid').waitFor();
}

export async function productCount(page: Page): Promise<number> {
  return page.getByTestId('product-grid').locator('li').count();
}

export async function cartCount(page: Page): Promise<number> {
  const text = await page.getByTestId('cart-count').textContent();
  return Number(text ?? '0');
}

/**
 * Waits (bounded) until the text of the element with this test id satisfies `accept`. Polled from
 * here rather than with page.waitForFunction, whose in-page polling evaluates a string and is
 * refused by the gateway's Content-Security-Policy (no 'unsafe-eval'), as it should be.
 */
export async function waitForBadge(
  page: Page,
  testId: string,
  accept: (text: string) => boolean,
  timeout = 10_000,
): Promise<string> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text =
      (await page
        .getByTestId(testId)
        .first()
        .textContent({ timeout: 1_000 })
        .catch(() => null)) ?? '';
    if (accept(text)) return text;
    if (Date.now() > deadline)
      throw new Error(`[data-testid=${testId}] still shows "${text}" after ${timeout} ms`);
    await page.waitForTimeout(100);
  }
}

/** Waits until the header's cart badge shows `count`. */
export async function waitForCartCount(page: Page, count: number, timeout = 10_000): Promise<void> {
  await waitForBadge(page, 'cart-count', (text) => text === String(count), timeout);
}

/** On a product page: sets the quantity and adds it to the cart. */
export async function addToCart(page: Page, quantity: number): Promise<void> {
  const input = page.locator('.product-detail .stepper__input');
  await input.fill(String(quantity));
  await page.getByTestId('add-to-cart').click();
}

export async function fillRegisterForm(page: Page, shopper: Shopper): Promise<void> {
  await page.locator('input[name=firstName]').fill(shopper.firstName);
  await page.locator('input[name=lastName]').fill(shopper.lastName);
  await page.locator('input[name=email]').fill(shopper.email);
  await page.locator('input[name=password]').fill(shopper.password);
  if (shopper.phone) await page.locator('input[name=phone]').fill(shopper.phone);
}

export async function login(page: Page, email: string, password: string): Promise<void> {
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.locator('#main form button[type=submit]').click();
}

export async function fillAddress(
  page: Page,
  address: { fullName: string; line1: string; city: string; postalCode: string },
): Promise<void> {
  await page.locator('input[name=fullName]').fill(address.fullName);
  await page.locator('input[name=line1]').fill(address.line1);
  await page.locator('input[name=city]').fill(address.city);
  await page.locator('input[name=postalCode]').fill(address.postalCode);
}

export async function fillCard(
  page: Page,
  card: { number: string; holderName?: string; expiry?: string; cvc?: string },
): Promise<void> {
  const year = String((new Date().getFullYear() + 3) % 100).padStart(2, '0');
  await page.locator('input[name=holderName]').fill(card.holderName ?? 'Amina Benali');
  await page.locator('input[name=cardNumber]').fill(card.number);
  await page.locator('input[name=expiry]').fill(card.expiry ?? `12/${year}`);
  await page.locator('input[name=cvc]').fill(card.cvc ?? '123');
}

/** Waits (bounded) until the header's badge (`cart-count`, `notification-count`) is above zero. */
export async function waitForPositiveBadge(
  page: Page,
  testId: string,
  timeout = 10_000,
): Promise<number> {
  return Number(await waitForBadge(page, testId, (text) => Number(text || 0) > 0, timeout));
}

/** Waits (bounded) until the order status badge on the page says `status`. */
export async function waitForOrderStatus(
  page: Page,
  status: string,
  timeout = 30_000,
): Promise<void> {
  await page
    .locator(`[data-testid=order-status][data-status=${status}]`)
    .first()
    .waitFor({ timeout });
}

export function orderIdFromUrl(url: string): string {
  const match = /\/(?:checkout|orders)\/([0-9a-f-]{36})/.exec(url);
  if (!match) throw new Error(`no order id in ${url}`);
  return match[1]!;
}
