import { sql, type Selectable } from 'kysely';
import type { Queryable } from '../context.js';
import type { AddressesTable } from '../db/schema.js';

export type AddressRow = Selectable<AddressesTable>;

export interface AddressValues {
  label: string | null;
  fullName: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  country: string;
  phone: string | null;
}

/** The client's addresses: the default first, then in the order they were added. */
export async function selectAddresses(db: Queryable, clientId: string): Promise<AddressRow[]> {
  return db
    .selectFrom('addresses')
    .selectAll()
    .where('client_id', '=', clientId)
    .orderBy('is_default', 'desc')
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
}

export async function countAddresses(db: Queryable, clientId: string): Promise<number> {
  const { count } = await db
    .selectFrom('addresses')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('client_id', '=', clientId)
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** One address, only when it belongs to this client: another client's address is simply not found. */
export async function selectOwnAddress(
  db: Queryable,
  clientId: string,
  addressId: string,
): Promise<AddressRow | undefined> {
  return db
    .selectFrom('addresses')
    .selectAll()
    .where('id', '=', addressId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
}

export async function insertAddress(
  db: Queryable,
  clientId: string,
  values: AddressValues,
  isDefault: boolean,
): Promise<AddressRow> {
  return db
    .insertInto('addresses')
    .values({
      client_id: clientId,
      label: values.label,
      full_name: values.fullName,
      line1: values.line1,
      line2: values.line2,
      city: values.city,
      postal_code: values.postalCode,
      country: values.country,
      phone: values.phone,
      is_default: isDefault,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateAddressRow(
  db: Queryable,
  addressId: string,
  changes: Partial<AddressValues> & { isDefault?: boolean },
): Promise<AddressRow> {
  return db
    .updateTable('addresses')
    .set({
      ...(changes.label === undefined ? {} : { label: changes.label }),
      ...(changes.fullName === undefined ? {} : { full_name: changes.fullName }),
      ...(changes.line1 === undefined ? {} : { line1: changes.line1 }),
      ...(changes.line2 === undefined ? {} : { line2: changes.line2 }),
      ...(changes.city === undefined ? {} : { city: changes.city }),
      ...(changes.postalCode === undefined ? {} : { postal_code: changes.postalCode }),
      ...(changes.country === undefined ? {} : { country: changes.country }),
      ...(changes.phone === undefined ? {} : { phone: changes.phone }),
      ...(changes.isDefault === undefined ? {} : { is_default: changes.isDefault }),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', addressId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Clears the client's default, so another address can take it without breaking the unique index. */
export async function clearDefaultAddress(db: Queryable, clientId: string): Promise<void> {
  await db
    .updateTable('addresses')
    .set({ is_default: false, updated_at: sql<Date>`now()` })
    .where('client_id', '=', clientId)
    .where('is_default', '=', true)
    .execute();
}

export async function deleteOwnAddress(
  db: Queryable,
  clientId: string,
  addressId: string,
): Promise<AddressRow | undefined> {
  return db
    .deleteFrom('addresses')
    .where('id', '=', addressId)
    .where('client_id', '=', clientId)
    .returningAll()
    .executeTakeFirst();
}

/** Makes the oldest remaining address the default (after the default one was deleted). */
export async function promoteOldestAddress(db: Queryable, clientId: string): Promise<void> {
  const oldest = await db
    .selectFrom('addresses')
    .select('id')
    .where('client_id', '=', clientId)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .limit(1)
    .executeTakeFirst();
  if (oldest)
    await db
      .updateTable('addresses')
      .set({ is_default: true, updated_at: sql<Date>`now()` })
      .where('id', '=', oldest.id)
      .execute();
}
