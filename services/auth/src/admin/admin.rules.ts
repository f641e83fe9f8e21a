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
}

const isActiveAdmin = (state: { roles: Role[]; disabled: boolean }) => !state.disabled && state.roles.includes('ADMIN');

/** Whether a change could leave the target without an active ADMIN role (needs the admin count). */
export function mayRemoveAdmin(patch: UpdateUserBody): boolean {
  return patch.disabled === true || (patch.roles !== undefined && !patch.roles.includes('ADMIN'));
}

/**
 * What an admin's change to an account amounts to. Refused (409) when it would lock the shop out:
 * an admin disabling themself or dropping their own ADMIN role, or the last active administrator
 * losing that status. `otherActiveAdmins` counts active admins besides the target.
 */
export function planUserUpdate(actorId: string, current: AccountState, patch: UpdateUserBody, otherActiveAdmins: number): UserUpdatePlan {
  const roles = patch.roles ? canonicalRoles(patch.roles) : current.roles;
  const disabled = patch.disabled ?? current.disabled;
  if (current.id === actorId && disabled) throw new AppError('conflict', 'You cannot disable your own account');
  if (current.id === actorId && !roles.includes('ADMIN')) throw new AppError('conflict', 'You cannot remove your own ADMIN role');
  if (isActiveAdmin(current) && !isActiveAdmin({ roles, disabled }) && otherActiveAdmins === 0) {
    throw new AppError('conflict', 'This is the last active administrator; make someone else ADMIN first');
  }
  return {
    roles,
    disabled,
    becomesDisabled: disabled && !current.disabled,
    becomesEnabled: !disabled && current.disabled,
  };
}
