import { describe, expect, it } from 'vitest';
import { cardBrand, isExpired, lastFour, normalizeCardNumber, passesLuhn } from './card-rules.js';

describe('card rules', () => {
  it('when a number is a well-known test card, then it passes Luhn', () => {
    for (const number of [
      '4242424242424242',
      '4000000000000002',
      '4000000000009995',
      '5555555555554444',
      '2223003122003222',
      '378282246310005',
      '6011111111111117',
    ]) {
      expect(passesLuhn(number), number).toBe(true);
    }
  });

  it('when one digit is changed or two neighbours swapped, then Luhn fails', () => {
    expect(passesLuhn('4242424242424241')).toBe(false);
    expect(passesLuhn('4242424242424224')).toBe(false);
    expect(passesLuhn('2442424242424242')).toBe(false);
  });

  it('when a number is too short, too long or has non-digits, then Luhn fails', () => {
    expect(passesLuhn('42424242420')).toBe(false); // 11 digits, Luhn-valid sum
    expect(passesLuhn('4'.repeat(20))).toBe(false);
    expect(passesLuhn('4242-4242-4242-4242')).toBe(false);
    expect(passesLuhn('')).toBe(false);
  });

  it('when a number is typed in groups of four, then the spaces are dropped', () => {
    expect(normalizeCardNumber('4242 4242 4242 4242')).toBe('4242424242424242');
    expect(passesLuhn(normalizeCardNumber(' 4242 4242 4242 4242 '))).toBe(true);
  });

  it('when a number starts with a known prefix, then the brand follows it', () => {
    expect(cardBrand('4242424242424242')).toBe('visa');
    expect(cardBrand('5105105105105100')).toBe('mastercard');
    expect(cardBrand('5555555555554444')).toBe('mastercard');
    expect(cardBrand('2221000000000009')).toBe('mastercard');
    expect(cardBrand('2720990000000007')).toBe('mastercard');
    expect(cardBrand('378282246310005')).toBe('amex');
    expect(cardBrand('341111111111111')).toBe('amex');
  });

  it('when a number is next to a known range, then the brand is unknown', () => {
    expect(cardBrand('5000000000000009')).toBe('unknown');
    expect(cardBrand('5600000000000000')).toBe('unknown');
    expect(cardBrand('2220990000000000')).toBe('unknown');
    expect(cardBrand('2721000000000000')).toBe('unknown');
    expect(cardBrand('3530111333300000')).toBe('unknown');
    expect(cardBrand('6011111111111117')).toBe('unknown');
  });

  it('when asked for the last four, then only the last four digits come back', () => {
    expect(lastFour('4242424242424242')).toBe('4242');
    expect(lastFour('378282246310005')).toBe('0005');
  });

  it('when the expiry month is the current one, then the card is still valid; the month before, expired', () => {
    const now = new Date('2026-05-31T23:59:59Z');
    expect(isExpired(5, 2026, now)).toBe(false);
    expect(isExpired(4, 2026, now)).toBe(true);
    expect(isExpired(12, 2025, now)).toBe(true);
    expect(isExpired(1, 2027, now)).toBe(false);
    expect(isExpired(6, 2026, new Date('2026-06-01T00:00:00Z'))).toBe(false);
    expect(isExpired(5, 2026, new Date('2026-06-01T00:00:00Z'))).toBe(true);
  });
});
