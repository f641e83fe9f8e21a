const MAX_WORDS = 8;

/**
 * Turns what an administrator typed into LIKE patterns, one per word, that must all match:
 * "amina ALAOUI" gives `%amina%` and `%alaoui%`. LIKE's own wildcards are escaped, so `50%`
 * means the characters 5, 0 and %. Case and accents are folded by the database (client_fold).
 */
export function toContainsPatterns(input: string): string[] {
  const words = input.normalize('NFC').toLowerCase().split(/\s+/).filter(Boolean);
  return [...new Set(words)]
    .slice(0, MAX_WORDS)
    .map((word) => `%${word.replace(/[\\%_]/g, (char) => `\\${char}`)}%`);
}
