/**
 * The closed vocabulary of error codes a problem+json reply carries, with the HTTP status of each:
 * the application's own (`not_found`, `conflict`, `payment_declined`, ...) and the ones the HTTP
 * framework produces before a handler runs (`request_timeout`, `uri_too_long`,
 * `headers_too_large`, ...). The platform's AppError, the Problem schema and the web app's
 * messages are all typed by it, so a new code without a translation does not compile.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  idempotency_key_missing: 400,
  unauthorized: 401,
  payment_declined: 402,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  conflict: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  rate_limited: 429,
  headers_too_large: 431,
  internal: 500,
  bad_gateway: 502,
  unavailable: 503,
  timeout: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);
}
