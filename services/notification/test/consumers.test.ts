import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inboxSize, startNotificationService, type Harness } from './helpers.js';

describe('notification consumers', () => {
  let service: Harness;

  beforeAll(async () => {
    service = await startNotificationService('consumers');
  });
  afterAll(() => service?.close());

  const rowsOf = (eventId: string) =>
    service.db
      .selectFrom('notifications')
      .selectAll()
      .where('source_event_id', '=', eventId)
      .orderBy('audience', 'desc')
      .execute();
  const announcedFor = (notificationId: string) =>
    service.announced.filter((announcement) => announcement.notificationId === notificationId);

  const order = () => ({ orderId: randomUUID(), userId: randomUUID() });
  /**
   * PostgreSQL delivers notifications in commit order: once a later message's announcement has
   * arrived, any announcement of what committed before it has arrived too.
   */
  const announcementsSettled = async () => {
    const marker = await service.publish('order.shipped', order());
    const [row] = await service.waitForMessages(marker.id);
    await vi.waitFor(() => expect(announcedFor(row!.id)).toHaveLength(1), {
      timeout: 10_000,
      interval: 50,
    });
  };

  it('when each event type arrives, then each makes the expected message for the right reader', async () => {
    const o = order();
    const productId = randomUUID();
    const cases = [
      {
        type: 'auth.user.registered',
        data: {
          userId: o.userId,
          email: 'a@example.com',
          firstName: 'Amina',
          lastName: 'A',
          phone: null,
          roles: ['CLIENT'],
        },
        expect: [['USER', o.userId, '/']],
      },
      {
        type: 'order.placed',
        data: {
          ...o,
          items: [{ productId, name: 'Tajine', unitPrice: 1000, quantity: 2 }],
          total: 2000,
          currency: 'MAD',
          placedAt: new Date().toISOString(),
        },
        expect: [['USER', o.userId, `/orders/${o.orderId}`]],
      },
      {
        type: 'order.awaiting_payment',
        data: {
          ...o,
          total: 2000,
          currency: 'MAD',
          payBy: new Date(Date.now() + 1_800_000).toISOString(),
        },
        expect: [['USER', o.userId, `/orders/${o.orderId}`]],
      },
      {
        type: 'order.rejected',
        data: { ...o, reason: 'Not enough stock' },
        expect: [['USER', o.userId, `/orders/${o.orderId}`]],
      },
      {
        type: 'order.paid',
        data: {
          ...o,
          paymentId: randomUUID(),
          total: 2000,
          currency: 'MAD',
          items: [{ productId, quantity: 2 }],
        },
        expect: [
          ['USER', o.userId, `/orders/${o.orderId}`],
          ['ADMIN', null, `/admin/orders/${o.orderId}`],
        ],
      },
      { type: 'order.shipped', data: o, expect: [['USER', o.userId, `/orders/${o.orderId}`]] },
      { type: 'order.delivered', data: o, expect: [['USER', o.userId, `/orders/${o.orderId}`]] },
      {
        type: 'order.cancelled',
        data: { ...o, reason: 'changed my mind', wasPaid: true, cancelledBy: 'client' },
        expect: [['USER', o.userId, `/orders/${o.orderId}`]],
      },
      {
        type: 'payment.failed',
        data: {
          ...o,
          paymentId: randomUUID(),
          amount: 2000,
          currency: 'MAD',
          declineCode: 'card_declined',
        },
        expect: [['USER', o.userId, `/orders/${o.orderId}`]],
      },
      {
        type: 'payment.refunded',
        data: {
          ...o,
          paymentId: randomUUID(),
          refundId: randomUUID(),
          amount: 2000,
          currency: 'MAD',
          reason: 'order cancelled',
        },
        expect: [['USER', o.userId, `/orders/${o.orderId}`]],
      },
      {
        type: 'product.stock_low',
        data: { productId, name: 'Tajine', stock: 2, threshold: 5 },
        expect: [['ADMIN', null, `/admin/products/${productId}`]],
      },
    ] as const;

    const envelopes = [];
    for (const each of cases) envelopes.push(await service.publish(each.type, each.data as never));
    for (const [index, each] of cases.entries()) {
      const envelope = envelopes[index]!;
      await service.waitForMessages(envelope.id, each.expect.length);
      const rows = await rowsOf(envelope.id);
      expect(
        rows.map((row) => [row.audience, row.recipient_id, row.link]),
        each.type,
      ).toEqual(each.expect);
      for (const row of rows) {
        expect(row.kind).toBe(each.type);
        expect(row.read_at).toBeNull();
        expect(row.title.fr.length).toBeGreaterThan(0);
        expect(row.title.en.length).toBeGreaterThan(0);
        expect(row.body.fr).not.toBe(row.body.en);
      }
    }
    const paid = await rowsOf(envelopes[4]!.id);
    expect(paid[0]!.params).toMatchObject({
      orderId: o.orderId,
      total: 2000,
      currency: 'MAD',
      itemCount: 2,
    });
    expect(paid[1]!.title.en).toMatch(/^New paid order #/);
  });

  it('when a message is stored, then it is announced once to the service instances, with its reader', async () => {
    const o = order();
    const envelope = await service.publish('order.paid', {
      ...o,
      paymentId: randomUUID(),
      total: 5000,
      currency: 'MAD',
      items: [],
    });
    const [user, admin] = await service.waitForMessages(envelope.id, 2);
    await vi.waitFor(() => expect(announcedFor(user!.id)).toHaveLength(1), {
      timeout: 10_000,
      interval: 50,
    });
    await vi.waitFor(() => expect(announcedFor(admin!.id)).toHaveLength(1), {
      timeout: 10_000,
      interval: 50,
    });
    expect(announcedFor(user!.id)[0]).toEqual({
      notificationId: user!.id,
      userId: o.userId,
      audience: 'USER',
    });
    expect(announcedFor(admin!.id)[0]).toEqual({
      notificationId: admin!.id,
      userId: null,
      audience: 'ADMIN',
    });
  });

  it('when the same event is delivered twice, then its messages are made once and announced once', async () => {
    const o = order();
    const envelope = await service.publish('order.paid', {
      ...o,
      paymentId: randomUUID(),
      total: 7000,
      currency: 'MAD',
      items: [],
    });
    const first = await service.waitForMessages(envelope.id, 2);
    for (const row of first)
      await vi.waitFor(() => expect(announcedFor(row.id)).toHaveLength(1), {
        timeout: 10_000,
        interval: 50,
      });
    const handled = await inboxSize(service.db);
    await service.deliverAgain(envelope);
    expect(await rowsOf(envelope.id)).toHaveLength(2);
    expect(await inboxSize(service.db)).toBe(handled);
    await announcementsSettled();
    for (const row of first) expect(announcedFor(row.id)).toHaveLength(1);
  });

  it('when an event comes back after the inbox forgot it, then the unique index still makes its messages once', async () => {
    const o = order();
    const envelope = await service.publish('order.paid', {
      ...o,
      paymentId: randomUUID(),
      total: 9000,
      currency: 'MAD',
      items: [],
    });
    const rows = await service.waitForMessages(envelope.id, 2);
    for (const row of rows)
      await vi.waitFor(() => expect(announcedFor(row.id)).toHaveLength(1), {
        timeout: 10_000,
        interval: 50,
      });
    await service.db.deleteFrom('inbox').where('event_id', '=', envelope.id).execute();
    await service.deliverAgain(envelope);
    // The second delivery ran the handler this time (its inbox row is back) and stored nothing,
    // neither the client's message nor the admins' one (whose recipient is null).
    expect(
      await service.db
        .selectFrom('inbox')
        .select('event_id')
        .where('event_id', '=', envelope.id)
        .executeTakeFirst(),
    ).toBeDefined();
    expect(await rowsOf(envelope.id)).toHaveLength(2);
    await announcementsSettled();
    for (const row of rows) expect(announcedFor(row.id)).toHaveLength(1);
  });

  it("when an order's events arrive out of order, then each still makes its own message once", async () => {
    const o = order();
    const delivered = await service.publish('order.delivered', o);
    const shipped = await service.publish('order.shipped', o);
    const placed = await service.publish('order.placed', {
      ...o,
      items: [],
      total: 0,
      currency: 'MAD',
      placedAt: new Date().toISOString(),
    });
    for (const envelope of [delivered, shipped, placed]) await service.waitForMessages(envelope.id);
    const kinds = await service.db
      .selectFrom('notifications')
      .select('kind')
      .where('recipient_id', '=', o.userId)
      .execute();
    expect(kinds.map((row) => row.kind).sort()).toEqual([
      'order.delivered',
      'order.placed',
      'order.shipped',
    ]);
  });
});
