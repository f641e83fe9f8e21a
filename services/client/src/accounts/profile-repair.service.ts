import { MAX_PAGE_SIZE, UserPage } from '@souk/contracts';
import type { HttpClient, Logger } from '@souk/platform';
import { tidyText, type Queryable } from '../context.js';
import { applyAccessChange, upsertRegistration } from './account.repository.js';

export interface ProfileRepairContext {
  db: Queryable;
  http: Pick<HttpClient, 'json'>;
  logger: Logger;
}

export interface ProfileRepair {
  /** Accounts the auth service listed. */
  accounts: number;
  /** Profiles that were missing and are now created. */
  created: number;
}

/**
 * Creates the profile of every auth account that has none: a registration event lost before the
 * bus topology was declared (the client queue did not exist yet) left the account without one.
 * Pages through the auth service's account list on the administrator's behalf (newest first, so
 * an account registered meanwhile shifts the pages and is seen twice, never skipped). Idempotent:
 * an existing profile is never touched; a profile made here for a disabled account is disabled,
 * dated at the account's creation so any later access event still wins.
 */
export async function repairMissingProfiles(
  context: ProfileRepairContext,
  adminToken: string,
): Promise<ProfileRepair> {
  const result: ProfileRepair = { accounts: 0, created: 0 };
  for (let page = 1; ; page += 1) {
    const { items, total } = await context.http.json(
      'auth',
      {
        path: '/api/auth/users',
        query: { page, pageSize: MAX_PAGE_SIZE },
        token: adminToken,
        timeoutMs: 10_000,
      },
      UserPage,
    );
    for (const account of items) {
      result.accounts += 1;
      const registeredAt = new Date(account.createdAt);
      const created = await upsertRegistration(context.db, {
        userId: account.id,
        email: account.email,
        firstName: tidyText(account.firstName),
        lastName: tidyText(account.lastName),
        phone: account.phone,
        registeredAt,
      });
      if (!created) continue;
      result.created += 1;
      if (account.disabled)
        await applyAccessChange(context.db, {
          userId: account.id,
          disabled: true,
          at: registeredAt,
        });
    }
    if (items.length === 0 || page * MAX_PAGE_SIZE >= total) break;
  }
  context.logger.info(result, 'missing client profiles repaired');
  return result;
}
