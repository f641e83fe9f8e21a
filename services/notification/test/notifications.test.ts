import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@souk/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startNotificationService, type Harness } from './helpers.js';

describe('notifications API', () => {
  let service: Harness;
  const alice = randomUUID();
  const bob = randomUUID();
  const admin = randomUUID();
  const otherAdmin = randomUUID();
  let aliceToken: string;
  let bobToken: string;
  let adminToken: string;
  let otherAdminToken: string;

  /** Publishes events and waits until each made its messages. */
  async function deliver(
    events: Array<[string, unknown]>,
    messagesPerEvent = 1,
  ): Promise<EventEnvelope[]> {
    const envelopes: EventEnvelope[] = [];
    for (const [type, data] of events)
      envelopes.push(await service.publish(type as never, data as never));
    for (const envelope of envelopes) await service.waitForMessages(envelope.id, messagesPerEvent);
    return envelopes;
  }
  const shipped = (userId: string) =>
    ['order.shipped', { orderId: randomUUID(), userId }] as [string, unknown];
  const stockLow = (name: string) =>
    ['product.stock_low', { productId: randomUUID(), name, stock: 1, threshold: 5 }] as [
      string,
      unknown,
    ];
  const list = (token: string, query = '') =>
    service.app.inject({
      method: 'GET',
      url: `/api/notifications${query}`,
      headers: bearer(token),
    });
  const read = (token: string, id: string) =>
    service.app.inject({
      method: 'POST',
      url: `/api/notifications/${id}/read`,
      headers: bearer(token),
    });
  const readAll = (token: string, query = '') =>
    service.app.inject({
      method: 'POST',
      url: `/api/notifications/read-all${query}`,
      headers: bearer(token),
    });

  beforeAll(async () => {
    service = await startNotificationService('api');
    [aliceToken, bobToken, adminToken, otherAdminToken] = await Promise.all([
      service.tokenFor(alice),
      service.tokenFor(bob),
      service.tokenFor(admin, ['CLIENT', 'ADMIN']),
      service.tokenFor(otherAdmin, ['ADMIN']),
    ]);
    await deliver(Array.from({ length: 23 }, () => shipped(alice)));
    await deliver([shipped(bob), shipped(admin), stockLow('Tajine'), stockLow('Teapot')]);
  });
  afterAll(() => service?.close());

  it('when a client lists, then pages come newest first without overlap, with the total and unread count', async () => {
    const pages = await Promise.all(
      [1, 2, 3].map((page) => list(aliceToken, `?page=${page}&pageSize=10`)),
    );
    const bodies = pages.map((response) => {
      expect(response.statusCode).toBe(200);
      return response.json();
    });
    expect(bodies.map((body) => body.items.length)).toEqual([10, 10, 3]);
    for (const body of bodies)
      expect(body).toMatchObject({ pageSize: 10, total: 23, unreadCount: 23 });
    const items = bodies.flatMap((body) => body.items);
    expect(new Set(items.map((item) => item.id)).size).toBe(23);
    const times = items.map((item) => Date.parse(item.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(items[0]).toEqual({
      id: expect.any(String),
      recipient: alice,
      audience: 'USER',
      kind: 'order.shipped',
      params: { orderId: expect.any(String), shortId: expect.stringMatching(/^[0-9A-F]{8}$/) },
      title: {
        fr: expect.stringMatching(/^Commande #.+ expédiée$/),
        en: expect.stringMatching(/^Order #.+ shipped$/),
      },
      body: { fr: expect.any(String), en: expect.any(String) },
      link: `/orders/${items[0].params.orderId}`,
      readAt: null,
      createdAt: expect.any(String),
      sourceEventId: expect.any(String),
    });
  });

  it('when a client marks a message read, then it keeps its first read time and leaves the unread list and count', async () => {
    const { items } = (await list(aliceToken, '?pageSize=1')).json();
    const first = await read(aliceToken, items[0].id);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ id: items[0].id, readAt: expect.any(String) });
    const again = await read(aliceToken, items[0].id);
    expect(again.json().readAt).toBe(first.json().readAt);

    const unread = (await list(aliceToken, '?unread=true&pageSize=100')).json();
    expect(unread.items.map((item: { id: string }) => item.id)).not.toContain(items[0].id);
    expect(unread).toMatchObject({ total: 22, unreadCount: 22 });
    expect((await list(aliceToken)).json()).toMatchObject({ total: 23, unreadCount: 22 });
  });

  it("when client B asks for A's message, then it is 404 and never in B's list", async () => {
    const { items } = (await list(aliceToken, '?pageSize=1&page=5')).json();
    const response = await read(bobToken, items[0].id);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'not_found' });
    expect((await read(bobToken, randomUUID())).statusCode).toBe(404);

    const bobs = (await list(bobToken, '?pageSize=100')).json();
    expect(bobs).toMatchObject({ total: 1, unreadCount: 1 });
    expect(bobs.items.every((item: { recipient: string }) => item.recipient === bob)).toBe(true);
    const aliceItem = (await list(aliceToken, '?pageSize=1&page=5')).json().items[0];
    expect(aliceItem.readAt).toBeNull();
  });

  it('when a client sees ADMIN messages or uses admin filters, then they are hidden, refused, or 404', async () => {
    const adminItem = (await list(adminToken, '?audience=ADMIN&pageSize=1')).json().items[0];
    expect((await read(bobToken, adminItem.id)).statusCode).toBe(404);
    expect((await list(bobToken, '?audience=ADMIN')).statusCode).toBe(403);
    expect((await list(bobToken, `?userId=${alice}`)).statusCode).toBe(403);
    expect((await readAll(bobToken, '?audience=ADMIN')).statusCode).toBe(403);
  });

  it('when the query is malformed, then it is a 400 problem', async () => {
    for (const query of [
      '?pageSize=101',
      '?page=0',
      '?recipient=x',
      '?kind=order.unknown',
      '?userId=not-a-uuid',
    ]) {
      const response = await list(adminToken, query);
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect((await read(aliceToken, 'not-a-uuid')).statusCode).toBe(400);
  });

  it('when there is no valid token, then every route is 401', async () => {
    const id = randomUUID();
    for (const [method, url] of [
      ['GET', '/api/notifications'],
      ['POST', `/api/notifications/${id}/read`],
      ['POST', '/api/notifications/read-all'],
      ['GET', '/api/notifications/stream'],
    ] as const) {
      expect((await service.app.inject({ method, url })).statusCode, url).toBe(401);
      expect(
        (await service.app.inject({ method, url, headers: bearer('a.b.c') })).statusCode,
        url,
      ).toBe(401);
    }
  });

  it('when an admin lists, then they see their own messages and the shared ADMIN ones, and can filter', async () => {
    const all = (await list(adminToken, '?pageSize=100')).json();
    expect(all).toMatchObject({ total: 3, unreadCount: 3 });
    expect(
      all.items
        .map((item: { audience: string; recipient: string | null }) => [
          item.audience,
          item.recipient,
        ])
        .sort(),
    ).toEqual([
      ['ADMIN', null],
      ['ADMIN', null],
      ['USER', admin],
    ]);

    const shared = (await list(adminToken, '?audience=ADMIN')).json();
    expect(shared.total).toBe(2);
    expect(shared.items.map((item: { kind: string }) => item.kind)).toEqual([
      'product.stock_low',
      'product.stock_low',
    ]);
    expect(
      shared.items.every((item: { link: string }) => item.link.startsWith('/admin/products/')),
    ).toBe(true);

    expect(
      (await list(adminToken, '?audience=USER'))
        .json()
        .items.map((item: { recipient: string }) => item.recipient),
    ).toEqual([admin]);
    const alices = (await list(adminToken, `?userId=${alice}&pageSize=5`)).json();
    expect(alices).toMatchObject({ total: 23, unreadCount: 22 });
    expect(alices.items.every((item: { recipient: string }) => item.recipient === alice)).toBe(
      true,
    );
    expect((await list(adminToken, '?kind=product.stock_low')).json().total).toBe(2);
    expect((await list(adminToken, '?kind=order.shipped')).json().total).toBe(1);
    expect((await list(adminToken, `?audience=ADMIN&userId=${alice}`)).json().total).toBe(0);
  });

  it("when an admin reads a shared ADMIN message, then it is read for every admin, but a client's message stays the client's", async () => {
    const shared = (await list(adminToken, '?audience=ADMIN&unread=true&pageSize=1')).json()
      .items[0];
    expect((await read(adminToken, shared.id)).statusCode).toBe(200);
    const seenByOther = (await list(otherAdminToken, '?audience=ADMIN')).json();
    expect(seenByOther.items.find((item: { id: string }) => item.id === shared.id).readAt).toEqual(
      expect.any(String),
    );
    expect(seenByOther.unreadCount).toBe(1);

    const alicesItem = (await list(adminToken, `?userId=${alice}&unread=true&pageSize=1`)).json()
      .items[0];
    expect((await read(adminToken, alicesItem.id)).statusCode).toBe(404);
  });

  it('when a reader marks everything read, then only what they see changes and a second time updates nothing', async () => {
    const carol = randomUUID();
    const carolToken = await service.tokenFor(carol);
    await deliver([shipped(carol), shipped(carol), shipped(carol)]);
    const bobBefore = (await list(bobToken)).json().unreadCount;

    const response = await readAll(carolToken);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ updated: 3 });
    expect((await list(carolToken)).json()).toMatchObject({ total: 3, unreadCount: 0 });
    expect((await readAll(carolToken)).json()).toEqual({ updated: 0 });
    expect((await list(bobToken)).json().unreadCount).toBe(bobBefore);
    expect((await list(adminToken, '?audience=ADMIN')).json().unreadCount).toBe(1);

    // An admin may clear only the shared side.
    expect((await readAll(otherAdminToken, '?audience=ADMIN')).json()).toEqual({ updated: 1 });
    expect((await list(adminToken)).json().unreadCount).toBe(1);
  });
});
