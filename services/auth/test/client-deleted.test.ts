import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@souk/platform';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  login,
  recordOutboxTransactions,
  loggedEvents,
  register,
  startAuth,
  uniqueEmail,
  type AuthHarness,
} from './helpers.js';

describe('client.deleted consumer', () => {
  let auth: AuthHarness;

  beforeAll(async () => {
    auth = await startAuth('client_deleted');
    await recordOutboxTransactions(auth.db);
  });
  afterAll(() => auth?.close());

  const clientDeleted = (userId: string): EventEnvelope => ({
    id: randomUUID(),
    type: 'client.deleted',
    version: 1,
    occurredAt: new Date().toISOString(),
    source: 'client',
    data: { clientId: randomUUID(), userId },
  });

  it('when an admin deletes a client (event delivered twice), then the account is disabled once and cannot log in', async () => {
    const email = uniqueEmail('deleted');
    const user = await register(auth.app, { email, password: 'correct horse battery' });
    const message = clientDeleted(user.id);
    await auth.broker.publish([message, { ...message }]);
    await vi.waitFor(
      async () =>
        expect((await login(auth.app, email, 'correct horse battery')).statusCode).toBe(403),
      {
        timeout: 15_000,
        interval: 200,
      },
    );
    await vi.waitFor(
      async () => expect(await loggedEvents(auth.db, 'auth.user.disabled')).toHaveLength(1),
      { timeout: 5_000 },
    );
    expect((await loggedEvents(auth.db, 'auth.user.disabled'))[0]!.data).toMatchObject({
      userId: user.id,
    });
  });
});
