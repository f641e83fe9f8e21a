/** The languages every message is written in. */
export type Locale = 'fr' | 'en';
export const LOCALES: readonly Locale[] = ['fr', 'en'];

/**
 * The shop's own clock for dates written into messages (Morocco). The ISO instant stays in the
 * message's params, so a browser can show it in the reader's time zone instead.
 */
export const SHOP_TIME_ZONE = 'Africa/Casablanca';

const MONTHS: Record<Locale, string[]> = {
  fr: [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

const clockParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: SHOP_TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `26 novembre 2025 à 14:30` (`1er` for the first) / `26 November 2025 at 14:30`, on the shop's clock. */
export function formatDateTime(instant: string | Date, locale: Locale): string {
  const parts = Object.fromEntries(
    clockParts.formatToParts(new Date(instant)).map((part) => [part.type, part.value]),
  );
  const month = MONTHS[locale][Number(parts.month) - 1];
  const day = Number(parts.day);
  const time = `${parts.hour}:${parts.minute}`;
  return locale === 'fr'
    ? `${day === 1 ? '1er' : day} ${month} ${parts.year} à ${time}`
    : `${day} ${month} ${parts.year} at ${time}`;
}

/** What people read and quote for an order: the first eight characters of its id, upper case. */
export function shortOrderId(orderId: string): string {
  return orderId.replace(/-/g, '').slice(0, 8).toUpperCase();
}

/** `1 article` / `3 articles`: French takes the singular for 0 and 1, English only for 1. */
export function countOf(count: number, locale: Locale, singular: string, plural: string): string {
  const isSingular = locale === 'fr' ? count <= 1 : count === 1;
  return `${count} ${isSingular ? singular : plural}`;
}
