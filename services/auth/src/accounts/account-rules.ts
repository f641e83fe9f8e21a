import type { Role } from '@souk/contracts';
import { AppError } from '@souk/platform';

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

export function passwordProblem(password: string): string | undefined {
  const length = characterCount(password);
  if (length < PASSWORD_MIN_LENGTH) return `The password must have at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `The password must have at most ${PASSWORD_MAX_LENGTH} characters`;
  if (password.trim().length === 0) return 'The password cannot be only spaces';
  return undefined;
}

export function assertAcceptablePassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new AppError('validation_failed', problem);
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
export function prepareNewAccount(input: NewAccountInput): NewAccount {
  const email = normalizeEmail(input.email);
  if (!isValidEmail(email)) throw new AppError('validation_failed', 'The email address is not valid');
  assertAcceptablePassword(input.password);
  const firstName = input.firstName.trim();
  const lastName = input.lastName.trim();
  if (!firstName || !lastName) throw new AppError('validation_failed', 'First and last names cannot be blank');
  return { email, firstName, lastName, phone: input.phone?.trim() || null, roles: ['CLIENT'] };
}

const ROLE_ORDER: Role[] = ['CLIENT', 'ADMIN'];

/** Roles without duplicates, in one fixed order, so stored arrays compare equal. */
export function canonicalRoles(roles: readonly Role[]): Role[] {
  return ROLE_ORDER.filter((role) => roles.includes(role));
}
