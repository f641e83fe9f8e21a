import { describe, expect, it } from 'vitest';
import { currencyDigits, formatMoney } from './money.js';

/** Intl separates with no-break spaces: compared here with plain ones. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('formatMoney', () => {
  it('when an amount in MAD is written, then French groups with spaces and a comma, English with commas and a point', () => {
    expect(plain(formatMoney(123450, 'MAD', 'fr'))).toBe('1 234,50 MAD');
    expect(plain(formatMoney(123450, 'MAD', 'en'))).toBe('MAD 1,234.50');
  });

  it('when the amount is small, large or round, then MAD always has two minor digits', () => {
    expect(plain(formatMoney(0, 'MAD', 'fr'))).toBe('0,00 MAD');
    expect(plain(formatMoney(5, 'MAD', 'en'))).toBe('MAD 0.05');
    expect(plain(formatMoney(123456789012, 'MAD', 'fr'))).toBe('1 234 567 890,12 MAD');
  });

  it('when the currency has no or three minor digits, then the minor units are scaled by it', () => {
    expect(currencyDigits('JPY')).toBe(0);
    expect(plain(formatMoney(1500, 'JPY', 'fr'))).toBe('1 500 JPY');
    expect(currencyDigits('TND')).toBe(3);
    expect(plain(formatMoney(12_500, 'TND', 'fr'))).toBe('12,500 TND');
  });

  it('when a locale other than the shop languages is given, then it is used as a BCP 47 tag', () => {
    expect(plain(formatMoney(2_999, 'EUR', 'de-DE'))).toBe('29,99 €');
  });
});
