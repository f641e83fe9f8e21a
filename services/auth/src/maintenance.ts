import type { Logger } from '@souk/platform';
import type { Queryable } from './context.js';
import { purgeDeadSessions } from './sessions/sessions.repository.js';
import type { LoginThrottle } from './throttle/login-throttle.js';

const EVERY_MS = 15 * 60 * 1000;
/** Expired tokens and revoked sessions are kept a day, then deleted. */
const SESSION_GRACE_SECONDS = 86_400;

/** Periodic clean-up of closed throttle windows and dead sessions; safe on many instances at once. */
export function startMaintenance(options: { db: Queryable; throttle: LoginThrottle; logger: Logger }): { stop(): void } {
  const run = async () => {
    try {
      const counters = await options.throttle.purgeExpired(options.db);
      const sessions = await purgeDeadSessions(options.db, SESSION_GRACE_SECONDS);
      if (counters + sessions > 0) options.logger.debug({ counters, sessions }, 'auth maintenance purged old rows');
    } catch (error) {
      options.logger.warn({ err: error }, 'auth maintenance failed; will retry');
    }
  };
  const timer = setInterval(() => void run(), EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
