import { FORMAT_TAG, type Locale } from './format.js';

/**
 * Calendar dates typed and shown in the app's language (31/12/2025 in French and in British
 * English), while URLs and the API keep ISO 8601 (2025-12-31). A native date input would follow
 * the browser's language instead, whatever the app's.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
type DatePart = 'day' | 'month' | 'year';
/** What each part is called in the typing pattern shown to the user. */
const PATTERN_LETTERS: Record<Locale, Record<DatePart, string>> = {
  fr: { day: 'jj', month: 'mm', year: 'aaaa' },
  en: { day: 'dd', month: 'mm', year: 'yyyy' },
};

function numericFormat(locale: Locale): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(FORMAT_TAG[locale], {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** The locale's numeric date, part by part: [day, "/", month, "/", year] for fr and en-GB. */
function numericParts(locale: Locale): Intl.DateTimeFormatPart[] {
  return numericFormat(locale).formatToParts(Date.UTC(2025, 11, 31));
}

/** "jj/mm/aaaa" (fr), "dd/mm/yyyy" (en): how a date is to be typed. */
export function calendarDatePattern(locale: Locale): string {
  return numericParts(locale)
    .map((part) =>
      part.type === 'literal' ? part.value : (PATTERN_LETTERS[locale][part.type as DatePart] ?? ''),
    )
    .join('');
}

/** "2025-12-31" -> "31/12/2025"; an empty or malformed value shows as empty. */
export function formatCalendarDate(iso: string, locale: Locale): string {
  const match = ISO_DATE.exec(iso);
  if (!match) return '';
  return numericFormat(locale).format(Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!));
}

/**
 * What was typed, read in the locale's order ("31/12/2025", also "31.12.2025", "31-12-2025" or
 * "1/2/2025"), as "2025-12-31"; undefined unless it is a real day with a four-digit year
 * (31/02 and 2-digit years are refused rather than guessed).
 */
export function parseCalendarDate(text: string, locale: Locale): string | undefined {
  const numbers = text.trim().split(/\s*[/.\-\s]\s*/);
  if (numbers.length !== 3 || !numbers.every((number) => /^\d{1,4}$/.test(number)))
    return undefined;
  const order = numericParts(locale)
    .map((part) => part.type)
    .filter((type): type is DatePart => type === 'day' || type === 'month' || type === 'year');
  const value = (part: DatePart) => numbers[order.indexOf(part)]!;
  if (value('year').length !== 4 || value('day').length > 2 || value('month').length > 2)
    return undefined;
  const [year, month, day] = [Number(value('year')), Number(value('month')), Number(value('day'))];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1000 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return undefined;
  return date.toISOString().slice(0, 10);
}
