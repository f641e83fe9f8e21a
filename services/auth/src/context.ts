import type { Kysely, Transaction } from 'kysely';
import type { EventMap } from '@souk/contracts';
import type { EventBus, Logger, Revocations } from '@souk/platform';
import type { CommonPasswords } from './accounts/common-passwords.js';
import type { PasswordHasher } from './accounts/password-hasher.js';
import type { AuthDatabase } from './db/schema.js';
import type { LoginThrottle } from './throttle/login-throttle.js';
import type { AccessTokenIssuer } from './tokens/access-tokens.js';

/** A connection or a transaction: repositories work with either. */
export type Queryable = Kysely<AuthDatabase> | Transaction<AuthDatabase>;

/** Publishing is all the use cases need from the bus: an outbox row in their own transaction. */
export type AuthEventPublisher = Pick<EventBus<EventMap>, 'publish'>;

/** What the auth use cases work with, wired by hand in app.ts. */
export interface AuthContext {
  db: Kysely<AuthDatabase>;
  bus: AuthEventPublisher;
  passwords: PasswordHasher;
  /** Refused as new passwords; loaded once at start. */
  commonPasswords: CommonPasswords;
  accessTokens: AccessTokenIssuer;
  throttle: LoginThrottle;
  refreshTokenTtlSeconds: number;
  passwordReset: { ttlMinutes: number; maxPerEmail: number; maxPerIp: number };
  /** The revocations this instance's verifier checks (see revocations.service.ts). */
  revocations: Revocations;
  logger: Logger;
}
