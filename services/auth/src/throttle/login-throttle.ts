import { sql } from 'kysely';
import { AppError } from '@souk/platform';
import type { Queryable } from '../context.js';

export interface ThrottleLimits {
  maxFailuresPerAccount: number;
  maxAttemptsPerIp: number;
  windowSeconds: number;
}

export interface LoginAttempt {
  /** Normalised email as typed, whether or not an account has it (no enumeration). */
  email: string;
  ip: string;
}

/**
 * Brute-force brakes for password checks, with counters in PostgreSQL so every instance agrees.
 * Each counter is a fixed window that opens with its first attempt. Counting happens before the
 * password is checked (a success then clears the account's counter): parallel guesses cannot slip
 * past the limit between a check and an increment.
 */
export interface LoginThrottle {
  /** Counts one attempt for the IP and the account; 429 with Retry-After once either is over. */
  admit(db: Queryable, attempt: LoginAttempt): Promise<void>;
  /** The right password was given: the account's failures are forgotten. */
  clearAccount(db: Queryable, email: string): Promise<void>;
  /** Forgets counters whose window has closed. */
  purgeExpired(db: Queryable): Promise<number>;
}

export const accountKey = (email: string) => `account:${email}`;
export const ipKey = (ip: string) => `ip:${ip}`;

/** Whole seconds until a window closes, at least 1 (a Retry-After of 0 invites a hot loop). */
export function secondsUntilWindowCloses(windowStartedAt: Date, windowSeconds: number, now: Date): number {
  const remainingMs = windowStartedAt.getTime() + windowSeconds * 1000 - now.getTime();
  return Math.max(1, Math.ceil(remainingMs / 1000));
}

export function tooManyAttempts(retryAfterSeconds: number): AppError {
  return new AppError('rate_limited', 'Too many login attempts; try again later', {
    headers: { 'retry-after': String(retryAfterSeconds) },
    extensions: { retryAfterSeconds },
  });
}

export function createLoginThrottle(limits: ThrottleLimits): LoginThrottle {
  async function count(db: Queryable, key: string, limit: number): Promise<void> {
    const window = limits.windowSeconds;
    const { rows } = await sql<{ count: number; window_started_at: Date; now: Date }>`
      INSERT INTO login_throttle AS t (key, count, window_started_at) VALUES (${key}, 1, now())
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN t.window_started_at <= now() - make_interval(secs => ${window}) THEN 1 ELSE t.count + 1 END,
        window_started_at = CASE WHEN t.window_started_at <= now() - make_interval(secs => ${window}) THEN now() ELSE t.window_started_at END
      RETURNING count, window_started_at, now() AS now
    `.execute(db);
    const row = rows[0]!;
    if (row.count > limit) throw tooManyAttempts(secondsUntilWindowCloses(row.window_started_at, window, row.now));
  }

  return {
    async admit(db, attempt) {
      await count(db, ipKey(attempt.ip), limits.maxAttemptsPerIp);
      await count(db, accountKey(attempt.email), limits.maxFailuresPerAccount);
    },
    async clearAccount(db, email) {
      await db.deleteFrom('login_throttle').where('key', '=', accountKey(email)).execute();
    },
    async purgeExpired(db) {
      const result = await db
        .deleteFrom('login_throttle')
        .where('window_started_at', '<=', sql<Date>`now() - make_interval(secs => ${limits.windowSeconds})`)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
