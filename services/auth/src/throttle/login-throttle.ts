import { setTimeout as sleepFor } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { AppError } from '@souk/platform';
import type { Queryable } from '../context.js';
import type { AuthDatabase } from '../db/schema.js';

export interface ThrottleLimits {
  /** Failures from one client address, whatever the account: past it, 429 for every account. */
  maxFailuresPerIp: number;
  /** Failures on one account from one address: past it, 429 for that pair only. */
  maxFailuresPerAccountAndIp: number;
  /** Failures on one account from all addresses before its attempts start being delayed. */
  accountFailuresBeforeDelay: number;
  /** The longest an attempt is delayed, however many failures the account has. */
  maxDelayMs: number;
  windowSeconds: number;
}

export interface LoginAttempt {
  /** Normalised email as typed, whether or not an account has it (no enumeration). */
  email: string;
  ip: string;
}

export type Sleep = (ms: number) => Promise<void>;

/**
 * Brute-force brakes for password checks, with counters in PostgreSQL so every instance agrees.
 * Each counter is a fixed window that opens with its first attempt. An attempt is counted as a
 * failure before its password is checked, so parallel guesses cannot slip past a limit between a
 * check and an increment; a success takes its count back. Nothing is ever refused per account
 * alone: a stranger's failures slow the account down, but only the stranger's own address and
 * (account, address) pair get 429, so the owner is never kept out.
 */
export interface LoginThrottle {
  /**
   * Counts the attempt; 429 with Retry-After when the address or the (account, address) pair is
   * over its limit (a refused attempt counts nothing). Then waits the account's delay, if any,
   * holding no database connection: the caller checks the password afterwards, so a right and a
   * wrong password are answered after the same wait.
   */
  admit(db: Kysely<AuthDatabase>, attempt: LoginAttempt): Promise<void>;
  /** The right password was given: the attempt stops counting and the pair's failures are forgotten. */
  recordSuccess(db: Queryable, attempt: LoginAttempt): Promise<void>;
  /** Forgets counters whose window has closed. */
  purgeExpired(db: Queryable): Promise<number>;
  /**
   * Counts one more use of something other than a password check (a reset request) under `key`,
   * in the same windows; 429 with Retry-After and `detail` once `max` is reached.
   */
  limit(db: Queryable, key: string, max: number, detail: string): Promise<void>;
}

export const ipKey = (ip: string) => `ip:${ip}`;
export const pairKey = (attempt: LoginAttempt) => `pair:${attempt.ip}|${attempt.email}`;
export const accountKey = (email: string) => `account:${email}`;

/** The first delay; each further failure doubles it, up to the configured cap. */
export const FIRST_DELAY_MS = 250;

/** How long an attempt waits when the account already has `failures` in the window. */
export function delayAfterFailures(
  failures: number,
  limits: Pick<ThrottleLimits, 'accountFailuresBeforeDelay' | 'maxDelayMs'>,
): number {
  const beyond = failures - limits.accountFailuresBeforeDelay;
  if (beyond < 0) return 0;
  // The exponent is bounded so a huge count cannot overflow to Infinity before the cap applies.
  return Math.min(limits.maxDelayMs, FIRST_DELAY_MS * 2 ** Math.min(beyond, 30));
}

/** Whole seconds until a window closes, at least 1 (a Retry-After of 0 invites a hot loop). */
export function secondsUntilWindowCloses(
  windowStartedAt: Date,
  windowSeconds: number,
  now: Date,
): number {
  const remainingMs = windowStartedAt.getTime() + windowSeconds * 1000 - now.getTime();
  return Math.max(1, Math.ceil(remainingMs / 1000));
}

export function tooManyAttempts(
  retryAfterSeconds: number,
  detail = 'Too many failed login attempts; try again later',
): AppError {
  return new AppError('rate_limited', detail, {
    headers: { 'retry-after': String(retryAfterSeconds) },
    extensions: { retryAfterSeconds },
  });
}

export function createLoginThrottle(
  limits: ThrottleLimits,
  sleep: Sleep = (ms) => sleepFor(ms),
): LoginThrottle {
  const window = limits.windowSeconds;
  const windowClosed = sql<boolean>`t.window_started_at <= now() - make_interval(secs => ${window})`;

  /**
   * Adds one to the counter unless it is already at `limit` (no limit: always), opening a new
   * window when the old one has closed. The upsert locks the row, so concurrent attempts are
   * counted one after the other. Returns the new count, or throws 429 when over the limit.
   */
  async function count(
    db: Queryable,
    key: string,
    limit?: number,
    detail?: string,
  ): Promise<number> {
    const underLimit = limit === undefined ? sql<boolean>`true` : sql<boolean>`t.count < ${limit}`;
    const { rows } = await sql<{ count: number }>`
      INSERT INTO login_throttle AS t (key, count, window_started_at) VALUES (${key}, 1, now())
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN ${windowClosed} THEN 1 ELSE t.count + 1 END,
        window_started_at = CASE WHEN ${windowClosed} THEN now() ELSE t.window_started_at END
      WHERE ${windowClosed} OR ${underLimit}
      RETURNING count
    `.execute(db);
    if (rows[0]) return rows[0].count;
    const { rows: full } = await sql<{ window_started_at: Date; now: Date }>`
      SELECT window_started_at, now() AS now FROM login_throttle WHERE key = ${key}
    `.execute(db);
    throw tooManyAttempts(
      secondsUntilWindowCloses(full[0]!.window_started_at, window, full[0]!.now),
      detail,
    );
  }

  return {
    async admit(db, attempt) {
      // One short transaction: a refusal by the pair rolls back the address's count too.
      const accountFailures = await db.transaction().execute(async (trx) => {
        await count(trx, ipKey(attempt.ip), limits.maxFailuresPerIp);
        await count(trx, pairKey(attempt), limits.maxFailuresPerAccountAndIp);
        return count(trx, accountKey(attempt.email));
      });
      // Failures before this attempt (in-flight ones included, so a burst is delayed too).
      const delayMs = delayAfterFailures(accountFailures - 1, limits);
      if (delayMs > 0) await sleep(delayMs);
    },
    async recordSuccess(db, attempt) {
      // One row per statement: a statement locking two rows in its own order could deadlock with
      // an admit that holds the address's row and waits for the account's.
      for (const key of [ipKey(attempt.ip), accountKey(attempt.email)]) {
        await db
          .updateTable('login_throttle')
          .set({ count: sql`greatest(count - 1, 0)` })
          .where('key', '=', key)
          .execute();
      }
      await db.deleteFrom('login_throttle').where('key', '=', pairKey(attempt)).execute();
    },
    async limit(db, key, max, detail) {
      await count(db, key, max, detail);
    },
    async purgeExpired(db) {
      const result = await db
        .deleteFrom('login_throttle')
        .where(
          'window_started_at',
          '<=',
          sql<Date>`now() - make_interval(secs => ${limits.windowSeconds})`,
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
