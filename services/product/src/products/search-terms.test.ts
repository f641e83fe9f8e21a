import { describe, expect, it } from 'vitest';
import { toPrefixQuery } from './search-terms.js';

describe('toPrefixQuery', () => {
  it('when a shopper types words, then each becomes a lower-case prefix and all are required', () => {
    expect(toPrefixQuery('Argan OI')).toBe('argan:* & oi:*');
  });

  it('when the input carries tsquery operators or quotes, then only letters and digits remain', () => {
    expect(toPrefixQuery(`tea' | !set:* & (x) <-> 'drop`)).toBe('tea:* & set:* & drop:*');
  });

  it('when a word is a single letter next to longer words, then it is dropped', () => {
    expect(toPrefixQuery("l'huile d'argan")).toBe('huile:* & argan:*');
    expect(toPrefixQuery('a')).toBe('a:*');
  });

  it('when accented or non-Latin letters are typed, then they are kept as letters', () => {
    expect(toPrefixQuery('Crème  ÉPICES')).toBe('crème:* & épices:*');
    expect(toPrefixQuery('زيت أركان')).toBe('زيت:* & أركان:*');
  });

  it('when nothing searchable is typed, then there is no query', () => {
    expect(toPrefixQuery('  !!! -- ')).toBeUndefined();
    expect(toPrefixQuery('')).toBeUndefined();
  });

  it('when a word repeats or too many are typed, then duplicates go and at most eight remain', () => {
    expect(toPrefixQuery('tea tea tea')).toBe('tea:*');
    expect(toPrefixQuery('a1 b2 c3 d4 e5 f6 g7 h8 i9 j10')!.split(' & ')).toHaveLength(8);
  });
});
