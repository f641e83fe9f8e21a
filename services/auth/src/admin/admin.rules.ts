import type { Role, UpdateUserBody } from '@souk/contracts';
import { AppError } from '@souk/platform';
import { canonicalRoles } from '../accounts/account-rules.js';

export interface AccountState {
  id: string;
  roles: Role[];
  disabled: boolean;
}

export interface UserUpdatePlan {
  roles: Role[];
  disabled: boolean;
  becomesDisabled: boolean;
  becomesEnabled: boolean;
  /** A role is taken away: the tokens that carry it must stop working. */
  losesRole: boolean;
}

const isActiveAdmin = (state: { roles: Role[]; disabled: boolean }) =>
  !state.disabled && state.roles.includes('ADMIN');

/**
 * Who may change accounts: an administrator as the auth database knows it now, not as an access
 * token signed minutes ago says. A demoted or disabled admin is refused even while its token
 * has not yet been refused everywhere.
 */
export function assertActingAdmin(actorId: string, activeAdminIds: readonly string[]): void {
  if (!activeAdminIds.includes(actorId))
    throw new AppError('forbidden', 'This action needs an active ADMIN account');
}

/**
 * What an admin's change to an account amounts to. An admin never changes its own roles or
 * enabled state (403: another administrator must), so a revoked admin holding a token cannot
 * restore itself. Refused (409) when the last active administrator would lose that status.
 * `otherActiveAdmins` counts active admins besides the target.
 */
export function planUserUpdate(
  actorId: string,
  current: AccountState,
  patch: UpdateUserBody,
  otherActiveAdmins: number,
): UserUpdatePlan {
  if (current.id === actorId) {
    throw new AppError(
      'forbidden',
      'You cannot change your own roles or enable or disable your own account; another administrator must',
    );
  }
  const roles = patch.roles ? canonicalRoles(patch.roles) : current.roles;
  const disabled = patch.disabled ?? current.disabled;
  if (isActiveAdmin(current) && !isActiveAdmin({ roles, disabled }) && otherActiveAdmins === 0) {
    throw new AppError(
      'conflict',
      'This is the last active administrator; make someone else ADMIN first',
    );
  }
  return {
    roles,
    disabled,
    becomesDisabled: disabled && !current.disabled,
    becomesEnabled: !disabled && current.disabled,
    losesRole: current.roles.some((role) => !roles.includes(role)),
  };
}
