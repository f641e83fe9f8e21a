import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errorStatus, errorTitle, isAppError, type ErrorCode } from '../errors.js';
import { currentTraceId } from '../tracing.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: ErrorCode;
  traceId?: string;
  [extension: string]: unknown;
}

const codeByStatus: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  409: 'conflict',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  431: 'headers_too_large',
  502: 'bad_gateway',
  503: 'unavailable',
  504: 'timeout',
};

export function problemType(code: ErrorCode): string {
  return `urn:souk:problem:${code}`;
}

export function buildProblem(error: AppError, instance: string): ProblemDocument {
  const traceId = currentTraceId();
  return {
    ...error.extensions,
    type: problemType(error.code),
    title: errorTitle[error.code],
    status: error.status,
    detail: error.message,
    instance,
    code: error.code,
    ...(traceId ? { traceId } : {}),
  };
}

/** Turns anything thrown in a request into an AppError; unknown errors become a bare 500. */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const fastifyError = error as FastifyError & {
    validation?: unknown[];
    validationContext?: string;
  };
  if (Array.isArray(fastifyError.validation)) {
    const where = fastifyError.validationContext ?? 'request';
    const errors = fastifyError.validation.map((issue) => describeIssue(issue as AjvIssue, where));
    return new AppError(
      'validation_failed',
      `Invalid ${where}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
      {
        extensions: { errors },
      },
    );
  }
  const status = typeof fastifyError.statusCode === 'number' ? fastifyError.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code = codeByStatus[status] ?? 'validation_failed';
    return new AppError(code, clientMessage(fastifyError, code));
  }
  return new AppError('internal', 'An unexpected error occurred', { cause: error });
}

function clientMessage(error: FastifyError, code: ErrorCode): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is larger than this endpoint accepts';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Unsupported Content-Type; send application/json';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The JSON body is empty';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'The body is not valid JSON';
    case 'FST_ERR_BAD_URL':
      return 'The URL is not valid: a percent-encoding is malformed';
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return 'A path segment is longer than this server accepts';
    default:
      return error.message || errorTitle[code];
  }
}

interface AjvIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
  parentSchema?: { description?: unknown };
}

function describeIssue(issue: AjvIssue, where: string): { path: string; message: string } {
  const base = `${where}${(issue.instancePath ?? '').replace(/\//g, '.')}`;
  if (issue.keyword === 'additionalProperties' && issue.params?.additionalProperty) {
    return {
      path: `${base}.${issue.params.additionalProperty as string}`,
      message: 'is not allowed',
    };
  }
  if (issue.keyword === 'required' && issue.params?.missingProperty) {
    return { path: `${base}.${issue.params.missingProperty as string}`, message: 'is required' };
  }
  // "must match pattern ^(?:AD|AE|…)$" helps nobody: say what the field is, from its description.
  const description = issue.parentSchema?.description;
  if (issue.keyword === 'pattern' && typeof description === 'string')
    return { path: base, message: `must be: ${description}` };
  return { path: base, message: issue.message ?? 'is invalid' };
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  error: AppError,
): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply
    .status(error.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(buildProblem(error, request.url.split('?')[0] ?? request.url)));
}

export function statusOf(code: ErrorCode): number {
  return errorStatus[code];
}
