import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from '../../support/system.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Browser tests run where Chromium is installed (CI installs it); elsewhere vitest lists them as skipped. */
export const HAS_CHROMIUM = existsSync(CHROMIUM);
export const SCREENSHOT_DIR = path.join(ROOT, 'e2e', 'screenshots');
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 900 };

/** Without the networking flags Chromium keeps trying to reach the outside (updates, sync...). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Messages the page logged as errors, and uncaught exceptions: a healthy flow has none. */
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * Debian's Chromium with a fresh profile in a temp dir (Playwright takes the profile dir as
 * launchPersistentContext's first argument, not as --user-data-dir). One session per person: the
 * shopper and the admin each get their own, so their tokens never mix.
 */
export async function openBrowser(baseURL: string, viewport = DESKTOP): Promise<BrowserSession> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'souk-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    baseURL,
    viewport,
    locale: 'fr-FR',
    timezoneId: 'Africa/Casablanca',
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(20_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  return {
    context,
    page,
    pageErrors,
    async close() {
      await context.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Saves `<name>-phone.png` (390x844) and `<name>-desktop.png` (1366x900), then restores the viewport. */
export async function snap(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize() ?? DESKTOP;
  for (const [label, size] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    await page.setViewportSize(size);
    // Let layout, lazy images and fonts settle at the new width.
    await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => undefined);
    await page.waitForTimeout(250);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, `${name}-${label}.png`),
      fullPage: true,
    });
  }
  await page.setViewportSize(original);
}
