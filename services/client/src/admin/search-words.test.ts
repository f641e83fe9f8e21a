import { describe, expect, it } from 'vitest';
import { toContainsPatterns } from './search-words.js';

describe('toContainsPatterns', () => {
  it('when several words are typed, then each becomes its own lower-case contains pattern', () => {
    expect(toContainsPatterns('  Amina   ALAOUI ')).toEqual(['%amina%', '%alaoui%']);
  });

  it('when the input holds LIKE wildcards or backslashes, then they are matched literally', () => {
    expect(toContainsPatterns('50%_off a\\b')).toEqual(['%50\\%\\_off%', '%a\\\\b%']);
  });

  it('when the input is blank, then there is nothing to match', () => {
    expect(toContainsPatterns('   ')).toEqual([]);
  });

  it('when a word is repeated or there are too many words, then duplicates go and at most eight remain', () => {
    expect(toContainsPatterns('a a b c d e f g h i j')).toHaveLength(8);
    expect(toContainsPatterns('x X x')).toEqual(['%x%']);
  });

  it('when an accent is typed as a combining mark, then it is composed like the stored text', () => {
    expect(toContainsPatterns('he\u0301le\u0300ne')).toEqual(['%h\u00e9l\u00e8ne%']);
  });
});
