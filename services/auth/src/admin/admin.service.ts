import type { AdminUser, UpdateUserBody, UserListQuery, UserPage } from '@souk/contracts';
import { notFound, type Principal } from '@souk/platform';
import type { Transaction } from 'kysely';
import type { AuthDatabase } from '../db/schema.js';
import { canonicalRoles } from '../accounts/account-rules.js';
import { findUserById, type UserRow } from '../accounts/accounts.repository.js';
import type { AuthContext } from '../context.js';
import { applyLocally, revokeUserTokens } from '../revocations/revocations.service.js';
import { findUsers, lockActiveAdminIds, lockUser, saveAccountState } from './admin.repository.js';
import { assertActingAdmin, planUserUpdate } from './admin.rules.js';

export function toAdminUser(row: UserRow): AdminUser {
  return {
    id: row.id,
    email: row.email,
    roles: canonicalRoles(row.roles),
    firstName: row.first_name,
    lastName: row.last_name,
    phone: row.phone,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at.toISOString(),
  };
}

export async function listUsers(context: AuthContext, query: UserListQuery): Promise<UserPage> {
  const { page, pageSize } = query;
  const { rows, total } = await findUsers(
    context.db,
    { q: query.q, role: query.role, disabled: query.disabled },
    { limit: pageSize, offset: (page - 1) * pageSize },
  );
  return { items: rows.map(toAdminUser), page, pageSize, total };
}

export async function getUser(context: AuthContext, id: string): Promise<AdminUser> {
  const row = await findUserById(context.db, id);
  if (!row) throw notFound('User');
  return toAdminUser(row);
}

/**
 * Changes roles and/or the disabled flag, for an acting admin whose account is, right now, an
 * enabled ADMIN (its row is locked with the others, so a concurrent demotion cannot slip past).
 * Disabling or taking a role away ends every session of the account and revokes its access
 * tokens; disabling publishes `auth.user.disabled`, enabling `auth.user.enabled`. A role given
 * reaches the user's tokens at the next refresh.
 */
export async function updateUser(
  context: AuthContext,
  actor: Principal,
  id: string,
  patch: UpdateUserBody,
): Promise<AdminUser> {
  const { saved, revoked } = await context.db.transaction().execute(async (trx) => {
    // Admins are locked before the target (same order everywhere), so the count cannot go stale.
    const activeAdmins = await lockActiveAdminIds(trx);
    assertActingAdmin(actor.userId, activeAdmins);
    const current = await lockUser(trx, id);
    if (!current) throw notFound('User');
    const plan = planUserUpdate(
      actor.userId,
      {
        id: current.id,
        roles: canonicalRoles(current.roles),
        disabled: current.disabled_at !== null,
      },
      patch,
      activeAdmins.filter((adminId) => adminId !== id).length,
    );
    const saved = await saveAccountState(trx, id, plan);
    const revoked =
      plan.becomesDisabled || plan.losesRole
        ? await revokeUserTokens(
            context,
            trx,
            id,
            plan.becomesDisabled ? 'account disabled' : 'role removed',
          )
        : [];
    if (plan.becomesDisabled)
      await context.bus.publish(trx, 'auth.user.disabled', {
        userId: id,
        reason: 'disabled by an administrator',
      });
    if (plan.becomesEnabled) await context.bus.publish(trx, 'auth.user.enabled', { userId: id });
    return { saved, revoked };
  });
  applyLocally(context, revoked);
  context.logger.info(
    { actorId: actor.userId, userId: id, change: patch },
    'account changed by an administrator',
  );
  return toAdminUser(saved);
}

/**
 * `client.deleted`: an administrator deleted the client's profile, so the account is disabled
 * and its sessions end (the order history is kept by the other services). Accounts already
 * disabled or unknown need nothing; an ADMIN account is left alone so deleting a profile can
 * never lock the shop out (it is logged instead).
 */
export async function disableDeletedClient(
  context: AuthContext,
  trx: Transaction<AuthDatabase>,
  userId: string,
): Promise<void> {
  const current = await lockUser(trx, userId);
  if (!current || current.disabled_at !== null) return;
  const roles = canonicalRoles(current.roles);
  if (roles.includes('ADMIN')) {
    context.logger.warn(
      { userId },
      'client profile of an administrator deleted; the account stays enabled',
    );
    return;
  }
  await saveAccountState(trx, userId, { roles, disabled: true });
  await revokeUserTokens(context, trx, userId, 'client deleted');
  await context.bus.publish(trx, 'auth.user.disabled', {
    userId,
    reason: 'client profile deleted by an administrator',
  });
}
