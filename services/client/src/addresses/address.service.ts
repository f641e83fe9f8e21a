import {
  MAX_ADDRESSES_PER_CLIENT,
  type Address,
  type CreateAddressBody,
  type UpdateAddressBody,
} from '@souk/contracts';
import { AppError, conflict, notFound, type Principal } from '@souk/platform';
import { tidyText, type ClientContext } from '../context.js';
import { touchClient } from '../profiles/profile.repository.js';
import { ownClientRow } from '../profiles/profile.service.js';
import { toAddress } from '../profiles/profile.view.js';
import {
  clearDefaultAddress,
  countAddresses,
  deleteOwnAddress,
  insertAddress,
  promoteOldestAddress,
  selectOwnAddress,
  updateAddressRow,
  type AddressValues,
} from './address.repository.js';

// Every change locks the client's row first (ownClientRow 'change'), so the count limit and the
// single default hold under concurrent requests; the partial unique index backs the default up.

export async function addAddress(
  context: ClientContext,
  principal: Principal,
  body: CreateAddressBody,
): Promise<Address> {
  return context.db.transaction().execute(async (trx) => {
    const client = await ownClientRow(trx, principal, 'change');
    const count = await countAddresses(trx, client.id);
    if (count >= MAX_ADDRESSES_PER_CLIENT) {
      throw conflict(
        `A client keeps at most ${MAX_ADDRESSES_PER_CLIENT} addresses: delete one before adding another`,
      );
    }
    const isDefault = count === 0 || body.isDefault === true;
    if (isDefault) await clearDefaultAddress(trx, client.id);
    const row = await insertAddress(trx, client.id, tidyAddress(body), isDefault);
    await touchClient(trx, client.id);
    return toAddress(row);
  });
}

export async function changeAddress(
  context: ClientContext,
  principal: Principal,
  addressId: string,
  body: UpdateAddressBody,
): Promise<Address> {
  return context.db.transaction().execute(async (trx) => {
    const client = await ownClientRow(trx, principal, 'change');
    const address = await selectOwnAddress(trx, client.id, addressId);
    if (!address) throw notFound('Address');
    if (body.isDefault === false && address.is_default) {
      throw new AppError(
        'conflict',
        'A client with addresses always has a default one: make another address the default instead',
      );
    }
    const becomesDefault = body.isDefault === true && !address.is_default;
    if (becomesDefault) await clearDefaultAddress(trx, client.id);
    const row = await updateAddressRow(trx, address.id, {
      ...tidyAddressChanges(body),
      ...(becomesDefault ? { isDefault: true } : {}),
    });
    await touchClient(trx, client.id);
    return toAddress(row);
  });
}

/** Deleting the default address hands the default to the oldest remaining one. */
export async function removeAddress(
  context: ClientContext,
  principal: Principal,
  addressId: string,
): Promise<void> {
  await context.db.transaction().execute(async (trx) => {
    const client = await ownClientRow(trx, principal, 'change');
    const removed = await deleteOwnAddress(trx, client.id, addressId);
    if (!removed) throw notFound('Address');
    if (removed.is_default) await promoteOldestAddress(trx, client.id);
    await touchClient(trx, client.id);
  });
}

function tidyAddress(body: CreateAddressBody): AddressValues {
  return {
    label: body.label === undefined ? null : tidyText(body.label),
    fullName: tidyText(body.fullName),
    line1: tidyText(body.line1),
    line2: body.line2 === undefined ? null : tidyText(body.line2),
    city: tidyText(body.city),
    postalCode: tidyText(body.postalCode).toUpperCase(),
    country: body.country,
    phone: body.phone ?? null,
  };
}

function tidyAddressChanges(body: UpdateAddressBody): Partial<AddressValues> {
  const text = (value: string | null | undefined) =>
    value === undefined || value === null ? value : tidyText(value);
  const changes: Partial<AddressValues> = {
    label: text(body.label),
    fullName: text(body.fullName) ?? undefined,
    line1: text(body.line1) ?? undefined,
    line2: text(body.line2),
    city: text(body.city) ?? undefined,
    postalCode: body.postalCode === undefined ? undefined : tidyText(body.postalCode).toUpperCase(),
    country: body.country,
    phone: body.phone,
  };
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
}
