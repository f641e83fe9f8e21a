import { AppError } from '@souk/platform';
import {
  assertAcceptablePassword,
  isValidEmail,
  normalizeEmail,
} from '../accounts/account-rules.js';
import { addRole, findUserByEmail } from '../accounts/accounts.repository.js';
import { createUser } from '../accounts/accounts.service.js';
import type { AuthContext } from '../context.js';

export type AdminSeedOutcome = 'created' | 'promoted' | 'unchanged';

/**
 * Makes sure the configured administrator exists, at every start and on every instance:
 * - missing: created with roles CLIENT and ADMIN and the configured password;
 * - present without ADMIN: the role is added;
 * - present: its password and its disabled flag are never touched, so changing the password in
 *   the shop sticks across restarts and a deliberate disable is not undone by a deployment.
 * The insert skips on an email conflict, so concurrent instances create the account once.
 */
export async function ensureAdminAccount(
  context: AuthContext,
  admin: { email: string; password: string },
): Promise<AdminSeedOutcome> {
  const email = normalizeEmail(admin.email);
  if (!isValidEmail(email))
    throw new AppError('validation_failed', 'ADMIN_EMAIL is not a valid email address');
  assertAcceptablePassword(admin.password, {
    screen: { commonPasswords: context.commonPasswords, owner: { email } },
  });

  let existing = await findUserByEmail(context.db, email);
  if (!existing) {
    const passwordHash = await context.passwords.hash(admin.password);
    const created = await context.db.transaction().execute((trx) =>
      createUser(context, trx, {
        email,
        passwordHash,
        firstName: 'Shop',
        lastName: 'Administrator',
        phone: null,
        roles: ['CLIENT', 'ADMIN'],
      }),
    );
    if (created) {
      context.logger.info({ email }, 'administrator account created');
      return 'created';
    }
    existing = await findUserByEmail(context.db, email);
    if (!existing) throw new Error('The administrator account vanished while it was being seeded');
  }
  if (await addRole(context.db, existing.id, 'ADMIN')) {
    context.logger.info({ email }, 'ADMIN role added to the configured administrator');
    return 'promoted';
  }
  return 'unchanged';
}
