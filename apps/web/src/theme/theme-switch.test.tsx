import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { THEME_KEY } from './theme.js';
import { ThemeSwitch } from './theme-switch.js';

const labels = { label: 'Theme', system: 'As the system', light: 'Light', dark: 'Dark' };

afterEach(() => document.documentElement.removeAttribute('data-theme'));

describe('the theme switch', () => {
  it('when the visitor picks dark, then the page turns dark, the choice is stored and shown as pressed', async () => {
    const user = userEvent.setup();
    render(<ThemeSwitch labels={labels} />);
    const button = screen.getByRole('button', { name: 'Theme' });
    expect(button).toHaveAccessibleDescription('As the system');

    await user.click(button);
    const group = screen.getByRole('group', { name: 'Theme' });
    expect(screen.getByRole('button', { name: 'As the system', pressed: true })).toBeVisible();
    expect(group).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Dark', pressed: false }));

    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem(THEME_KEY)).toBe('dark');
    // The menu closes and focus goes back to its button, which now describes the choice.
    expect(screen.queryByRole('group', { name: 'Theme' })).toBeNull();
    expect(button).toHaveFocus();
    expect(button).toHaveAccessibleDescription('Dark');
    await user.click(button);
    expect(screen.getByRole('button', { name: 'Dark', pressed: true })).toBeVisible();
  });

  it('when the visitor goes back to the system setting, then the page drops its own theme', async () => {
    localStorage.setItem(THEME_KEY, 'light');
    document.documentElement.dataset.theme = 'light';
    const user = userEvent.setup();
    render(<ThemeSwitch labels={labels} />);
    await user.click(screen.getByRole('button', { name: 'Theme' }));
    await user.click(screen.getByRole('button', { name: 'As the system' }));
    expect(document.documentElement.hasAttribute('data-theme')).toBe(false);
    expect(localStorage.getItem(THEME_KEY)).toBeNull();
  });

  it('when another tab chooses a theme, then this tab follows', () => {
    render(<ThemeSwitch labels={labels} />);
    act(() => {
      window.dispatchEvent(new StorageEvent('storage', { key: THEME_KEY, newValue: 'dark' }));
    });
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(screen.getByRole('button', { name: 'Theme' })).toHaveAccessibleDescription('Dark');
    act(() => {
      window.dispatchEvent(new StorageEvent('storage', { key: 'souk.locale', newValue: 'en' }));
    });
    expect(document.documentElement.dataset.theme).toBe('dark');
  });
});
