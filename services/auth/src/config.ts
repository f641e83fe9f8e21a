import { defaultPortOf } from '@souk/contracts';
import { Type, type Static } from '@sinclair/typebox';
import { ConfigError, dataConfig, env, httpConfig, type HttpConfig } from '@souk/platform';
import { passwordProblem } from './accounts/account-rules.js';
import type { CommonPasswords } from './accounts/common-passwords.js';

export const configSchema = Type.Object({
  ...httpConfig(defaultPortOf('auth')),
  ...dataConfig(),
  /** Seeded administrator: created on start when missing (see README, "Admin seeding"). */
  ADMIN_EMAIL: Type.Optional(
    Type.String({
      minLength: 3,
      maxLength: 320,
      pattern: '^\\s*[^\\s@]+@[^\\s@]+\\.[^\\s@]+\\s*$',
    }),
  ),
  // Secrets carry no constraints here: the platform's config errors quote the rejected value.
  ADMIN_PASSWORD: Type.Optional(Type.String()),
  /** Where the signing key pair lives locally; generated on first start (mode 0600). */
  AUTH_KEY_FILE: Type.Optional(Type.String({ minLength: 1 })),
  /** The signing key as a private JWK (JSON), for production; wins over AUTH_KEY_FILE. */
  AUTH_PRIVATE_JWK: Type.Optional(Type.String()),
  ACCESS_TOKEN_TTL_SECONDS: env.integer(900, { minimum: 30, maximum: 86_400 }),
  REFRESH_TOKEN_TTL_SECONDS: env.integer(30 * 86_400, { minimum: 60, maximum: 365 * 86_400 }),
  /** Failed logins from one client address per window, whatever the account (then 429 for all). */
  LOGIN_MAX_FAILURES_PER_IP: env.integer(30, { minimum: 1, maximum: 100_000 }),
  /** Failed logins on one account from one address per window (then 429 for that pair only). */
  LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: env.integer(5, { minimum: 1, maximum: 1000 }),
  /** Failed logins on one account, from anywhere, before each further attempt on it is delayed. */
  LOGIN_ACCOUNT_FAILURES_BEFORE_DELAY: env.integer(5, { minimum: 0, maximum: 100_000 }),
  // Kept well under the gateway's upstream timeout (15 s), so a delayed login is never cut off.
  LOGIN_MAX_DELAY_MS: env.integer(5000, { minimum: 0, maximum: 10_000 }),
  LOGIN_WINDOW_SECONDS: env.integer(900, { minimum: 1, maximum: 86_400 }),
  /** How long a mailed password reset link works. */
  PASSWORD_RESET_TTL_MINUTES: env.integer(30, { minimum: 5, maximum: 1440 }),
  /** Reset requests for one address per login window (LOGIN_WINDOW_SECONDS), known or not. */
  PASSWORD_RESET_MAX_PER_EMAIL: env.integer(3, { minimum: 1, maximum: 1000 }),
  /** Reset requests from one client address per login window. */
  PASSWORD_RESET_MAX_PER_IP: env.integer(20, { minimum: 1, maximum: 100_000 }),
});

export type AuthConfig = Static<typeof configSchema> & HttpConfig;

/** Rules the schema cannot express; start-up fails with every problem listed. */
export function assertCompleteConfig(config: AuthConfig, commonPasswords: CommonPasswords): void {
  const problems: string[] = [];
  if (!config.AUTH_PRIVATE_JWK && !config.AUTH_KEY_FILE) {
    problems.push(
      'AUTH_KEY_FILE or AUTH_PRIVATE_JWK: one is required (a key file path for local runs, a private JWK in production)',
    );
  }
  if (Boolean(config.ADMIN_EMAIL) !== Boolean(config.ADMIN_PASSWORD)) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD: set both to seed an administrator, or neither');
  }
  // The same rules as a password chosen in the shop; the message never quotes the value.
  if (config.ADMIN_PASSWORD !== undefined) {
    const owner = { email: config.ADMIN_EMAIL ?? '' };
    const problem = passwordProblem(config.ADMIN_PASSWORD, { commonPasswords, owner });
    if (problem) problems.push(`ADMIN_PASSWORD: ${problem.message}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
