import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { en } from './en.js';
import { fr, type MessageKey } from './fr.js';
import {
  DEFAULT_LOCALE,
  formatDate,
  formatMoney,
  formatNumber,
  interpolate,
  LOCALES,
  pluralCategory,
  type Locale,
} from './format.js';

export type { Locale, MessageKey };

const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { fr, en };
export const LOCALE_KEY = 'souk.locale';

type Values = Record<string, string | number>;

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, values?: Values): string;
  /** Plural: `base.one` / `base.other`, with `{count}` filled in. */
  tp(base: string, count: number, values?: Values): string;
  money(minorUnits: number, currency: string): string;
  date(iso: string, style?: 'date' | 'datetime' | 'time'): string;
  number(value: number): string;
}

export function createI18n(locale: Locale, setLocale: (locale: Locale) => void = () => {}): I18n {
  const dictionary = DICTIONARIES[locale];
  return {
    locale,
    setLocale,
    t: (key, values) => interpolate(dictionary[key] ?? key, values),
    tp: (base, count, values) => {
      const key = `${base}.${pluralCategory(count, locale)}` as MessageKey;
      return interpolate(dictionary[key] ?? key, { count: formatNumber(count, locale), ...values });
    },
    money: (minorUnits, currency) => formatMoney(minorUnits, currency, locale),
    date: (iso, style) => formatDate(iso, locale, style),
    number: (value) => formatNumber(value, locale),
  };
}

export function storedLocale(): Locale {
  try {
    const stored = localStorage.getItem(LOCALE_KEY);
    return LOCALES.includes(stored as Locale) ? (stored as Locale) : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

const I18nContext = createContext<I18n>(createI18n(DEFAULT_LOCALE));

export function I18nProvider({
  children,
  initialLocale,
}: {
  children: ReactNode;
  initialLocale?: Locale;
}) {
  const [locale, setLocaleState] = useState<Locale>(() => initialLocale ?? storedLocale());
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(LOCALE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo(() => createI18n(locale, setLocale), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
