import type { PasswordRejection } from '@souk/contracts';
import { isApiError } from '../api/api-error.js';
import type { MessageKey } from '../i18n/fr.js';

/** One message per reason the auth service gives (a new reason in the contracts fails the build here). */
const MESSAGES: Record<PasswordRejection, MessageKey> = {
  common: 'auth.error.passwordCommon',
  personal: 'auth.error.passwordPersonal',
};

/**
 * The message for a new password the service refused as common or personal: its 400 problem
 * lists `{path: "body.<field>", reason}` in `errors`. Undefined for any other failure.
 */
export function passwordRejectionMessage(
  error: unknown,
  field: 'password' | 'newPassword',
): MessageKey | undefined {
  if (!isApiError(error) || error.status !== 400 || !Array.isArray(error.problem.errors))
    return undefined;
  for (const item of error.problem.errors as Array<{ path?: unknown; reason?: unknown } | null>) {
    const reason = item?.reason;
    if (
      item?.path === `body.${field}` &&
      typeof reason === 'string' &&
      Object.hasOwn(MESSAGES, reason)
    )
      return MESSAGES[reason as PasswordRejection];
  }
  return undefined;
}
