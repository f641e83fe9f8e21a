import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE } from './browser.js';

/** axe-core's browser build, from the e2e workspace's own dependency. */
const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The impacts this project does not ship with: a serious or critical barrier for someone. */
const BLOCKING = new Set(['serious', 'critical']);

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/** One line per offending element: page, width, rule, impact, target and what axe says is wrong. */
export interface Finding {
  page: string;
  width: string;
  id: string;
  impact: string;
  target: string;
  summary: string;
}

/**
 * The gateway's Content-Security-Policy allows scripts from the site's own files only (no inline
 * script, which is what addScriptTag({ path }) would add), so axe-core is served at a path of the
 * site itself, answered from node_modules by the test: the page keeps its real policy. Call once
 * per page before axeFindings.
 */
export async function serveAxe(page: Page): Promise<void> {
  await page.route('**/__axe.min.js', (route) =>
    route.fulfill({ path: AXE_SCRIPT, contentType: 'text/javascript' }),
  );
}

/**
 * Runs axe-core on what the page shows now and returns its serious and critical violations, one
 * finding per element.
 */
export async function axeFindings(page: Page, name: string, width: string): Promise<Finding[]> {
  const loaded = await page.evaluate(() => 'axe' in globalThis);
  if (!loaded) await page.addScriptTag({ url: '/__axe.min.js' });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } })
      .axe;
    return (await axe.run()).violations;
  });
  return (violations as AxeViolation[])
    .filter((violation) => BLOCKING.has(violation.impact ?? ''))
    .flatMap((violation) =>
      violation.nodes.map((node) => ({
        page: name,
        width,
        id: violation.id,
        impact: violation.impact ?? '',
        target: node.target.map(String).join(' > '),
        summary: (node.failureSummary ?? violation.help).replace(/\s+/g, ' ').trim(),
      })),
    );
}

/**
 * Checks the page at phone and desktop widths, in light mode: `ready` is awaited after each
 * resize (a layout may render other parts per width) before axe looks.
 */
export async function checkPage(
  page: Page,
  name: string,
  ready: (page: Page) => Promise<unknown>,
): Promise<Finding[]> {
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  const findings: Finding[] = [];
  for (const [width, size] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    await page.setViewportSize(size);
    await ready(page);
    await page.locator('[aria-busy=true]').first().waitFor({ state: 'detached' });
    findings.push(...(await axeFindings(page, name, width)));
  }
  return findings;
}

export function describeFindings(findings: Finding[]): string {
  return findings
    .map(
      (finding) =>
        `${finding.page} (${finding.width}): ${finding.id} [${finding.impact}] ${finding.target}\n    ${finding.summary}`,
    )
    .join('\n');
}
