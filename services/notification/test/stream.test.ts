import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startNotificationService, type Harness } from './helpers.js';
import { openStream, type StreamClient, type StreamMessage } from '@souk/testkit';

describe('live notification stream', () => {
  let service: Harness;
  let base: string;
  const streams: StreamClient[] = [];
  const alice = randomUUID();
  const bob = randomUUID();
  const admin = randomUUID();
  let aliceToken: string;
  let bobToken: string;
  let adminToken: string;

  const connect = async (token?: string) => {
    const stream = await openStream(`${base}/api/notifications/stream`, token);
    streams.push(stream);
    return stream;
  };
  const isEvent = (name: string) => (message: StreamMessage) => message.event === name;

  beforeAll(async () => {
    service = await startNotificationService('stream', {
      stream: { heartbeatMs: 300, maxStreamsPerUser: 2 },
    });
    await service.app.listen({ host: '127.0.0.1', port: 0 });
    const address = service.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    [aliceToken, bobToken, adminToken] = await Promise.all([
      service.tokenFor(alice),
      service.tokenFor(bob),
      service.tokenFor(admin, ['ADMIN']),
    ]);
    const earlier = await service.publish('order.shipped', {
      orderId: randomUUID(),
      userId: alice,
    });
    await service.waitForMessages(earlier.id);
  });
  afterEach(() => {
    for (const stream of streams.splice(0)) stream.close();
  });
  afterAll(() => service?.close());

  it('when a client connects with a token, then the unread count comes first and each new message of theirs follows live', async () => {
    const stream = await connect(aliceToken);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers.get('cache-control')).toContain('no-cache');
    expect((await stream.next(isEvent('unread'))).data).toEqual({ count: 1 });
    const bobsStream = await connect(bobToken);
    await bobsStream.next(isEvent('unread'));

    const forBob = await service.publish('order.shipped', { orderId: randomUUID(), userId: bob });
    const orderId = randomUUID();
    const envelope = await service.publish('payment.failed', {
      paymentId: randomUUID(),
      orderId,
      userId: alice,
      amount: 123450,
      currency: 'MAD',
      declineCode: 'expired_card',
    });
    // The earlier message's own push may still be on its way: wait for this one by its event.
    const pushed = await stream.next(
      (message) => message.event === 'notification' && message.data.sourceEventId === envelope.id,
    );
    expect(pushed.data).toMatchObject({
      recipient: alice,
      audience: 'USER',
      kind: 'payment.failed',
      link: `/orders/${orderId}`,
      sourceEventId: envelope.id,
      readAt: null,
      params: { orderId, amount: 123450, currency: 'MAD', declineCode: 'expired_card' },
    });
    expect(pushed.data.body.fr).toContain('Votre carte a expiré.');
    expect(pushed.data.body.en.replace(/\u00a0/g, ' ')).toContain('MAD 1,234.50');
    expect((await stream.next(() => true)).data).toEqual({ count: 2 });
    // Bob's message reached Bob's stream, and never Alice's (a heartbeat later, it would have).
    await bobsStream.next(
      (message) => message.event === 'notification' && message.data.sourceEventId === forBob.id,
    );
    await stream.next((message) => message.comment !== undefined, 3_000);
    const recipients = stream.messages
      .filter((message) => message.event === 'notification')
      .map((message) => message.data.recipient);
    expect(new Set(recipients)).toEqual(new Set([alice]));
  });

  it('when a message is for the admins, then admin streams get it and client streams do not', async () => {
    const adminStream = await connect(adminToken);
    const clientStream = await connect(bobToken);
    expect((await adminStream.next(isEvent('unread'))).data).toEqual({ count: 0 });
    expect((await clientStream.next(isEvent('unread'))).data).toEqual({ count: 1 });

    await service.publish('product.stock_low', {
      productId: randomUUID(),
      name: 'Tajine',
      stock: 0,
      threshold: 5,
    });
    const pushed = await adminStream.next(isEvent('notification'));
    expect(pushed.data).toMatchObject({
      audience: 'ADMIN',
      recipient: null,
      kind: 'product.stock_low',
    });
    expect((await adminStream.next(isEvent('unread'))).data).toEqual({ count: 1 });

    const own = await service.publish('order.delivered', { orderId: randomUUID(), userId: bob });
    const bobsOwn = await clientStream.next(isEvent('notification'));
    expect(bobsOwn.data.sourceEventId).toBe(own.id);
    expect((await clientStream.next(isEvent('unread'))).data).toEqual({ count: 2 });
    expect(
      clientStream.messages.filter((message) => message.event === 'notification'),
    ).toHaveLength(1);
  });

  it('when two instances run, then a stream on either one gets the message, whichever instance stored it', async () => {
    const second = await service.buildAnother();
    await second.listen({ host: '127.0.0.1', port: 0 });
    const address = second.server.address();
    const secondBase = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const carol = randomUUID();
    const carolToken = await service.tokenFor(carol);
    const onFirst = await connect(carolToken);
    const onSecond = await openStream(`${secondBase}/api/notifications/stream`, carolToken);
    streams.push(onSecond);
    await Promise.all([onFirst.next(isEvent('unread')), onSecond.next(isEvent('unread'))]);

    const envelopes = [];
    for (let i = 0; i < 4; i++)
      envelopes.push(
        await service.publish('order.shipped', { orderId: randomUUID(), userId: carol }),
      );
    for (const stream of [onFirst, onSecond]) {
      const seen = [];
      for (let i = 0; i < 4; i++)
        seen.push((await stream.next(isEvent('notification'))).data.sourceEventId);
      expect(seen.sort()).toEqual(envelopes.map((envelope) => envelope.id).sort());
    }
  });

  it('when a stream comes back with the last id it got, then it first gets what was stored meanwhile, oldest first, its own only', async () => {
    const dave = randomUUID();
    const daveToken = await service.tokenFor(dave);
    const first = await connect(daveToken);
    await first.next(isEvent('unread'));
    const seen = await service.publish('order.shipped', { orderId: randomUUID(), userId: dave });
    const live = await first.next(isEvent('notification'));
    expect(live.data.sourceEventId).toBe(seen.id);
    expect(live.id).toBe(live.data.id);
    first.close();

    const missed = [];
    for (let i = 0; i < 3; i++)
      missed.push(
        await service.publish('order.delivered', { orderId: randomUUID(), userId: dave }),
      );
    const forAlice = await service.publish('order.shipped', {
      orderId: randomUUID(),
      userId: alice,
    });
    for (const envelope of missed) await service.waitForMessages(envelope.id);
    const [alicesRow] = await service.waitForMessages(forAlice.id);

    const again = await openStream(`${base}/api/notifications/stream`, daveToken, {
      'last-event-id': live.id!,
    });
    streams.push(again);
    expect((await again.next(isEvent('unread'))).data).toEqual({ count: 4 });
    const replayed = [];
    for (let i = 0; i < 3; i++) replayed.push(await again.next(isEvent('missed')));
    expect(replayed.map((message) => message.data.sourceEventId).sort()).toEqual(
      missed.map((envelope) => envelope.id).sort(),
    );
    expect(
      replayed.every(
        (message) => message.id === message.data.id && message.data.recipient === dave,
      ),
    ).toBe(true);
    const times = replayed.map((message) => message.data.createdAt);
    expect([...times].sort()).toEqual(times);
    await again.next((message) => message.comment !== undefined, 3_000);
    expect(again.messages.filter(isEvent('missed'))).toHaveLength(3);
    again.close();

    // A new stream (the browser gave up and opened another) passes the id in the query.
    const viaQuery = await openStream(
      `${base}/api/notifications/stream?lastEventId=${replayed[1]!.id}`,
      daveToken,
    );
    streams.push(viaQuery);
    await viaQuery.next(isEvent('unread'));
    expect((await viaQuery.next(isEvent('missed'))).id).toBe(replayed[2]!.id);
    viaQuery.close();

    // Someone else's message id, or something that is no id, replays nothing; a bad query id is a 400.
    for (const lastEventId of [alicesRow!.id, 'not-an-id']) {
      const stream = await openStream(`${base}/api/notifications/stream`, daveToken, {
        'last-event-id': lastEventId,
      });
      streams.push(stream);
      expect(stream.status).toBe(200);
      await stream.next(isEvent('unread'));
      await stream.next((message) => message.comment !== undefined, 3_000);
      expect(stream.messages.filter(isEvent('missed'))).toHaveLength(0);
      stream.close();
    }
    const invalid = await openStream(
      `${base}/api/notifications/stream?lastEventId=nope`,
      daveToken,
    );
    expect(invalid.status).toBe(400);
    invalid.close();
  });

  it('when a stream stays quiet, then a heartbeat comment keeps it alive', async () => {
    const stream = await connect(bobToken);
    const heartbeat = await stream.next((message) => message.comment !== undefined, 3_000);
    expect(heartbeat.comment).toBe('heartbeat');
  });

  it('when a user opens more streams than allowed, then the extra one is 429, and closing one makes room', async () => {
    const first = await connect(aliceToken);
    await connect(aliceToken);
    await first.next(isEvent('unread'));
    const third = await connect(aliceToken);
    expect(third.status).toBe(429);
    expect(third.headers.get('content-type')).toContain('application/problem+json');

    first.close();
    let retried: StreamClient | undefined;
    for (const deadline = Date.now() + 5_000; Date.now() < deadline;) {
      retried = await connect(aliceToken);
      if (retried.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(retried?.status).toBe(200);
  });

  it('when the token a stream was opened with expires, then the stream says so and ends', async () => {
    const shortLived = await service.tokenFor(bob, ['CLIENT'], { expiresIn: '2s' });
    const stream = await connect(shortLived);
    await stream.next(isEvent('unread'));
    await stream.next(isEvent('expired'), 4_000);
    await stream.ended(1_000);
  });

  it('when the session of a stream is revoked, then that stream ends at once and the same user’s other session goes on', async () => {
    const sessionId = randomUUID();
    const revoked = await connect(
      await service.tokenFor(bob, ['CLIENT'], { claims: { sid: sessionId } }),
    );
    const other = await connect(
      await service.tokenFor(bob, ['CLIENT'], { claims: { sid: randomUUID() } }),
    );
    await Promise.all([revoked.next(isEvent('unread')), other.next(isEvent('unread'))]);
    await service.publish('auth.session.revoked', { userId: bob, sessionId });
    await revoked.next(isEvent('revoked'), 2_000);
    await revoked.ended(1_000);
    const later = await service.publish('order.shipped', { orderId: randomUUID(), userId: bob });
    await other.next(
      (message) => message.event === 'notification' && message.data.sourceEventId === later.id,
    );
    const again = await connect(
      await service.tokenFor(bob, ['CLIENT'], { claims: { sid: sessionId } }),
    );
    expect(again.status).toBe(401);
  });

  it('when every token of a user is revoked (disabled, deleted, demoted), then each of its streams ends, on every instance', async () => {
    const carol = randomUUID();
    const otherInstance = await service.buildAnother();
    await otherInstance.listen({ host: '127.0.0.1', port: 0 });
    const address = otherInstance.server.address();
    const otherBase = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const token = await service.tokenFor(carol);
    const here = await connect(token);
    const there = await openStream(`${otherBase}/api/notifications/stream`, token);
    streams.push(there);
    await Promise.all([here.next(isEvent('unread')), there.next(isEvent('unread'))]);
    await service.publish('auth.user.tokens_revoked', { userId: carol, tokenVersion: 1 });
    await Promise.all([
      here.next(isEvent('revoked'), 2_000),
      there.next(isEvent('revoked'), 2_000),
    ]);
    await Promise.all([here.ended(1_000), there.ended(1_000)]);
    expect((await connect(token)).status).toBe(401);
    expect(
      (await connect(await service.tokenFor(carol, ['CLIENT'], { claims: { ver: 1 } }))).status,
    ).toBe(200);
  });

  it('when there is no token, then the stream is a 401 problem, not an open stream', async () => {
    const stream = await connect();
    expect(stream.status).toBe(401);
    expect(stream.headers.get('content-type')).toContain('application/problem+json');
  });

  it('when the app closes, then open streams end and the close does not wait for them', async () => {
    const stream = await connect(aliceToken);
    await stream.next(isEvent('unread'));
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      service.app.close().then(() => 'closed'),
      new Promise(
        (resolve) => (timer = setTimeout(resolve, 5_000, 'still waiting for the stream')),
      ),
    ]);
    clearTimeout(timer);
    expect(outcome).toBe('closed');
    await stream.ended(3_000);
  });
});
