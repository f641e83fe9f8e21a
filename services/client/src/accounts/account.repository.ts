import { sql, type Expression, type SqlBool } from 'kysely';
import type { Queryable } from '../context.js';

export interface Registration {
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  registeredAt: Date;
}

/**
 * Creates the profile, or completes a placeholder row left by an access event that came first.
 * A profile that is already complete is never overwritten: a re-published registration must
 * not undo what the client changed since. Returns whether anything was written.
 */
export async function upsertRegistration(
  db: Queryable,
  registration: Registration,
): Promise<boolean> {
  const row = await db
    .insertInto('clients')
    .values({
      user_id: registration.userId,
      email: registration.email,
      first_name: registration.firstName,
      last_name: registration.lastName,
      phone: registration.phone,
      registered_at: registration.registeredAt,
    })
    .onConflict((oc) =>
      oc
        .constraint('clients_user_id_key')
        .doUpdateSet((eb) => ({
          email: eb.ref('excluded.email'),
          first_name: eb.ref('excluded.first_name'),
          last_name: eb.ref('excluded.last_name'),
          phone: eb.ref('excluded.phone'),
          registered_at: eb.ref('excluded.registered_at'),
          created_at: sql<Date>`now()`,
          updated_at: sql<Date>`now()`,
        }))
        .where('clients.registered_at', 'is', null),
    )
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export interface AccessChange {
  userId: string;
  disabled: boolean;
  /** occurredAt of the auth event. */
  at: Date;
}

/**
 * Applies auth.user.disabled / enabled when it is newer than the last one applied, so events that
 * arrive out of order settle on the latest state. Two changes stamped with the same instant settle
 * on disabled, the safer side. With no profile yet (the registration event is late), a
 * placeholder row keeps the state until the registration completes it. Returns whether it applied.
 */
export async function applyAccessChange(db: Queryable, change: AccessChange): Promise<boolean> {
  const row = await db
    .insertInto('clients')
    .values({
      user_id: change.userId,
      disabled: change.disabled,
      access_changed_at: change.at,
      registered_at: null,
      phone: null,
    })
    .onConflict((oc) =>
      oc
        .constraint('clients_user_id_key')
        .doUpdateSet((eb) => ({
          disabled: eb.ref('excluded.disabled'),
          access_changed_at: eb.ref('excluded.access_changed_at'),
          updated_at: sql<Date>`now()`,
        }))
        .where((eb) =>
          eb.or([
            eb('clients.access_changed_at', 'is', null),
            eb('clients.access_changed_at', '<', eb.ref('excluded.access_changed_at')),
            eb.and([
              eb('clients.access_changed_at', '=', eb.ref('excluded.access_changed_at')),
              eb.ref('excluded.disabled') as Expression<SqlBool>,
            ]),
          ]),
        ),
    )
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
