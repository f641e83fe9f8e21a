import type { Address, ClientProfile, ClientSummary } from '@souk/contracts';
import type { AddressRow } from '../addresses/address.repository.js';
import type { ClientRow } from './profile.repository.js';

export function toClientSummary(row: ClientRow): ClientSummary {
  return {
    id: row.id,
    userId: row.user_id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    phone: row.phone,
    disabled: row.disabled,
    deleted: row.deleted_at !== null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toClientProfile(row: ClientRow, addresses: AddressRow[]): ClientProfile {
  return { ...toClientSummary(row), addresses: addresses.map(toAddress) };
}

/** Absent optional parts are left out rather than null (see the Address contract). */
export function toAddress(row: AddressRow): Address {
  return {
    id: row.id,
    ...(row.label === null ? {} : { label: row.label }),
    fullName: row.full_name,
    line1: row.line1,
    ...(row.line2 === null ? {} : { line2: row.line2 }),
    city: row.city,
    postalCode: row.postal_code,
    country: row.country,
    ...(row.phone === null ? {} : { phone: row.phone }),
    isDefault: row.is_default,
  };
}
