import { FormatRegistry } from '@sinclair/typebox';

/**
 * The string formats the contracts use, defined once: the HTTP validators (Ajv, over ajv-formats)
 * and event payload checks (TypeBox's FormatRegistry) both use these functions. Each accepts only
 * what every layer behind it can take, PostgreSQL and JavaScript's Date included: ajv-formats lets
 * through `urn:uuid:…` ids, leap seconds and `+05` offsets, which then fail as a 500.
 */

// RFC 9562 canonical text: 8-4-4-4-12 hex digits, no braces or URN prefix; case-insensitive on input.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// RFC 3339 date-time, with seconds 00-59 (no leap second: Date and PostgreSQL refuse 60) and an
// offset that is Z or ±HH:MM; at most nine fraction digits (nanoseconds).
const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})[Tt]([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(?:\.\d{1,9})?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Years both PostgreSQL (no year 0) and Date take, written with four digits. */
const MIN_YEAR = 1;
const MAX_YEAR = 9999;
/** RFC 5321: a forward path holds at most 254 characters of address. */
const MAX_EMAIL_LENGTH = 254;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** A real calendar day (no 30 February) between years 0001 and 9999. */
export function isDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function isDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  return match !== null && isDate(match[1]!) && !Number.isNaN(Date.parse(value));
}

export function isEmail(value: string): boolean {
  return value.length <= MAX_EMAIL_LENGTH && EMAIL.test(value);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export const stringFormats: Readonly<Record<string, (value: string) => boolean>> = {
  uuid: isUuid,
  date: isDate,
  'date-time': isDateTime,
  email: isEmail,
};

/**
 * Teaches TypeBox's `Value.Check` (event payloads, header checks) the formats above; it refuses
 * formats it does not know. Setting them again is harmless.
 */
export function registerStandardFormats(): void {
  for (const [name, check] of Object.entries(stringFormats)) FormatRegistry.Set(name, check);
}
