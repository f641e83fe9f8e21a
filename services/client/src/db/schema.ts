import type { PlatformTables } from '@souk/platform';
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, Date>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export interface ClientsTable {
  id: Generated<string>;
  /** The auth account; unique: one profile per account. */
  user_id: string;
  /** Copied from auth.user.registered; auth owns it. Empty on a placeholder row. */
  email: Generated<string>;
  first_name: Generated<string>;
  last_name: Generated<string>;
  phone: string | null;
  /**
   * When the account was registered (the event's occurredAt). Null on a placeholder row: an
   * access event arrived before the registration event; such rows are invisible to the API.
   */
  registered_at: Date | null;
  disabled: Generated<boolean>;
  /** occurredAt of the last applied auth.user.disabled / enabled: older events are ignored. */
  access_changed_at: Date | null;
  /** Set by an administrator's delete; the row stays for the order history. */
  deleted_at: Date | null;
  /** When the profile came into being here (when the registration event was applied). */
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** Generated: names and email folded to lower case without accents, for admin search. */
  search_text: ColumnType<string, never, never>;
}

export interface AddressesTable {
  id: Generated<string>;
  client_id: string;
  label: string | null;
  full_name: string;
  line1: string;
  line2: string | null;
  city: string;
  postal_code: string;
  country: string;
  phone: string | null;
  /** At most one per client (partial unique index); exactly one while the client has any address. */
  is_default: boolean;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ClientDatabase extends PlatformTables {
  clients: ClientsTable;
  addresses: AddressesTable;
}
