/**
 * Card arithmetic shared by the payment use case and the simulated processor: no I/O, no state.
 * None of these functions keeps, returns or logs the full number.
 */

export type CardBrandName = 'visa' | 'mastercard' | 'amex' | 'unknown';

/** The digits of a card number as typed: spaces between groups are dropped; anything else stays (and fails Luhn). */
export function normalizeCardNumber(typed: string): string {
  return typed.replace(/ /g, '');
}

/** The Luhn (mod 10) check every card number carries in its last digit; 12 to 19 digits. */
export function passesLuhn(digits: string): boolean {
  if (!/^[0-9]{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Visa 4; Mastercard 51-55 and 2221-2720; American Express 34 and 37; anything else unknown. */
export function cardBrand(digits: string): CardBrandName {
  if (digits.startsWith('4')) return 'visa';
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'mastercard';
  if (two === 34 || two === 37) return 'amex';
  return 'unknown';
}

export function lastFour(digits: string): string {
  return digits.slice(-4);
}

/** A card is valid through the last day of its expiry month (UTC): expired once that month is over. */
export function isExpired(expMonth: number, expYear: number, now: Date): boolean {
  const currentYear = now.getUTCFullYear();
  const currentMonth = now.getUTCMonth() + 1;
  return expYear < currentYear || (expYear === currentYear && expMonth < currentMonth);
}
