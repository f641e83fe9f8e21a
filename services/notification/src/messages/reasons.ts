import type { Locale } from './format.js';

/**
 * Reasons arrive as English text written by the order and product services. The ones we know are
 * said in each language; the ones that only repeat who cancelled are left out (the sentence
 * already says it); anything else is quoted as written.
 */
const KNOWN_REASONS: Record<string, Record<Locale, string> | null> = {
  'payment timeout': { fr: 'le délai de paiement est dépassé', en: 'the time to pay ran out' },
  'stock unavailable': { fr: 'stock insuffisant', en: 'not enough stock' },
  'cancelled by the client': null,
  'cancelled by an administrator': null,
  cancelled: null,
};

/** `Not enough stock (Tajine: 3 requested, 1 available; Teapot: 2 requested, 0 available)` */
const NOT_ENOUGH_STOCK = /^Not enough stock \((.*)\)$/s;
const STOCK_LINE = /^(.*): (\d+) requested, (\d+) available$/s;

/** The reason in the reader's language, without a closing full stop; null when not worth saying. */
export function reasonText(reason: string, locale: Locale): string | null {
  const trimmed = reason.trim().replace(/[.\s]+$/, '');
  const key = trimmed.toLowerCase();
  if (Object.hasOwn(KNOWN_REASONS, key)) return KNOWN_REASONS[key]?.[locale] ?? null;
  const stock = NOT_ENOUGH_STOCK.exec(trimmed);
  if (stock && locale === 'fr')
    return `stock insuffisant (${stock[1]!.split('; ').map(stockLineInFrench).join(' ; ')})`;
  if (stock) return `not enough stock (${stock[1]})`;
  return trimmed === '' ? null : trimmed;
}

function stockLineInFrench(line: string): string {
  const match = STOCK_LINE.exec(line);
  if (!match) return line;
  const [, name, requested, available] = match;
  const plural = (count: string, word: string) => `${count} ${word}${Number(count) > 1 ? 's' : ''}`;
  return `${name} : ${plural(requested!, 'demandé')}, ${plural(available!, 'disponible')}`;
}
