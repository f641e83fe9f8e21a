import type {
  PasswordResetBody,
  PasswordResetConfirmBody,
  ResetLinkRejection,
} from '@souk/contracts';
import { AppError } from '@souk/platform';
import { assertAcceptablePassword, normalizeEmail } from '../accounts/account-rules.js';
import {
  findUserByEmail,
  findUserById,
  updatePasswordHash,
} from '../accounts/accounts.repository.js';
import type { AuthContext } from '../context.js';
import { announceRevokedSessions, applyLocally } from '../revocations/revocations.service.js';
import { revokeFamiliesOfUser } from '../sessions/sessions.repository.js';
import { generateRefreshToken, hashRefreshToken } from '../tokens/refresh-tokens.js';
import {
  insertPasswordReset,
  lockPasswordReset,
  markPasswordResetUsed,
} from './password-reset.repository.js';

const TOO_MANY = 'Too many password reset requests; try again later';

const refusedLink = (reason: ResetLinkRejection, detail: string) =>
  new AppError('validation_failed', detail, { extensions: { reason } });

/**
 * Mails a reset link when the address belongs to an enabled account, and answers the same way
 * whether it does or not (no enumeration). Requests are limited per address, known or not, and
 * per client address. The token goes out in `auth.password_reset.requested`, written in the
 * transaction that stores its hash.
 */
export async function requestPasswordReset(
  context: AuthContext,
  body: PasswordResetBody,
  clientIp: string,
): Promise<void> {
  const email = normalizeEmail(body.email);
  const limits = context.passwordReset;
  await context.throttle.limit(context.db, `reset:ip:${clientIp}`, limits.maxPerIp, TOO_MANY);
  await context.throttle.limit(context.db, `reset:email:${email}`, limits.maxPerEmail, TOO_MANY);
  const user = await findUserByEmail(context.db, email);
  if (!user || user.disabled_at) return;
  // The same generator and hash as refresh tokens: 32 random bytes, only the SHA-256 stored.
  const token = generateRefreshToken();
  const expiresAt = new Date(Date.now() + limits.ttlMinutes * 60_000);
  await context.db.transaction().execute(async (trx) => {
    await insertPasswordReset(trx, {
      tokenHash: hashRefreshToken(token),
      userId: user.id,
      expiresAt,
    });
    await context.bus.publish(trx, 'auth.password_reset.requested', {
      userId: user.id,
      email: user.email,
      firstName: user.first_name,
      token,
      expiresAt: expiresAt.toISOString(),
    });
  });
  context.logger.info({ userId: user.id }, 'password reset requested');
}

/**
 * Sets the new password from a valid link, uses the link up, and ends every session of the
 * account: whoever held one with the old password is logged out.
 */
export async function confirmPasswordReset(
  context: AuthContext,
  body: PasswordResetConfirmBody,
): Promise<void> {
  const tokenHash = hashRefreshToken(body.token);
  const revoked = await context.db.transaction().execute(async (trx) => {
    const reset = await lockPasswordReset(trx, tokenHash);
    if (!reset) throw refusedLink('reset_link_unknown', 'This reset link is not valid');
    if (reset.usedAt) throw refusedLink('reset_link_used', 'This reset link has already been used');
    if (reset.expired)
      throw refusedLink('reset_link_expired', 'This reset link has expired; ask for a new one');
    const user = await findUserById(trx, reset.userId);
    if (!user || user.disabled_at) throw new AppError('forbidden', 'account disabled');
    assertAcceptablePassword(body.password, {
      field: 'password',
      screen: {
        commonPasswords: context.commonPasswords,
        owner: { email: user.email, firstName: user.first_name, lastName: user.last_name },
      },
    });
    await updatePasswordHash(trx, user.id, await context.passwords.hash(body.password));
    await markPasswordResetUsed(trx, tokenHash);
    return announceRevokedSessions(
      context,
      trx,
      await revokeFamiliesOfUser(trx, user.id, 'password reset'),
    );
  });
  applyLocally(context, revoked);
}
