import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.js';
import { waitForMailTo } from '../support/mail.js';
import { startSystem, type System } from '../support/system.js';
import { HAS_CHROMIUM, openBrowser, PHONE, type BrowserSession } from './support/browser.js';
import { login } from './support/shop.js';

// A shopper who forgot their password, in the browser, with the mail read from the launcher's
// SMTP catcher: login page -> "forgot" -> the mailed link -> a new password -> signed in.

describe.runIf(HAS_CHROMIUM)('web app: a forgotten password', () => {
  let system: System;
  let shopper: BrowserSession;

  beforeAll(async () => {
    system = await startSystem();
    shopper = await openBrowser(system.gatewayUrl, PHONE);
  }, 200_000);
  afterAll(async () => {
    await shopper?.close();
    await system?.stop();
  }, 60_000);

  it('when a shopper asks for a link and follows it, then the new password signs them in and the link works once', async () => {
    const client = await apiClient(system.gatewayUrl).register('forgetful');
    const { page } = shopper;
    await page.goto('/login');
    await page.locator('a[href="/forgot-password"]').click();
    await page.waitForURL(/\/forgot-password$/);
    await page.locator('input[name=email]').fill(client.email);
    await page.locator('#main form button[type=submit]').click();
    await page.getByTestId('reset-sent').waitFor();

    const mail = await waitForMailTo(system, client.email);
    const link = /http:\/\/localhost:\d+\/reset-password#token=[A-Za-z0-9_-]{43}/.exec(
      mail.text,
    )?.[0];
    expect(link).toBeDefined();
    // The mail links to the shop as its users reach it; here the test opens it on the gateway.
    const path = new URL(link!);
    await page.goto(`${path.pathname}${path.hash}`);
    await page.locator('input[name=password]').fill('a fresh and long passphrase');
    await page.locator('#main form button[type=submit]').click();
    await page.getByTestId('reset-done').waitFor();

    await page.goto('/login');
    await login(page, client.email, 'a fresh and long passphrase');
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));

    // The same link again: refused, saying it has been used.
    await page.goto(`${path.pathname}${path.hash}`);
    await page.locator('input[name=password]').fill('yet another long passphrase');
    await page.locator('#main form button[type=submit]').click();
    await page.getByTestId('reset-link-refused').waitFor();
    expect(shopper.pageErrors).toEqual([]);
  }, 120_000);
});
