/// <reference lib="dom" />
// The functions below that run in the page (readFocus, focusedElement) need the DOM types.
import type { JSHandle, Page } from 'playwright-core';

/**
 * Helpers for driving the web app with the keyboard alone: Tab and Shift+Tab to a control, checking
 * at every stop that the focus can be seen, and that a route change leaves focus somewhere.
 */

/** What the page shows of its focused element, read once its transitions have settled. */
export interface FocusState {
  onBody: boolean;
  /** tag, id, name, href and text: enough to recognise the element in a failure message. */
  description: string;
  outline: string;
  boxShadow: string;
  /** Why the focused element cannot be seen (off screen, covered), or null when it can. */
  hidden: string | null;
}

interface FocusStyle {
  outline: string;
  boxShadow: string;
}

/**
 * Reads an element's focus indicator (outline and box-shadow) after its running transitions end,
 * and whether it is on screen and not covered by something else (a sticky header, a toast).
 * Runs in the page: it must not refer to anything outside itself.
 */
async function readFocus(element: Element | null): Promise<FocusState | null> {
  if (!element || !element.isConnected) return null;
  const settled = Promise.all(element.getAnimations().map((animation) => animation.finished));
  await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, 1_000))]);
  const style = getComputedStyle(element);
  const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
  const attributes = ['id', 'name', 'href', 'data-testid']
    .map((name) => (element.getAttribute(name) ? `${name}=${element.getAttribute(name)}` : ''))
    .filter(Boolean)
    .join(' ');
  const rect = element.getBoundingClientRect();
  const left = Math.max(rect.left, 0);
  const right = Math.min(rect.right, window.innerWidth);
  const top = Math.max(rect.top, 0);
  const bottom = Math.min(rect.bottom, window.innerHeight);
  let hidden: string | null = null;
  if (rect.width === 0 || rect.height === 0) hidden = 'it has no size';
  else if (right <= left || bottom <= top) hidden = 'it is off screen';
  else {
    const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
    if (hit && !element.contains(hit) && !hit.contains(element)) {
      hidden = `it is covered by <${hit.tagName.toLowerCase()} class="${hit.className}">`;
    }
  }
  return {
    onBody: element === document.body,
    description: `<${element.tagName.toLowerCase()} ${attributes}> "${text}"`,
    outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
    boxShadow: style.boxShadow,
    hidden,
  };
}

/** The focused element's state; `onBody` when nothing has focus. */
export async function focusState(page: Page): Promise<FocusState> {
  const state = await page.evaluate(readFocus, await page.evaluateHandle(focusedElement));
  return state ?? { onBody: true, description: '<body>', outline: '', boxShadow: '', hidden: null };
}

function focusedElement(): Element | null {
  return document.activeElement;
}

/** The alpha of a computed CSS colour (`rgb(...)` is opaque). */
function alpha(color: string): number {
  const match = /rgba?\(([^)]+)\)/.exec(color);
  if (!match) return color === 'transparent' ? 0 : 1;
  const parts = match[1]!.split(/[\s,/]+/).filter(Boolean);
  return parts.length === 4 ? Number(parts[3]) : 1;
}

/** A solid outline at least 2px wide, or a box-shadow ring (spread at least 2px), not transparent. */
export function hasFocusIndicator(style: FocusStyle): boolean {
  const outline = /^(\S+) ([\d.]+)px (.+)$/.exec(style.outline);
  if (outline && outline[1] !== 'none' && Number(outline[2]) >= 2 && alpha(outline[3]!) >= 0.5)
    return true;
  if (style.boxShadow === 'none') return false;
  // Computed shadows read "rgba(r, g, b, a) x y blur spread", comma-separated between shadows.
  return style.boxShadow.split(/,(?![^(]*\))/).some((shadow) => {
    const color = /rgba?\([^)]+\)/.exec(shadow)?.[0] ?? '';
    const lengths = shadow.replace(color, '').match(/-?[\d.]+px/g) ?? [];
    return lengths.length >= 4 && parseFloat(lengths[3]!) >= 2 && alpha(color) >= 0.5;
  });
}

/** Fails unless the focused element is on screen, uncovered, and shows a focus indicator. */
export function assertFocusVisible(state: FocusState, where: string): void {
  if (state.onBody) throw new Error(`${where}: focus fell on <body>`);
  if (state.hidden) throw new Error(`${where}: ${state.description} has focus but ${state.hidden}`);
  if (!hasFocusIndicator(state))
    throw new Error(
      `${where}: ${state.description} has focus but no visible indicator (outline ${state.outline}, box-shadow ${state.boxShadow})`,
    );
}

/**
 * Presses Tab (or Shift+Tab) until the focused element matches `selector`, at most `maxPresses`
 * times. At every stop the focus must be visible; and the element left behind must look different
 * once unfocused (its indicator really is the focus, not a border it always has).
 */
export async function tabTo(
  page: Page,
  selector: string,
  options: { backwards?: boolean; maxPresses?: number } = {},
): Promise<void> {
  const key = options.backwards ? 'Shift+Tab' : 'Tab';
  let previous: { handle: JSHandle; focused: FocusState } | undefined;
  for (let press = 1; press <= (options.maxPresses ?? 60); press++) {
    await page.keyboard.press(key);
    const handle = await page.evaluateHandle(focusedElement);
    const state = (await page.evaluate(readFocus, handle)) ?? {
      onBody: true,
      description: '<body>',
      outline: '',
      boxShadow: '',
      hidden: null,
    };
    assertFocusVisible(state, `${key} #${press} towards ${selector}`);
    if (previous) {
      const unfocused = await page.evaluate(readFocus, previous.handle);
      if (
        unfocused &&
        unfocused.outline === previous.focused.outline &&
        unfocused.boxShadow === previous.focused.boxShadow
      )
        throw new Error(
          `${previous.focused.description} looks the same with and without focus (outline ${unfocused.outline}, box-shadow ${unfocused.boxShadow})`,
        );
      await previous.handle.dispose();
    }
    if (await handle.evaluate((element, wanted) => element?.matches(wanted) ?? false, selector))
      return void (await handle.dispose());
    previous = { handle, focused: state };
  }
  throw new Error(`${key} pressed ${options.maxPresses ?? 60} times without reaching ${selector}`);
}

/**
 * After a route change, once the new page is shown: focus must not be left on <body> (nor on the
 * page that went away); the app moves it to the new page's heading (`main h1`), where it must be
 * visible. Polled for at most `timeout`.
 */
export async function expectFocusAfterRouteChange(
  page: Page,
  where: string,
  timeout = 10_000,
): Promise<FocusState> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const onHeading = await page.evaluate(
      () => document.activeElement?.matches('main h1') ?? false,
    );
    const state = await focusState(page);
    if (onHeading) {
      assertFocusVisible(state, `after the route change to ${where}`);
      return state;
    }
    if (Date.now() > deadline)
      throw new Error(
        `after the route change to ${where}, focus is on ${state.description}, not on the page's heading`,
      );
    await page.waitForTimeout(100);
  }
}
