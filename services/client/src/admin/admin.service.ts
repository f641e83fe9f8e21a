import type {
  ClientListQuery,
  ClientPage,
  ClientProfile,
  ClientStats,
  UpdateClientBody,
} from '@souk/contracts';
import { conflict, notFound } from '@souk/platform';
import type { ClientContext } from '../context.js';
import { selectClientById, updateClientRow } from '../profiles/profile.repository.js';
import { profileOf, tidyProfileChanges } from '../profiles/profile.service.js';
import { toClientSummary } from '../profiles/profile.view.js';
import { countClients, markClientDeleted, selectClientPage } from './admin.repository.js';
import { toContainsPatterns } from './search-words.js';

export async function listClients(
  context: ClientContext,
  query: ClientListQuery,
): Promise<ClientPage> {
  const { rows, total } = await selectClientPage(context.db, {
    patterns: query.q === undefined ? [] : toContainsPatterns(query.q),
    includeDeleted: query.includeDeleted,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map(toClientSummary), page: query.page, pageSize: query.pageSize, total };
}

/** Deleted profiles stay readable by administrators (they explain old orders). */
export async function getClient(context: ClientContext, id: string): Promise<ClientProfile> {
  const row = await selectClientById(context.db, id);
  if (!row) throw notFound('Client');
  return profileOf(context.db, row);
}

export async function updateClient(
  context: ClientContext,
  id: string,
  body: UpdateClientBody,
): Promise<ClientProfile> {
  return context.db.transaction().execute(async (trx) => {
    const row = await selectClientById(trx, id, { lock: true });
    if (!row) throw notFound('Client');
    if (row.deleted_at)
      throw conflict(
        'This client was deleted: the profile is kept as it was for the order history',
      );
    return profileOf(trx, await updateClientRow(trx, row.id, tidyProfileChanges(body)));
  });
}

/**
 * Marks the profile deleted and publishes `client.deleted` in the same transaction; the auth
 * service disables the account when it sees it. Personal fields are kept, so orders placed by
 * this client still show who placed them. Deleting again is a no-op: no second event.
 */
export async function deleteClient(context: ClientContext, id: string): Promise<void> {
  await context.db.transaction().execute(async (trx) => {
    const deleted = await markClientDeleted(trx, id);
    if (deleted) {
      await context.bus.publish(trx, 'client.deleted', {
        clientId: deleted.id,
        userId: deleted.user_id,
      });
      return;
    }
    if (!(await selectClientById(trx, id))) throw notFound('Client');
  });
}

export async function getClientStats(context: ClientContext): Promise<ClientStats> {
  return countClients(context.db);
}
