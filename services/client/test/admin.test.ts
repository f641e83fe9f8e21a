import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  envelopeOf,
  loggedWrites,
  recordWrites,
  startClientService,
  type ClientHarness,
} from './helpers.js';

let service: ClientHarness;

beforeAll(async () => {
  service = await startClientService('admin');
  await recordWrites(service.db);
});

afterAll(async () => {
  await service?.close();
});

const asAdmin = (options: Parameters<ClientHarness['inject']>[1]) =>
  service.inject(service.adminToken, options);
const idOf = async (userId: string) =>
  (
    await service.db
      .selectFrom('clients')
      .select('id')
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow()
  ).id;

/** Registers several clients in one batch of events; a unique tag in each email keeps the searches of each test apart. */
async function registerMany(
  people: Array<{ firstName: string; lastName: string; tag: string }>,
): Promise<string[]> {
  const envelopes = people.map(({ firstName, lastName, tag }) => {
    const userId = randomUUID();
    return envelopeOf('auth.user.registered', {
      userId,
      email: `${tag}-${userId.slice(0, 6)}@example.com`,
      firstName,
      lastName,
      phone: null,
      roles: ['CLIENT'],
    });
  });
  // One at a time, so creation order (newest first in the list) is the order given here.
  for (const envelope of envelopes) {
    await service.publishEnvelopes([envelope]);
    await service.waitForHandled(envelope.id);
  }
  return envelopes.map((envelope) => (envelope.data as { userId: string }).userId);
}

describe('admin search', () => {
  it('when the admin searches by name, then case and accents are ignored and every word must match', async () => {
    const tag = `srch${randomUUID().slice(0, 6)}`;
    await registerMany([
      { firstName: 'Hélène', lastName: 'Benjelloun', tag },
      { firstName: 'Helene', lastName: 'Tazi', tag },
      { firstName: 'Omar', lastName: 'Benjelloun', tag },
    ]);
    const search = async (q: string) => {
      const reply = await asAdmin({
        method: 'GET',
        url: '/api/clients',
        query: { q: `${q} ${tag}` },
      });
      expect(reply.statusCode).toBe(200);
      return reply
        .json()
        .items.map(
          (item: { firstName: string; lastName: string }) => `${item.firstName} ${item.lastName}`,
        );
    };
    expect(await search('HELENE')).toEqual(['Helene Tazi', 'Hélène Benjelloun']);
    expect(await search('hélène benj')).toEqual(['Hélène Benjelloun']);
    expect(await search('benjelloun')).toEqual(['Omar Benjelloun', 'Hélène Benjelloun']);
    expect(await search('nobody')).toEqual([]);
    expect(await search('%')).toEqual([]);
  });

  it('when the admin searches by email, then the part of the address typed is enough', async () => {
    const tag = `mail${randomUUID().slice(0, 6)}`;
    const [userId] = await registerMany([{ firstName: 'Karim', lastName: 'Idrissi', tag }]);
    const reply = await asAdmin({
      method: 'GET',
      url: '/api/clients',
      query: { q: `${tag.toUpperCase()}-${userId!.slice(0, 6)}@EXAMPLE` },
    });
    expect(reply.json()).toMatchObject({ total: 1, items: [{ userId, firstName: 'Karim' }] });
  });

  it('when the admin pages through the results, then pages are newest first, never overlap, and total counts every match', async () => {
    const tag = `page${randomUUID().slice(0, 6)}`;
    const userIds = await registerMany(
      Array.from({ length: 5 }, (_, index) => ({
        firstName: `Page${index}`,
        lastName: 'Reader',
        tag,
      })),
    );
    const page = async (number: number) =>
      (
        await asAdmin({
          method: 'GET',
          url: '/api/clients',
          query: { q: tag, page: String(number), pageSize: '2' },
        })
      ).json();

    const pages = [await page(1), await page(2), await page(3), await page(4)];
    expect(pages.map((each) => each.total)).toEqual([5, 5, 5, 5]);
    expect(pages.map((each) => each.items.length)).toEqual([2, 2, 1, 0]);
    expect(
      pages.flatMap((each) => each.items.map((item: { userId: string }) => item.userId)),
    ).toEqual([...userIds].reverse());
    expect(pages[0]).toMatchObject({ page: 1, pageSize: 2 });
  });

  it('when the admin asks for more than 100 a page or sends an unknown filter, then it is refused with 400', async () => {
    const tooBig = await asAdmin({
      method: 'GET',
      url: '/api/clients',
      query: { pageSize: '101' },
    });
    const unknown = await asAdmin({ method: 'GET', url: '/api/clients', query: { role: 'ADMIN' } });
    expect([tooBig.statusCode, unknown.statusCode]).toEqual([400, 400]);
  });
});

describe('admin view and change', () => {
  it('when the admin reads and changes a client, then the profile with its addresses comes back changed', async () => {
    const client = await service.registerClient({ firstName: 'Sara', lastName: 'Amrani' });
    await service.inject(client.token, {
      method: 'POST',
      url: '/api/clients/me/addresses',
      payload: {
        fullName: 'Sara Amrani',
        line1: '3 avenue Hassan II',
        city: 'Rabat',
        postalCode: '10000',
        country: 'MA',
      },
    });
    const id = await idOf(client.userId);

    const read = await asAdmin({ method: 'GET', url: `/api/clients/${id}` });
    expect(read.json()).toMatchObject({
      id,
      userId: client.userId,
      firstName: 'Sara',
      addresses: [{ city: 'Rabat', isDefault: true }],
    });

    const changed = await asAdmin({
      method: 'PATCH',
      url: `/api/clients/${id}`,
      payload: { lastName: 'El Amrani', phone: '+212611111111' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      lastName: 'El Amrani',
      phone: '+212611111111',
      email: client.email,
    });

    const refused = await asAdmin({
      method: 'PATCH',
      url: `/api/clients/${id}`,
      payload: { email: 'new@example.com' },
    });
    expect(refused.statusCode).toBe(400);
  });

  it('when the admin names an unknown client id, then it answers 404, and a malformed id 400', async () => {
    const id = randomUUID();
    const replies = await Promise.all([
      asAdmin({ method: 'GET', url: `/api/clients/${id}` }),
      asAdmin({ method: 'PATCH', url: `/api/clients/${id}`, payload: { firstName: 'X' } }),
      asAdmin({ method: 'DELETE', url: `/api/clients/${id}` }),
      asAdmin({ method: 'GET', url: '/api/clients/not-a-uuid' }),
    ]);
    expect(replies.map((reply) => reply.statusCode)).toEqual([404, 404, 404, 400]);
  });
});

describe('admin delete', () => {
  it('when the admin deletes a client twice, then the profile is kept as deleted and exactly one client.deleted is written with the change', async () => {
    const client = await service.registerClient({ firstName: 'Nadia', lastName: 'Cherkaoui' });
    const id = await idOf(client.userId);

    const first = await asAdmin({ method: 'DELETE', url: `/api/clients/${id}` });
    const second = await asAdmin({ method: 'DELETE', url: `/api/clients/${id}` });
    expect([first.statusCode, second.statusCode]).toEqual([204, 204]);

    const events = (await loggedWrites(service.db, 'outbox')).filter(
      (event) => event.type === 'client.deleted' && event.payload.data.clientId === id,
    );
    expect(events.map((event) => event.payload.data)).toEqual([
      { clientId: id, userId: client.userId },
    ]);
    const deletions = (await loggedWrites(service.db, 'client deleted')).filter(
      (write) => write.payload.id === id,
    );
    expect(deletions).toHaveLength(1);
    expect(deletions[0]!.xid).toBe(events[0]!.xid);

    const kept = await asAdmin({ method: 'GET', url: `/api/clients/${id}` });
    expect(kept.json()).toMatchObject({
      id,
      deleted: true,
      firstName: 'Nadia',
      lastName: 'Cherkaoui',
      email: client.email,
    });
    const change = await asAdmin({
      method: 'PATCH',
      url: `/api/clients/${id}`,
      payload: { firstName: 'X' },
    });
    expect(change.statusCode).toBe(409);

    const own = await service.inject(client.token, { method: 'GET', url: '/api/clients/me' });
    expect(own.statusCode).toBe(403);
  });

  it('when the admin deletes a client from many requests at once, then one client.deleted is written', async () => {
    const client = await service.registerClient();
    const id = await idOf(client.userId);
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => asAdmin({ method: 'DELETE', url: `/api/clients/${id}` })),
    );
    expect(replies.map((reply) => reply.statusCode)).toEqual([204, 204, 204, 204, 204, 204]);
    const events = (await loggedWrites(service.db, 'outbox')).filter(
      (event) => event.type === 'client.deleted' && event.payload.data.clientId === id,
    );
    expect(events).toHaveLength(1);
  });

  it('when a client is deleted, then the list leaves it out unless includeDeleted is asked for', async () => {
    const tag = `del${randomUUID().slice(0, 6)}`;
    const [kept, gone] = await registerMany([
      { firstName: 'Kept', lastName: 'Client', tag },
      { firstName: 'Gone', lastName: 'Client', tag },
    ]);
    await asAdmin({ method: 'DELETE', url: `/api/clients/${await idOf(gone!)}` });

    const list = async (query: Record<string, string>) =>
      (await asAdmin({ method: 'GET', url: '/api/clients', query: { q: tag, ...query } }))
        .json()
        .items.map((item: { userId: string; deleted: boolean }) => [item.userId, item.deleted]);
    expect(await list({})).toEqual([[kept, false]]);
    expect(await list({ includeDeleted: 'true' })).toEqual([
      [gone, true],
      [kept, false],
    ]);
  });
});

describe('admin figures', () => {
  it('when clients are active, disabled, deleted or old, then the stats count each of them', async () => {
    // This file's database is its own, but earlier tests added clients: compare the change.
    const before = (await asAdmin({ method: 'GET', url: '/api/clients/stats' })).json();
    const [, disabled, deleted, old] = await registerMany(
      ['active', 'disabled', 'deleted', 'old'].map((name) => ({
        firstName: name,
        lastName: 'Stats',
        tag: 'stats',
      })),
    );
    const disable = await service.publish('auth.user.disabled', { userId: disabled! });
    await service.waitForHandled(disable.id);
    await asAdmin({ method: 'DELETE', url: `/api/clients/${await idOf(deleted!)}` });
    await service.db
      .updateTable('clients')
      .set({ created_at: sql<Date>`now() - interval '40 days'` })
      .where('user_id', '=', old!)
      .execute();
    // A placeholder (access event before the registration) is not a client yet.
    const early = await service.publish('auth.user.disabled', { userId: randomUUID() });
    await service.waitForHandled(early.id);

    const after = (await asAdmin({ method: 'GET', url: '/api/clients/stats' })).json();
    expect(after.total - before.total).toBe(4);
    expect(after.active - before.active).toBe(2);
    expect(after.disabled - before.disabled).toBe(1);
    expect(after.deleted - before.deleted).toBe(1);
    expect(after.newLast30Days - before.newLast30Days).toBe(3);
    expect(after.total).toBe(after.active + after.disabled + after.deleted);
  });
});
