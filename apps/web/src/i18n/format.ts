export type Locale = 'fr' | 'en';
export const LOCALES: readonly Locale[] = ['fr', 'en'];
export const DEFAULT_LOCALE: Locale = 'fr';

/** BCP 47 tags used for formatting: French and English as spoken in most of the shop's audience. */
const FORMAT_TAG: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Digits after the decimal point for a currency (2 for MAD and EUR, 0 for JPY, 3 for TND). */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Amounts travel as integer minor units plus an ISO 4217 code: 14900 MAD is 149,00 MAD. */
export function formatMoney(minorUnits: number, currency: string, locale: Locale): string {
  const key = `${locale}:${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(FORMAT_TAG[locale], { style: 'currency', currency });
    moneyFormats.set(key, format);
  }
  return format.format(minorUnits / 10 ** currencyDigits(currency));
}

/** "149.5" or "149,5" typed in a price filter -> 14950 minor units; undefined when not a number. */
export function toMinorUnits(major: string, currency: string): number | undefined {
  const normalized = major.trim().replace(/\s/g, '').replace(',', '.');
  if (normalized === '' || !/^\d+(\.\d+)?$/.test(normalized)) return undefined;
  return Math.round(Number(normalized) * 10 ** currencyDigits(currency));
}

export function formatDate(iso: string, locale: Locale, style: 'date' | 'datetime' | 'time' = 'date'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions =
    style === 'date'
      ? { dateStyle: 'medium' }
      : style === 'time'
        ? { timeStyle: 'short' }
        : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(FORMAT_TAG[locale], options).format(date);
}

export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(FORMAT_TAG[locale]).format(value);
}

/** `{name}` placeholders filled from `values`; unknown placeholders are left as they are. */
export function interpolate(template: string, values?: Record<string, string | number>): string {
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

export function pluralCategory(count: number, locale: Locale): 'one' | 'other' {
  return new Intl.PluralRules(FORMAT_TAG[locale]).select(count) === 'one' ? 'one' : 'other';
}
