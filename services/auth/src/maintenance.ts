import { startPeriodicJob, type Logger, type PeriodicJob } from '@souk/platform';
import type { Kysely } from 'kysely';
import type { AuthDatabase } from './db/schema.js';
import { purgeExpiredPasswordResets } from './password-reset/password-reset.repository.js';
import { purgeDeadSessions } from './sessions/sessions.repository.js';
import type { LoginThrottle } from './throttle/login-throttle.js';

const EVERY_MS = 15 * 60 * 1000;
/** Expired tokens and revoked sessions are kept a day, then deleted. */
const SESSION_GRACE_SECONDS = 86_400;

/** Clean-up of closed throttle windows, dead sessions and old reset links, by one replica every quarter of an hour. */
export function startMaintenance(options: {
  db: Kysely<AuthDatabase>;
  throttle: LoginThrottle;
  logger: Logger;
}): PeriodicJob {
  return startPeriodicJob({
    name: 'auth.maintenance',
    periodMs: EVERY_MS,
    scope: { db: options.db },
    logger: options.logger,
    run: async () => {
      const counters = await options.throttle.purgeExpired(options.db);
      const sessions = await purgeDeadSessions(options.db, SESSION_GRACE_SECONDS);
      const resets = await purgeExpiredPasswordResets(options.db);
      if (counters + sessions + resets > 0)
        options.logger.debug({ counters, sessions, resets }, 'auth maintenance purged old rows');
    },
  });
}
