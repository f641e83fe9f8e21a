import type { ErrorCode } from '@souk/contracts';
import type { MessageKey } from '../i18n/fr.js';

/**
 * The message for each error code of the closed vocabulary in contracts: a code added there
 * without a message here, or a message key missing from a dictionary, does not compile.
 */
export const ERROR_MESSAGES: Readonly<Record<ErrorCode, MessageKey>> = {
  validation_failed: 'error.code.validation_failed',
  idempotency_key_missing: 'error.code.idempotency_key_missing',
  unauthorized: 'error.code.unauthorized',
  payment_declined: 'error.code.payment_declined',
  forbidden: 'error.code.forbidden',
  not_found: 'error.code.not_found',
  method_not_allowed: 'error.code.method_not_allowed',
  request_timeout: 'error.code.request_timeout',
  conflict: 'error.code.conflict',
  payload_too_large: 'error.code.payload_too_large',
  uri_too_long: 'error.code.uri_too_long',
  unsupported_media_type: 'error.code.unsupported_media_type',
  idempotency_key_reused: 'error.code.idempotency_key_reused',
  rate_limited: 'error.code.rate_limited',
  headers_too_large: 'error.code.headers_too_large',
  internal: 'error.code.internal',
  bad_gateway: 'error.code.bad_gateway',
  unavailable: 'error.code.unavailable',
  timeout: 'error.code.timeout',
};

/**
 * Refusals whose problem `detail` names what was refused and why ("the current password is wrong",
 * "only 3 left"): it is shown when there is one. For the other codes the detail says nothing
 * more than the code, so the translated message is shown instead.
 */
export const CODES_WITH_TELLING_DETAIL: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'validation_failed',
  'unauthorized',
  'payment_declined',
  'forbidden',
  'not_found',
  'conflict',
]);
