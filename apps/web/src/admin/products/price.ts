import { currencyDigits } from '../../i18n/format.js';
import type { Locale } from '../../i18n/i18n.js';

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
  if (!Number.isSafeInteger(minorUnits) || minorUnits > MAX_MINOR_UNITS) return { ok: false, error: 'tooLarge' };
  return { ok: true, minorUnits };
}

/** Minor units back to what the price field shows for editing: 14990 -> "149,90" (fr) or "149.90" (en). */
export function formatPriceInput(minorUnits: number, currency: string, locale: Locale): string {
  const digits = currencyDigits(currency);
  const whole = Math.floor(minorUnits / 10 ** digits);
  const fraction = String(minorUnits % 10 ** digits).padStart(digits, '0');
  if (digits === 0) return String(whole);
  return `${whole}${locale === 'fr' ? ',' : '.'}${fraction}`;
}
