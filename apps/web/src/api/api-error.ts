import { isErrorCode, type ErrorCode, type ProblemBody } from '@souk/contracts';

/**
 * A code from contracts' closed vocabulary; `network_error` when no reply came; `http_<status>`
 * when the reply was not a problem document of ours (a proxy's own error page, say).
 */
export type ApiErrorCode = ErrorCode | 'network_error' | `http_${number}`;

/**
 * A failed call: the service's RFC 9457 problem (its `code` and `detail`) when it sent one, or a
 * network failure (`status` 0, code `network_error`). Screens show `detail`; logic branches on
 * `code` and `status`.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly detail: string;
  readonly title: string;
  /** From the Retry-After header (seconds), e.g. on a 429 or a 503. */
  readonly retryAfterSeconds: number | undefined;
  readonly problem: Partial<ProblemBody> & Record<string, unknown>;

  constructor(init: {
    status: number;
    code: ApiErrorCode;
    detail: string;
    title?: string;
    retryAfterSeconds?: number;
    problem?: Partial<ProblemBody> & Record<string, unknown>;
  }) {
    super(init.detail);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.title = init.title ?? init.code;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.problem = init.problem ?? {};
  }

  get isNetworkError(): boolean {
    return this.status === 0;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** Turns a non-2xx reply into an ApiError, reading a problem+json body when there is one. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
  let problem: Record<string, unknown> = {};
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      problem = (await response.json()) as Record<string, unknown>;
    } catch {
      problem = {};
    }
  }
  const code: ApiErrorCode = isErrorCode(problem.code) ? problem.code : `http_${response.status}`;
  const detail =
    typeof problem.detail === 'string'
      ? problem.detail
      : response.statusText || `HTTP ${response.status}`;
  const title = typeof problem.title === 'string' ? problem.title : undefined;
  return new ApiError({ status: response.status, code, detail, title, retryAfterSeconds, problem });
}

export function networkError(cause: unknown): ApiError {
  const message = cause instanceof Error ? cause.message : String(cause);
  return new ApiError({ status: 0, code: 'network_error', detail: message });
}
