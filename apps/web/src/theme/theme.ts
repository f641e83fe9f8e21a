/**
 * The colour theme: the visitor's choice, kept in localStorage (`souk.theme`) and shown as
 * `<html data-theme="light|dark">`. Without a choice the attribute is absent and tokens.css follows
 * the system setting (prefers-color-scheme), so nothing needs to run for the default.
 */
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];
export const THEME_KEY = 'souk.theme';

/** A stored value back to a choice; anything else (nothing, an old or edited value) is 'system'. */
export function parseThemeChoice(value: string | null): ThemeChoice {
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function storedTheme(storage: Pick<Storage, 'getItem'> = localStorage): ThemeChoice {
  try {
    return parseThemeChoice(storage.getItem(THEME_KEY));
  } catch {
    // Storage refused (private mode, disabled cookies): follow the system.
    return 'system';
  }
}

/** 'system' removes the stored value, so a later change of the system setting is followed again. */
export function storeTheme(
  choice: ThemeChoice,
  storage: Pick<Storage, 'setItem' | 'removeItem'> = localStorage,
): void {
  try {
    if (choice === 'system') storage.removeItem(THEME_KEY);
    else storage.setItem(THEME_KEY, choice);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

export function applyTheme(
  choice: ThemeChoice,
  root: HTMLElement = document.documentElement,
): void {
  if (choice === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', choice);
}
