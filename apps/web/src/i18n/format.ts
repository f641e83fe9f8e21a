import { currencyDigits, formatMoney } from '@souk/contracts';

export type Locale = 'fr' | 'en';
export const LOCALES: readonly Locale[] = ['fr', 'en'];
export const DEFAULT_LOCALE: Locale = 'fr';

/** BCP 47 tags used for formatting: French and English as spoken in most of the shop's audience. */
export const FORMAT_TAG: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

// Money is written by contracts' formatMoney, as the notification service writes it.
export { currencyDigits, formatMoney };

/** The product service's ceiling for an amount (contracts' MinorUnits maximum). */
export const MAX_MINOR_UNITS = 100_000_000_00;

export type PriceError = 'required' | 'format' | 'decimals' | 'tooLarge';
export type PriceResult = { ok: true; minorUnits: number } | { ok: false; error: PriceError };

/**
 * A price typed by a person in major units ("149", "149,90", "1 299.5") to integer minor units
 * (14900, 14990, 129950), computed on the digits so 0.29 is 29 and never 28.999…. Either a comma
 * or a dot marks the decimals; spaces group thousands. With both a comma and a dot, the last one
 * marks the decimals ("1,299.50", "1.299,50"). More decimals than the currency has is an error,
 * not a silent rounding.
 */
export function parsePrice(input: string, currency: string): PriceResult {
  let text = input.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (text === '') return { ok: false, error: 'required' };
  const lastComma = text.lastIndexOf(',');
  const lastDot = text.lastIndexOf('.');
  if (lastComma !== -1 && lastDot !== -1) {
    const decimal = lastComma > lastDot ? ',' : '.';
    const grouping = decimal === ',' ? '.' : ',';
    text = text.split(grouping).join('');
  }
  const match = /^(\d+)(?:[.,](\d+))?$/.exec(text);
  if (!match) return { ok: false, error: 'format' };
  const [, whole = '', fraction = ''] = match;
  const digits = currencyDigits(currency);
  if (fraction.length > digits) return { ok: false, error: 'decimals' };
  const minorUnits = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minorUnits) || minorUnits > MAX_MINOR_UNITS)
    return { ok: false, error: 'tooLarge' };
  return { ok: true, minorUnits };
}

/** "149.5" or "149,5" typed in a price filter -> 14950 minor units; undefined when not a valid price. */
export function toMinorUnits(major: string, currency: string): number | undefined {
  const price = parsePrice(major, currency);
  return price.ok ? price.minorUnits : undefined;
}

export function formatDate(
  iso: string,
  locale: Locale,
  style: 'date' | 'datetime' | 'time' = 'date',
): string {
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

/** "MA" -> "Maroc" / "Morocco"; the code itself when the browser does not know it. */
export function countryName(code: string, locale: Locale): string {
  try {
    return new Intl.DisplayNames([FORMAT_TAG[locale]], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(FORMAT_TAG[locale]).format(value);
}

/** `{name}` placeholders filled from `values`; unknown placeholders are left as they are. */
export function interpolate(template: string, values?: Record<string, string | number>): string {
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in values ? String(values[name]) : match,
  );
}

export function pluralCategory(count: number, locale: Locale): 'one' | 'other' {
  return new Intl.PluralRules(FORMAT_TAG[locale]).select(count) === 'one' ? 'one' : 'other';
}
