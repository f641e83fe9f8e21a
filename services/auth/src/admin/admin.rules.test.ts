import type { UpdateUserBody } from '@souk/contracts';
import { describe, expect, it } from 'vitest';
import { assertActingAdmin, planUserUpdate, type AccountState } from './admin.rules.js';

const adminId = 'a0000000-0000-4000-8000-000000000001';
const client: AccountState = {
  id: 'c0000000-0000-4000-8000-000000000002',
  roles: ['CLIENT'],
  disabled: false,
};
const self: AccountState = { id: adminId, roles: ['CLIENT', 'ADMIN'], disabled: false };
const otherAdmin: AccountState = {
  id: 'b0000000-0000-4000-8000-000000000003',
  roles: ['CLIENT', 'ADMIN'],
  disabled: false,
};

describe('admin changes to an account', () => {
  it('when an admin disables a client, then the account becomes disabled and nothing else', () => {
    expect(planUserUpdate(adminId, client, { disabled: true }, 1)).toEqual({
      roles: ['CLIENT'],
      disabled: true,
      becomesDisabled: true,
      becomesEnabled: false,
      losesRole: false,
    });
  });

  it('when an admin re-enables a disabled account, then it becomes enabled', () => {
    expect(
      planUserUpdate(adminId, { ...client, disabled: true }, { disabled: false }, 1),
    ).toMatchObject({
      disabled: false,
      becomesDisabled: false,
      becomesEnabled: true,
    });
  });

  it('when disabled is set to what it already is, then nothing changes state', () => {
    expect(planUserUpdate(adminId, client, { disabled: false }, 1)).toMatchObject({
      becomesDisabled: false,
      becomesEnabled: false,
      losesRole: false,
    });
  });

  it('when an admin grants ADMIN in any order with repeats, then roles are stored canonically and no role is lost', () => {
    const plan = planUserUpdate(adminId, client, { roles: ['ADMIN', 'CLIENT'] }, 1);
    expect(plan.roles).toEqual(['CLIENT', 'ADMIN']);
    expect(plan.losesRole).toBe(false);
  });

  it('when an admin takes ADMIN or CLIENT away, then the change says a role is lost', () => {
    expect(planUserUpdate(adminId, otherAdmin, { roles: ['CLIENT'] }, 1).losesRole).toBe(true);
    expect(planUserUpdate(adminId, otherAdmin, { roles: ['ADMIN'] }, 1).losesRole).toBe(true);
  });

  it.each<[string, UpdateUserBody]>([
    ['disables', { disabled: true }],
    ['enables', { disabled: false }],
    ['removes ADMIN from', { roles: ['CLIENT'] }],
    ['keeps ADMIN but changes the roles of', { roles: ['ADMIN'] }],
    ['sets the same roles on', { roles: ['CLIENT', 'ADMIN'] }],
  ])('when an admin %s their own account, then it is forbidden', (_what, patch) => {
    expect(() => planUserUpdate(adminId, self, patch, 5)).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
  });

  it('when the last active admin would lose ADMIN or be disabled by another admin, then it is refused', () => {
    const lastAdmin: AccountState = {
      id: 'b0000000-0000-4000-8000-000000000003',
      roles: ['ADMIN'],
      disabled: false,
    };
    expect(() => planUserUpdate(adminId, lastAdmin, { disabled: true }, 0)).toThrow(
      /last active administrator/,
    );
    expect(() => planUserUpdate(adminId, lastAdmin, { roles: ['CLIENT'] }, 0)).toThrow(
      /last active administrator/,
    );
    expect(planUserUpdate(adminId, lastAdmin, { disabled: true }, 1).becomesDisabled).toBe(true);
  });
});

describe('the acting admin', () => {
  it('when the actor is among the active admins now, then it may act', () => {
    expect(() => assertActingAdmin(adminId, [otherAdmin.id, adminId])).not.toThrow();
  });

  it('when the actor was demoted or disabled since its token was signed, then it is forbidden', () => {
    expect(() => assertActingAdmin(adminId, [otherAdmin.id])).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
  });
});
