import type { CardInput } from '@souk/contracts';
import type { MessageKey } from '../i18n/fr.js';

export interface CardForm {
  holderName: string;
  number: string;
  expiry: string;
  cvc: string;
}

export type CardErrors = Partial<Record<keyof CardForm, MessageKey>>;

export const TEST_CARDS = [
  { number: '4242 4242 4242 4242', outcome: 'checkout.testCardOk' },
  { number: '4000 0000 0000 0002', outcome: 'checkout.testCardDeclined' },
  { number: '4000 0000 0000 9995', outcome: 'checkout.testCardFunds' },
] as const satisfies ReadonlyArray<{ number: string; outcome: MessageKey }>;

export function digitsOf(value: string): string {
  return value.replace(/\D/g, '');
}

/** The mod-10 check digit every card number ends with. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** "4242424242424242" -> "4242 4242 4242 4242", as the shopper types. */
export function formatCardNumber(value: string): string {
  return digitsOf(value)
    .slice(0, 19)
    .replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** "1228" or "12/28" -> "12/28". */
export function formatExpiry(value: string): string {
  const digits = digitsOf(value).slice(0, 4);
  return digits.length > 2 ? `${digits.slice(0, 2)}/${digits.slice(2)}` : digits;
}

export function parseExpiry(value: string): { month: number; year: number } | undefined {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(value);
  if (!match) return undefined;
  const month = Number(match[1]);
  const year = match[2]!.length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  return { month, year };
}

/** A card is good through the last day of its expiry month. */
export function isExpired(month: number, year: number, now: Date): boolean {
  const currentYear = now.getFullYear();
  const currentMonth = now.getMonth() + 1;
  return year < currentYear || (year === currentYear && month < currentMonth);
}

export function validateCard(form: CardForm, now = new Date()): CardErrors {
  const errors: CardErrors = {};
  if (!form.holderName.trim()) errors.holderName = 'card.error.holder';
  if (!passesLuhn(digitsOf(form.number))) errors.number = 'card.error.number';
  const expiry = parseExpiry(form.expiry);
  if (!expiry) errors.expiry = 'card.error.expiry';
  else if (isExpired(expiry.month, expiry.year, now)) errors.expiry = 'card.error.expired';
  if (!/^\d{3,4}$/.test(form.cvc.trim())) errors.cvc = 'card.error.cvc';
  return errors;
}

/** The body's card for a form that passed validation. */
export function toCardInput(form: CardForm): CardInput {
  const expiry = parseExpiry(form.expiry)!;
  return {
    number: digitsOf(form.number),
    expMonth: expiry.month,
    expYear: expiry.year,
    cvc: form.cvc.trim(),
    holderName: form.holderName.trim(),
  };
}
