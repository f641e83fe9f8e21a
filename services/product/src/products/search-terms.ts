const MAX_WORDS = 8;

/**
 * Turns what a shopper typed into a PostgreSQL tsquery where every word is a prefix and all must
 * match: "argan oi" gives `argan:* & oi:*`. Only letters and digits survive, so the input can
 * never inject tsquery operators. One-letter words (the "l" of "l'huile") are dropped when longer
 * ones remain. Returns undefined when nothing searchable is left.
 */
export function toPrefixQuery(input: string): string | undefined {
  const words =
    input
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  const longer = words.filter((word) => word.length > 1);
  const chosen = [...new Set(longer.length > 0 ? longer : words)].slice(0, MAX_WORDS);
  return chosen.length > 0 ? chosen.map((word) => `${word}:*`).join(' & ') : undefined;
}
