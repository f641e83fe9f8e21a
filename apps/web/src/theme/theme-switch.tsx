import { useCallback, useEffect, useState, type ComponentType } from 'react';
import { CheckIcon, Svg, type IconProps } from '../ui/icons.js';
import { useDropdown } from '../ui/use-dropdown.js';
import {
  applyTheme,
  parseThemeChoice,
  storedTheme,
  storeTheme,
  THEME_CHOICES,
  THEME_KEY,
  type ThemeChoice,
} from './theme.js';

const SunIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="12" cy="12" r="4" />
    <path d="M12 2.5v2M12 19.5v2M4.6 4.6l1.4 1.4M18 18l1.4 1.4M2.5 12h2M19.5 12h2M4.6 19.4 6 18M18 6l1.4-1.4" />
  </Svg>
);
const MoonIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5z" />
  </Svg>
);
const SystemIcon = (p: IconProps) => (
  <Svg {...p}>
    <rect x="3" y="4" width="18" height="12" rx="2" />
    <path d="M8 20h8M12 16v4" />
  </Svg>
);
const ICONS: Record<ThemeChoice, ComponentType<IconProps>> = {
  system: SystemIcon,
  light: SunIcon,
  dark: MoonIcon,
};

export type ThemeSwitchLabels = { label: string } & Record<ThemeChoice, string>;

/** The stored choice, applied to the page when it changes here or in another tab. */
export function useThemeChoice(): [ThemeChoice, (choice: ThemeChoice) => void] {
  const [choice, setChoice] = useState(storedTheme);
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      // key null: the other tab cleared the whole storage.
      if (event.key !== null && event.key !== THEME_KEY) return;
      const next = parseThemeChoice(event.newValue);
      applyTheme(next);
      setChoice(next);
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);
  const choose = useCallback((next: ThemeChoice) => {
    storeTheme(next);
    applyTheme(next);
    setChoice(next);
  }, []);
  return [choice, choose];
}

/**
 * A button showing the current theme (its name as the button's description) that opens three
 * pressed-or-not choices: as the system, light, dark. The labels come from the caller, so the
 * shop and the dashboard each use their own dictionary.
 */
export function ThemeSwitch({ labels }: { labels: ThemeSwitchLabels }) {
  const [choice, choose] = useThemeChoice();
  const dropdown = useDropdown();
  const Current = ICONS[choice];
  return (
    <div className="dropdown theme-switch" ref={dropdown.rootRef}>
      <button
        ref={dropdown.buttonRef}
        type="button"
        className="icon-btn"
        aria-expanded={dropdown.open}
        aria-haspopup="true"
        aria-label={labels.label}
        title={labels[choice]}
        onClick={dropdown.toggle}
        data-testid="theme-switch"
        data-theme-choice={choice}
      >
        <Current size={22} />
      </button>
      {dropdown.open ? (
        <div
          className="dropdown__panel dropdown__panel--narrow"
          role="group"
          aria-label={labels.label}
        >
          <ul className="menu">
            {THEME_CHOICES.map((option) => {
              const Icon = ICONS[option];
              return (
                <li key={option}>
                  <button
                    type="button"
                    className="theme-switch__option"
                    aria-pressed={option === choice}
                    onClick={() => {
                      choose(option);
                      dropdown.close(true);
                    }}
                    data-testid={`theme-${option}`}
                  >
                    <Icon size={18} />
                    <span className="theme-switch__name">{labels[option]}</span>
                    {option === choice ? <CheckIcon size={18} /> : null}
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
