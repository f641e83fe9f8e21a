import type { Generated } from 'kysely';
import type { PlatformTables } from '@souk/platform';
import type { Role } from '@souk/contracts';

export interface UsersTable {
  id: string;
  /** Stored trimmed and lower-cased; unique on lower(email) as a second guard. */
  email: string;
  password_hash: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  /** Closed vocabulary (CLIENT, ADMIN), so an array column replaces the seed's Role/User-Role tables. */
  roles: Role[];
  disabled_at: Date | null;
  /** Access tokens carry it as `ver`; raising it revokes every token signed before. */
  token_version: Generated<number>;
  /** When token_version was last raised (the revocation feed reads recent ones). */
  tokens_revoked_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** One login session: every refresh token issued from one login shares the family. */
export interface RefreshTokenFamiliesTable {
  id: string;
  user_id: string;
  created_at: Generated<Date>;
  revoked_at: Date | null;
  revoked_reason: string | null;
}

export interface RefreshTokensTable {
  /** SHA-256 of the opaque token, hex; the token itself is never stored. */
  token_hash: string;
  family_id: string;
  expires_at: Date;
  created_at: Generated<Date>;
  used_at: Date | null;
}

/**
 * Fixed-window counters shared by every instance: `account:<email>`, `ip:<address>`,
 * `pair:<address>|<email>`, and the password reset requests' `reset:email:…`, `reset:ip:…`.
 */
export interface LoginThrottleTable {
  key: string;
  count: number;
  window_started_at: Date;
}

/** A password reset link: single use, short-lived, only its token's hash stored. */
export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  expires_at: Date;
  created_at: Generated<Date>;
  used_at: Date | null;
}

export interface AuthTables {
  users: UsersTable;
  refresh_token_families: RefreshTokenFamiliesTable;
  refresh_tokens: RefreshTokensTable;
  login_throttle: LoginThrottleTable;
  password_resets: PasswordResetsTable;
}

export type AuthDatabase = AuthTables & PlatformTables;
