/**
 * Money travels as integer minor units plus an ISO 4217 code (12900 MAD is 129.00 MAD). This is the
 * one way it is written for people, in the web app and in notifications alike.
 */

/** The shop's languages map to these formatting tags; any other BCP 47 tag is used as it is. */
const FORMAT_TAG: Readonly<Record<string, string>> = { fr: 'fr-FR', en: 'en-GB' };

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale}:${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(FORMAT_TAG[locale] ?? locale, { style: 'currency', currency });
    moneyFormats.set(key, format);
  }
  return format;
}

/** Digits after the decimal point for a currency (2 for MAD and EUR, 0 for JPY, 3 for TND). */
export function currencyDigits(currency: string): number {
  return moneyFormat(currency, 'en').resolvedOptions().maximumFractionDigits ?? 2;
}

/** `129,00 MAD` in French, `MAD 129.00` in English: minor units, currency and locale to text. */
export function formatMoney(minorUnits: number, currency: string, locale: string): string {
  const format = moneyFormat(currency, locale);
  return format.format(minorUnits / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}
