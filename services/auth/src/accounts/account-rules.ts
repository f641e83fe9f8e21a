import type { PasswordRejection, Role } from '@souk/contracts';
import { AppError } from '@souk/platform';
import type { CommonPasswords } from './common-passwords.js';

// Pure rules about accounts. The HTTP schemas already checked shapes; these are the rules that
// also hold for the seeded admin and any future caller that does not come through HTTP.

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
const EMAIL_MAX_LENGTH = 254;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The one spelling of an email we store and compare: trimmed, lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isValidEmail(normalizedEmail: string): boolean {
  return normalizedEmail.length <= EMAIL_MAX_LENGTH && EMAIL_PATTERN.test(normalizedEmail);
}

/** Length in characters as a person counts them (code points), not UTF-16 units. */
function characterCount(text: string): number {
  return [...text].length;
}

/** Who a new password is for: words about them are the first an attacker tries. */
export interface PasswordOwner {
  email: string;
  firstName?: string;
  lastName?: string;
}

/** What a new password is screened against besides its length (NIST SP 800-63B, 3.1.1.2). */
export interface PasswordScreen {
  commonPasswords: CommonPasswords;
  owner: PasswordOwner;
}

export interface PasswordProblem {
  /** Follows the field's name: "body.password must have at least 8 characters". */
  message: string;
  reason?: PasswordRejection;
}

/** The shop's own name, a context word for every account. */
export const SHOP_NAME = 'souk';

// Digits and symbols tacked on at the end ("password2024!") are the first variation guessers try.
const TRAILING_DIGITS_AND_SYMBOLS = /[\p{N}\p{P}\p{S}\s]+$/u;
const SEPARATORS = /[\s._+-]+/gu;
const squash = (text: string) => text.replace(SEPARATORS, '');

/**
 * The password lower-cased, and without its trailing digits and symbols when a word of at least
 * 4 characters remains (shorter stems would refuse strong passwords such as "ab" + 12 digits).
 */
function guessableForms(password: string): string[] {
  const whole = password.toLowerCase();
  const stem = whole.replace(TRAILING_DIGITS_AND_SYMBOLS, '');
  return stem !== whole && characterCount(stem) >= 4 ? [whole, stem] : [whole];
}

/** The email, its local part and domain labels, the names and the shop's name, without separators. */
export function contextWords(owner: PasswordOwner): Set<string> {
  const email = normalizeEmail(owner.email);
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const first = owner.firstName?.toLowerCase() ?? '';
  const last = owner.lastName?.toLowerCase() ?? '';
  const words = [
    SHOP_NAME,
    email,
    local,
    ...local.split(SEPARATORS),
    domain,
    ...domain.split('.'),
    first,
    last,
    first + last,
    last + first,
  ];
  return new Set(words.map(squash).filter((word) => word.length > 0));
}

export function passwordProblem(
  password: string,
  screen?: PasswordScreen,
): PasswordProblem | undefined {
  const length = characterCount(password);
  if (length < PASSWORD_MIN_LENGTH)
    return { message: `must have at least ${PASSWORD_MIN_LENGTH} characters` };
  if (length > PASSWORD_MAX_LENGTH)
    return { message: `must have at most ${PASSWORD_MAX_LENGTH} characters` };
  if (password.trim().length === 0) return { message: 'cannot be only spaces' };
  if (!screen) return undefined;
  const forms = guessableForms(password);
  const personal = contextWords(screen.owner);
  if (forms.some((form) => personal.has(squash(form)))) {
    return {
      reason: 'personal',
      message:
        'is too easy to guess: it is made from the email address, a name or the shop’s name; choose another',
    };
  }
  if (forms.some((form) => screen.commonPasswords.has(form))) {
    return {
      reason: 'common',
      message:
        'is too common: it is among the 100,000 passwords guessers try first; choose another',
    };
  }
  return undefined;
}

/** 400 naming the field (`body.password`, `body.newPassword`) with the reason, as schema errors do. */
export function assertAcceptablePassword(
  password: string,
  options: { field?: string; screen?: PasswordScreen } = {},
): void {
  const problem = passwordProblem(password, options.screen);
  if (!problem) return;
  const path = `body.${options.field ?? 'password'}`;
  throw new AppError('validation_failed', `Invalid body: ${path} ${problem.message}`, {
    extensions: {
      errors: [
        { path, message: problem.message, ...(problem.reason ? { reason: problem.reason } : {}) },
      ],
    },
  });
}

export interface NewAccountInput {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  phone?: string | null;
}

export interface NewAccount {
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  /** Self-registration always yields CLIENT: no input can choose a role. */
  roles: Role[];
}

/** Checks and normalizes a registration; the password is checked but not part of the result. */
export function prepareNewAccount(
  input: NewAccountInput,
  commonPasswords: CommonPasswords,
): NewAccount {
  const email = normalizeEmail(input.email);
  if (!isValidEmail(email))
    throw new AppError('validation_failed', 'The email address is not valid');
  assertAcceptablePassword(input.password, { screen: { commonPasswords, owner: input } });
  const firstName = input.firstName.trim();
  const lastName = input.lastName.trim();
  if (!firstName || !lastName)
    throw new AppError('validation_failed', 'First and last names cannot be blank');
  return { email, firstName, lastName, phone: input.phone?.trim() || null, roles: ['CLIENT'] };
}

const ROLE_ORDER: Role[] = ['CLIENT', 'ADMIN'];

/** Roles without duplicates, in one fixed order, so stored arrays compare equal. */
export function canonicalRoles(roles: readonly Role[]): Role[] {
  return ROLE_ORDER.filter((role) => roles.includes(role));
}
