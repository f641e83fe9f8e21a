import type { ClientProfile, UpdateClientBody } from '@souk/contracts';
import { AppError, type Principal } from '@souk/platform';
import { selectAddresses } from '../addresses/address.repository.js';
import { tidyText, type ClientContext, type Queryable } from '../context.js';
import {
  selectClientByUserId,
  updateClientRow,
  type ClientRow,
  type ProfileChanges,
} from './profile.repository.js';
import { toClientProfile } from './profile.view.js';

/** How long a browser should wait before asking again for a profile that is still being created. */
const PROFILE_RETRY_AFTER_SECONDS = '2';

const profileNotCreatedYet = () =>
  new AppError(
    'not_found',
    'No client profile exists for this account yet. It is created from the registration event, which may still be on its way: try again in a moment.',
    { headers: { 'retry-after': PROFILE_RETRY_AFTER_SECONDS } },
  );
const profileDeleted = () =>
  new AppError('forbidden', 'This client profile was deleted by an administrator');
const accountDisabled = () =>
  new AppError('forbidden', 'This account is disabled: its profile cannot be changed');

/**
 * The caller's own profile row. Reading is allowed while the account is disabled (its tokens run
 * out soon anyway); changing is not. A deleted profile is closed to its former owner.
 */
export async function ownClientRow(
  db: Queryable,
  principal: Principal,
  purpose: 'read' | 'change',
): Promise<ClientRow> {
  const row = await selectClientByUserId(db, principal.userId, { lock: purpose === 'change' });
  if (!row) throw profileNotCreatedYet();
  if (row.deleted_at) throw profileDeleted();
  if (purpose === 'change' && row.disabled) throw accountDisabled();
  return row;
}

export async function profileOf(db: Queryable, row: ClientRow): Promise<ClientProfile> {
  return toClientProfile(row, await selectAddresses(db, row.id));
}

export async function getOwnProfile(
  context: ClientContext,
  principal: Principal,
): Promise<ClientProfile> {
  return profileOf(context.db, await ownClientRow(context.db, principal, 'read'));
}

export async function updateOwnProfile(
  context: ClientContext,
  principal: Principal,
  body: UpdateClientBody,
): Promise<ClientProfile> {
  return context.db.transaction().execute(async (trx) => {
    const row = await ownClientRow(trx, principal, 'change');
    return profileOf(trx, await updateClientRow(trx, row.id, tidyProfileChanges(body)));
  });
}

export function tidyProfileChanges(body: UpdateClientBody): ProfileChanges {
  return {
    ...(body.firstName === undefined ? {} : { firstName: tidyText(body.firstName) }),
    ...(body.lastName === undefined ? {} : { lastName: tidyText(body.lastName) }),
    ...(body.phone === undefined ? {} : { phone: body.phone }),
  };
}
