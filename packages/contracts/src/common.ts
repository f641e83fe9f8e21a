import { Type, type Static, type TProperties, type TSchema } from '@sinclair/typebox';
import { ERROR_CODES, type ErrorCode } from './errors.js';

/** An object schema that rejects unknown keys: every request schema is built with this. */
export const StrictObject = <P extends TProperties>(
  properties: P,
  options: { description?: string; $id?: string } = {},
) => Type.Object(properties, { ...options, additionalProperties: false });

/** Canonical 8-4-4-4-12 hex (either case); `urn:uuid:`, braces and other spellings are refused. */
export const Uuid = Type.String({ format: 'uuid', maxLength: 36 });

/** ISO 4217 code; the shop sells in Moroccan dirham by default, as the original did. */
export const Currency = Type.String({
  pattern: '^[A-Z]{3}$',
  maxLength: 3,
  default: 'MAD',
  description: 'ISO 4217 currency code',
});
export const DEFAULT_CURRENCY = 'MAD';

/** Money as an integer count of minor units (centimes for MAD): 12900 is 129.00 MAD. */
export const MinorUnits = Type.Integer({
  minimum: 0,
  maximum: 100_000_000_00,
  description: 'Amount in minor units',
});

/**
 * RFC 3339 with `Z` or `±HH:MM`, seconds 00-59 (no leap second), a real calendar day, years
 * 0001-9999: what both PostgreSQL and JavaScript's Date accept.
 */
export const Timestamp = Type.String({ format: 'date-time', maxLength: 35 });

/** A calendar day, `YYYY-MM-DD`, years 0001-9999. */
export const CalendarDate = Type.String({ format: 'date', maxLength: 10 });

export const MAX_PAGE_SIZE = 100;

export const PageQuery = {
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 }),
};

/** A page of results: `total` counts every match, not only this page. */
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    page: Type.Integer(),
    pageSize: Type.Integer(),
    total: Type.Integer(),
  });

export const IdParams = StrictObject({ id: Uuid });

/** RFC 9457 problem document, as every error reply is shaped. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.String(),
    code: Type.Unsafe<ErrorCode>(Type.String({ enum: ERROR_CODES })),
    traceId: Type.Optional(Type.String()),
  },
  { additionalProperties: true, $id: 'Problem' },
);

export type PageOf<T> = { items: T[]; page: number; pageSize: number; total: number };
export type ProblemBody = Static<typeof Problem>;

export const Role = Type.Union([Type.Literal('CLIENT'), Type.Literal('ADMIN')]);
export type Role = Static<typeof Role>;
