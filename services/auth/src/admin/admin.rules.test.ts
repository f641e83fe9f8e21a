import { describe, expect, it } from 'vitest';
import { mayRemoveAdmin, planUserUpdate, type AccountState } from './admin.rules.js';

const adminId = 'a0000000-0000-4000-8000-000000000001';
const client: AccountState = { id: 'c0000000-0000-4000-8000-000000000002', roles: ['CLIENT'], disabled: false };
const self: AccountState = { id: adminId, roles: ['CLIENT', 'ADMIN'], disabled: false };

describe('admin changes to an account', () => {
  it('when an admin disables a client, then the account becomes disabled', () => {
    expect(planUserUpdate(adminId, client, { disabled: true }, 1)).toEqual({
      roles: ['CLIENT'],
      disabled: true,
      becomesDisabled: true,
      becomesEnabled: false,
    });
  });

  it('when an admin re-enables a disabled account, then it becomes enabled', () => {
    expect(planUserUpdate(adminId, { ...client, disabled: true }, { disabled: false }, 1)).toMatchObject({
      disabled: false,
      becomesDisabled: false,
      becomesEnabled: true,
    });
  });

  it('when disabled is set to what it already is, then nothing changes state', () => {
    expect(planUserUpdate(adminId, client, { disabled: false }, 1)).toMatchObject({ becomesDisabled: false, becomesEnabled: false });
  });

  it('when an admin grants ADMIN in any order with repeats, then roles are stored canonically', () => {
    expect(planUserUpdate(adminId, client, { roles: ['ADMIN', 'CLIENT'] }, 1).roles).toEqual(['CLIENT', 'ADMIN']);
  });

  it('when an admin disables their own account, then it is refused with a conflict', () => {
    expect(() => planUserUpdate(adminId, self, { disabled: true }, 5)).toThrow(expect.objectContaining({ code: 'conflict' }));
  });

  it('when an admin removes their own ADMIN role, then it is refused with a conflict', () => {
    expect(() => planUserUpdate(adminId, self, { roles: ['CLIENT'] }, 5)).toThrow(/your own ADMIN role/);
  });

  it('when an admin changes their own roles but keeps ADMIN, then it is allowed', () => {
    expect(planUserUpdate(adminId, self, { roles: ['ADMIN'] }, 0).roles).toEqual(['ADMIN']);
  });

  it('when the last active admin would lose ADMIN through another admin account, then it is refused', () => {
    const lastAdmin: AccountState = { id: 'b0000000-0000-4000-8000-000000000003', roles: ['ADMIN'], disabled: false };
    expect(() => planUserUpdate(adminId, lastAdmin, { disabled: true }, 0)).toThrow(/last active administrator/);
    expect(planUserUpdate(adminId, lastAdmin, { disabled: true }, 1).becomesDisabled).toBe(true);
  });

  it('when a change can only add rights, then no admin count is needed', () => {
    expect(mayRemoveAdmin({ roles: ['CLIENT', 'ADMIN'] })).toBe(false);
    expect(mayRemoveAdmin({ disabled: false })).toBe(false);
    expect(mayRemoveAdmin({ roles: ['CLIENT'] })).toBe(true);
    expect(mayRemoveAdmin({ disabled: true })).toBe(true);
  });
});
