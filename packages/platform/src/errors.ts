import { ERROR_STATUS, type ErrorCode } from '@souk/contracts';
/**
 * The one application error type. Domain code throws an AppError with a code from the closed
 * vocabulary (contracts' ERROR_STATUS, which the browser is typed by too); the HTTP edge maps it
 * to RFC 9457 problem+json (see problem.ts).
 */
export const errorStatus: Readonly<Record<ErrorCode, number>> = ERROR_STATUS;

export type { ErrorCode };

export const errorTitle: Record<ErrorCode, string> = {
  validation_failed: 'Invalid request',
  idempotency_key_missing: 'Idempotency-Key header required',
  unauthorized: 'Authentication required',
  payment_declined: 'Payment declined',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  request_timeout: 'Request timeout',
  conflict: 'Conflict',
  payload_too_large: 'Payload too large',
  uri_too_long: 'URI too long',
  unsupported_media_type: 'Unsupported media type',
  idempotency_key_reused: 'Idempotency key reused with a different request',
  rate_limited: 'Too many requests',
  headers_too_large: 'Request headers too large',
  internal: 'Internal error',
  bad_gateway: 'Bad gateway',
  unavailable: 'Service unavailable',
  timeout: 'Upstream timeout',
};

export interface AppErrorOptions {
  /** Extra members for the problem document, e.g. validation `errors` or a `declineCode`. */
  extensions?: Record<string, unknown>;
  /** Response headers, e.g. Retry-After. */
  headers?: Record<string, string>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, detail?: string, options: AppErrorOptions = {}) {
    super(detail ?? errorTitle[code], { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = errorStatus[code];
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const conflict = (detail: string, extensions?: Record<string, unknown>) =>
  new AppError('conflict', detail, { extensions });
export const forbidden = (detail = 'You are not allowed to do this') =>
  new AppError('forbidden', detail);
export const unauthorized = (detail = 'A valid bearer token is required') =>
  new AppError('unauthorized', detail);
export const validationFailed = (detail: string, errors?: unknown[]) =>
  new AppError('validation_failed', detail, { extensions: errors ? { errors } : {} });
