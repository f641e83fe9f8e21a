import { createLogger, type Principal } from '@souk/platform';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createStreamHub, type StreamEvent } from '../src/stream/stream-hub.js';
import { openStream } from '@souk/testkit';

describe('stream hub', () => {
  const hub = createStreamHub({ logger: createLogger({ name: 'hub-test', level: 'silent' }) });
  const app = Fastify();
  const principal: Principal = {
    userId: 'u1',
    roles: ['CLIENT'],
    isAdmin: false,
    tokenId: 't1',
    sessionId: 's1',
    tokenVersion: 0,
    expiresAt: new Date(Date.now() + 3_600_000),
    token: 'token',
  };
  let release: (events: StreamEvent[]) => void = () => {};
  let base = '';

  beforeAll(async () => {
    app.get('/stream', (request, reply) =>
      hub.open(request, reply, principal, () => new Promise((resolve) => (release = resolve))),
    );
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    hub.closeAll();
    await app.close();
  });

  it('when a live message comes while the first events are still being read, then it is written after them, not lost', async () => {
    const stream = await openStream(`${base}/stream`);
    await vi.waitFor(() => expect(hub.streamsOf('u1')).toHaveLength(1));
    hub.streamsOf('u1')[0]!.send('notification', { n: 'live' }, 'id-live');
    release([{ event: 'unread', data: { count: 1 } }]);
    expect((await stream.next((message) => message.event !== undefined)).event).toBe('unread');
    const live = await stream.next((message) => message.event !== undefined);
    expect(live).toMatchObject({ event: 'notification', id: 'id-live', data: { n: 'live' } });
    stream.close();
  });

  it('when the app closes with a stream open, then the stream ends with a retry hint of one to three seconds', async () => {
    const hub = createStreamHub({ logger: createLogger({ name: 'hub-test', level: 'silent' }) });
    const closing = Fastify();
    closing.get('/stream', (request, reply) => hub.open(request, reply, principal, async () => []));
    closing.addHook('preClose', async () => hub.closeAll());
    await closing.listen({ host: '127.0.0.1', port: 0 });
    const address = closing.server.address();
    const stream = await openStream(
      `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/stream`,
    );
    expect((await stream.next((message) => message.retry !== undefined)).retry).toBe(3_000);
    await vi.waitFor(() => expect(hub.size()).toBe(1));

    await closing.close();
    const hint = await stream.next((message) => message.retry !== undefined);
    expect(hint.retry).toBeGreaterThanOrEqual(1_000);
    expect(hint.retry).toBeLessThanOrEqual(3_000);
    await stream.ended();
  });
});
