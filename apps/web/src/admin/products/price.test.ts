import { describe, expect, it } from 'vitest';
import { parsePrice } from '../../i18n/format.js';
import { formatPriceInput } from './price.js';

describe('a price typed in MAD becomes integer minor units', () => {
  it('when a whole amount is typed, then it is sent as centimes', () => {
    expect(parsePrice('149', 'MAD')).toEqual({ ok: true, minorUnits: 14900 });
    expect(parsePrice('0', 'MAD')).toEqual({ ok: true, minorUnits: 0 });
  });

  it('when decimals are typed with a comma or a dot, then both mean the same centimes', () => {
    expect(parsePrice('149,90', 'MAD')).toEqual({ ok: true, minorUnits: 14990 });
    expect(parsePrice('149.9', 'MAD')).toEqual({ ok: true, minorUnits: 14990 });
    expect(parsePrice(' 12.05 ', 'MAD')).toEqual({ ok: true, minorUnits: 1205 });
  });

  it('when the amount is one that floating point gets wrong (0.29, 1.13, 4.35), then the centimes are exact', () => {
    // 0.29 * 100 is 28.999999999999996 and 4.35 * 100 is 434.99999999999994 in floating point.
    expect(parsePrice('0.29', 'MAD')).toEqual({ ok: true, minorUnits: 29 });
    expect(parsePrice('1,13', 'MAD')).toEqual({ ok: true, minorUnits: 113 });
    expect(parsePrice('4.35', 'MAD')).toEqual({ ok: true, minorUnits: 435 });
  });

  it('when thousands are grouped with spaces, or with the other separator, then the grouping is ignored', () => {
    expect(parsePrice('1 299,50', 'MAD')).toEqual({ ok: true, minorUnits: 129950 });
    expect(parsePrice('1\u202f299,50', 'MAD')).toEqual({ ok: true, minorUnits: 129950 });
    expect(parsePrice('1,299.50', 'MAD')).toEqual({ ok: true, minorUnits: 129950 });
    expect(parsePrice('1.299,50', 'MAD')).toEqual({ ok: true, minorUnits: 129950 });
  });

  it('when more decimals than the currency has are typed, then it is refused rather than rounded', () => {
    expect(parsePrice('12.345', 'MAD')).toEqual({ ok: false, error: 'decimals' });
    expect(parsePrice('1500.5', 'JPY')).toEqual({ ok: false, error: 'decimals' });
    expect(parsePrice('1500', 'JPY')).toEqual({ ok: true, minorUnits: 1500 });
  });

  it('when the text is empty, negative, or not a number, then it says which', () => {
    expect(parsePrice('  ', 'MAD')).toEqual({ ok: false, error: 'required' });
    expect(parsePrice('-5', 'MAD')).toEqual({ ok: false, error: 'format' });
    expect(parsePrice('12abc', 'MAD')).toEqual({ ok: false, error: 'format' });
    expect(parsePrice('1e3', 'MAD')).toEqual({ ok: false, error: 'format' });
    expect(parsePrice('12,', 'MAD')).toEqual({ ok: false, error: 'format' });
  });

  it('when the amount passes the product service ceiling (100 000 000 MAD), then it is too large', () => {
    expect(parsePrice('100000000', 'MAD')).toEqual({ ok: true, minorUnits: 100_000_000_00 });
    expect(parsePrice('100000000.01', 'MAD')).toEqual({ ok: false, error: 'tooLarge' });
  });

  it('when a stored price is edited again, then the field shows it in the reader’s notation and reads back the same', () => {
    expect(formatPriceInput(14990, 'MAD', 'fr')).toBe('149,90');
    expect(formatPriceInput(14990, 'MAD', 'en')).toBe('149.90');
    expect(formatPriceInput(5, 'MAD', 'en')).toBe('0.05');
    for (const minorUnits of [0, 5, 29, 14990, 129950, 100_000_000_00]) {
      expect(parsePrice(formatPriceInput(minorUnits, 'MAD', 'fr'), 'MAD')).toEqual({
        ok: true,
        minorUnits,
      });
    }
  });
});
