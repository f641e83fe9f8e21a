import { afterEach, describe, expect, it } from 'vitest';
import { applyTheme, parseThemeChoice, storedTheme, storeTheme, THEME_KEY } from './theme.js';

afterEach(() => document.documentElement.removeAttribute('data-theme'));

describe('the theme choice', () => {
  it('when nothing is stored, then the page follows the system', () => {
    expect(storedTheme()).toBe('system');
  });

  it('when light or dark was chosen, then the choice is read back after a reload', () => {
    storeTheme('dark');
    expect(localStorage.getItem(THEME_KEY)).toBe('dark');
    expect(storedTheme()).toBe('dark');
    storeTheme('light');
    expect(storedTheme()).toBe('light');
  });

  it('when the visitor goes back to the system setting, then nothing stays stored', () => {
    storeTheme('dark');
    storeTheme('system');
    expect(localStorage.getItem(THEME_KEY)).toBeNull();
    expect(storedTheme()).toBe('system');
  });

  it('when the stored value is not a theme, then the page follows the system', () => {
    for (const value of ['', 'Dark', 'sepia', 'system', '"dark"', null])
      expect(parseThemeChoice(value)).toBe('system');
    localStorage.setItem(THEME_KEY, 'blue');
    expect(storedTheme()).toBe('system');
  });

  it('when storage refuses to be read or written, then the page follows the system and nothing throws', () => {
    const refusing = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    expect(storedTheme(refusing)).toBe('system');
    expect(() => storeTheme('dark', refusing)).not.toThrow();
    expect(() => storeTheme('system', refusing)).not.toThrow();
  });

  it('when a theme is chosen, then <html> carries it, and following the system removes it', () => {
    const root = document.documentElement;
    applyTheme('dark');
    expect(root.dataset.theme).toBe('dark');
    applyTheme('light');
    expect(root.dataset.theme).toBe('light');
    applyTheme('system');
    expect(root.hasAttribute('data-theme')).toBe(false);
  });
});
