import { currencyDigits } from '../../i18n/format.js';
import type { Locale } from '../../i18n/i18n.js';

/** Minor units back to what the price field shows for editing: 14990 -> "149,90" (fr) or "149.90" (en). */
export function formatPriceInput(minorUnits: number, currency: string, locale: Locale): string {
  const digits = currencyDigits(currency);
  const whole = Math.floor(minorUnits / 10 ** digits);
  const fraction = String(minorUnits % 10 ** digits).padStart(digits, '0');
  if (digits === 0) return String(whole);
  return `${whole}${locale === 'fr' ? ',' : '.'}${fraction}`;
}
