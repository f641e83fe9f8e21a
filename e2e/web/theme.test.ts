import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.js';
import { startSystem, type System } from '../support/system.js';
import { clientWithPaidOrder, signInAsAdmin } from './support/admin.js';
import {
  DESKTOP,
  HAS_CHROMIUM,
  openBrowser,
  PHONE,
  snap,
  type BrowserSession,
} from './support/browser.js';
import type { Page } from 'playwright-core';

// Dark mode in Debian's Chromium against the real system: the shop follows the system setting,
// the header's theme switch overrides it and is remembered, and the dark pages pass axe-core's
// colour-contrast rule (the storefront, and the admin overview with its charts).

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const THEME_KEY = 'souk.theme';

type Rgb = [number, number, number];

/** Chromium's computed colours are `rgb(r, g, b)` or `rgba(r, g, b, a)`. */
function parseRgb(css: string): { rgb: Rgb; alpha: number } {
  const match = /^rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)$/.exec(css);
  if (!match) throw new Error(`not an rgb() colour: ${css}`);
  return {
    rgb: [Number(match[1]), Number(match[2]), Number(match[3])],
    alpha: match[4] === undefined ? 1 : Number(match[4]),
  };
}

/** WCAG relative luminance: 0 is black, 1 is white. */
function luminance([r, g, b]: Rgb): number {
  const [R, G, B] = [r, g, b].map((channel) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * R! + 0.7152 * G! + 0.0722 * B!;
}

function contrast(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

async function bodyBackground(page: Page): Promise<Rgb> {
  const css = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
  return parseRgb(css).rgb;
}

const isDark = (rgb: Rgb) => luminance(rgb) < 0.05;
const isLight = (rgb: Rgb) => luminance(rgb) > 0.8;

async function openHome(page: Page): Promise<void> {
  await page.goto('/');
  // The first visit after start-up fills the catalog cache: allow it more than the default.
  await page.locator('.product-grid .product-card').first().waitFor({ timeout: 30_000 });
}

/** Opens the header's theme menu and picks a choice; the menu closes on its own. */
async function chooseTheme(page: Page, choice: 'system' | 'light' | 'dark'): Promise<void> {
  await page.getByTestId('theme-switch').click();
  await page.getByTestId(`theme-${choice}`).click();
  await page.locator(`[data-testid=theme-switch][data-theme-choice=${choice}]`).waitFor();
}

/** Nothing wider than the screen: the header (with the switch) fits a phone. */
async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/**
 * The gateway's CSP allows scripts from the site's own files only (no inline script, which is what
 * addScriptTag({ path }) would add), so axe-core is served at a path of the site itself, answered
 * from node_modules by the test; the page keeps its real policy.
 */
async function serveAxe(page: Page): Promise<void> {
  await page.route('**/__axe.min.js', (route) =>
    route.fulfill({ path: AXE_SCRIPT, contentType: 'text/javascript' }),
  );
}

/** Runs axe-core's colour-contrast rule on the page as it is; serious and critical findings. */
async function contrastViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ url: '/__axe.min.js' });
  // A string, as the e2e code has no DOM types; a promise it returns is awaited.
  const violations = await page.evaluate<AxeViolation[]>(
    "axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast'] } }).then((result) => result.violations)",
  );
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes.map(
        (node) =>
          `${violation.id} (${violation.impact}) ${JSON.stringify(node.target)}: ${node.failureSummary ?? violation.help}`,
      ),
    );
}

describe.runIf(HAS_CHROMIUM)('web app: dark mode', () => {
  let system: System;
  let visitor: BrowserSession;
  let admin: BrowserSession;

  beforeAll(async () => {
    system = await startSystem();
    // A paid order, so the admin overview draws its charts with bars.
    await clientWithPaidOrder(apiClient(system.gatewayUrl));
    visitor = await openBrowser(system.gatewayUrl);
    admin = await openBrowser(system.gatewayUrl);
    for (const { page } of [visitor, admin]) await serveAxe(page);
  }, 240_000);

  afterAll(async () => {
    await visitor?.close();
    await admin?.close();
    await system?.stop();
  }, 60_000);

  it('when the system is dark, then the shop renders dark at phone and desktop widths', async () => {
    const { page } = visitor;
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      await openHome(page);
      expect(await page.locator('html').getAttribute('data-theme')).toBeNull();
      expect(isDark(await bodyBackground(page)), `body at ${viewport.width}px`).toBe(true);
      const text = parseRgb(await page.evaluate<string>('getComputedStyle(document.body).color'));
      expect(isLight(text.rgb)).toBe(true);
      // Form controls and scrollbars follow too.
      expect(
        await page.evaluate<string>('getComputedStyle(document.documentElement).colorScheme'),
      ).toBe('light dark');
      await page.getByTestId('theme-switch').waitFor({ state: 'visible' });
      expect(await horizontalOverflow(page), `overflow at ${viewport.width}px`).toBeLessThanOrEqual(
        0,
      );
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await openHome(page);
    expect(isLight(await bodyBackground(page))).toBe(true);
  }, 60_000);

  it('when the visitor picks a theme against the system, then it wins and survives a reload, at phone and desktop widths', async () => {
    const { page } = visitor;
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: 'dark' });
      await openHome(page);
      await chooseTheme(page, 'light');
      expect(isLight(await bodyBackground(page)), `light at ${viewport.width}px`).toBe(true);
      await page.reload();
      await page.locator('.product-grid .product-card').first().waitFor();
      expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
      expect(isLight(await bodyBackground(page))).toBe(true);
      expect(await page.evaluate<string | null>(`localStorage.getItem('${THEME_KEY}')`)).toBe(
        'light',
      );

      await page.emulateMedia({ colorScheme: 'light' });
      await chooseTheme(page, 'dark');
      await page.reload();
      await page.locator('.product-grid .product-card').first().waitFor();
      expect(isDark(await bodyBackground(page)), `dark at ${viewport.width}px`).toBe(true);
      expect(
        await page.evaluate<string>('getComputedStyle(document.documentElement).colorScheme'),
      ).toBe('dark');

      // Back to the system setting: the stored choice goes, the page is light like the system.
      await chooseTheme(page, 'system');
      expect(await page.evaluate<string | null>(`localStorage.getItem('${THEME_KEY}')`)).toBeNull();
      expect(isLight(await bodyBackground(page))).toBe(true);
    }
  }, 90_000);
  it('when the system is dark, then the home, catalogue and product pages have no serious contrast problem', async () => {
    const { page } = visitor;
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize(DESKTOP);
    await openHome(page);
    await snap(page, 'dark-home');
    expect(isDark(await bodyBackground(page))).toBe(true);
    expect(await contrastViolations(page)).toEqual([]);

    await page.goto('/catalog');
    await page.getByTestId('product-grid').locator('.product-card').first().waitFor();
    expect(await contrastViolations(page)).toEqual([]);

    await page.getByTestId('product-grid').locator('.product-card a').first().click();
    await page.waitForURL(/\/products\//);
    await page.locator('.product-detail__name').waitFor();
    expect(await contrastViolations(page)).toEqual([]);
    await snap(page, 'dark-product');
  }, 90_000);

  it('when the system is dark, then the admin overview has no serious contrast problem and its charts stand out', async () => {
    const { page } = admin;
    await page.emulateMedia({ colorScheme: 'dark' });
    await signInAsAdmin(page, system.admin);
    await page
      .locator('#chart-revenue svg[role=img] rect.adm-chart__bar[data-value]:not([data-value="0"])')
      .first()
      .waitFor({ timeout: 20_000 });
    expect(isDark(await bodyBackground(page))).toBe(true);
    expect(await contrastViolations(page)).toEqual([]);

    // axe leaves SVG text alone: check the chart's colours against its panel ourselves.
    const colours = await page.evaluate<
      Record<'background' | 'bar' | 'axis' | 'label', string>
    >(`(() => {
      const chart = document.querySelector('#chart-revenue');
      // The first ancestor of the picture with a background of its own: the panel.
      let element = chart.querySelector('svg');
      let background = 'rgba(0, 0, 0, 0)';
      while (element && /, 0\\)$/.test(background)) {
        element = element.parentElement;
        if (element) background = getComputedStyle(element).backgroundColor;
      }
      const fill = (selector) => getComputedStyle(chart.querySelector(selector)).fill;
      return {
        background,
        bar: fill('.adm-chart__bar'),
        axis: fill('.adm-chart__grid text'),
        label: fill('.adm-chart__labels text'),
      };
    })()`);
    const background = parseRgb(colours.background).rgb;
    expect(isDark(background)).toBe(true);
    // WCAG: 3:1 for graphics, 4.5:1 for text.
    expect(contrast(parseRgb(colours.bar).rgb, background)).toBeGreaterThanOrEqual(3);
    expect(contrast(parseRgb(colours.axis).rgb, background)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(parseRgb(colours.label).rgb, background)).toBeGreaterThanOrEqual(4.5);
    await snap(page, 'dark-admin-overview');

    await page.setViewportSize(PHONE);
    await page.getByTestId('theme-switch').waitFor({ state: 'visible' });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  }, 90_000);
});
