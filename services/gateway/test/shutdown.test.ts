import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '@souk/platform';
import { createTestKeys, openStream } from '@souk/testkit';
import { startGateway, startUpstream, serveTokenKeys } from './support.js';

describe('gateway shutdown with an event stream open', () => {
  const upstreams: App[] = [];
  const served: ServerResponse[] = [];
  let gateway: { app: App; url: string };
  let token = '';

  beforeAll(async () => {
    const keys = await createTestKeys();
    token = await keys.sign({ roles: ['CLIENT'] });
    const auth = await startUpstream('auth', (app) => serveTokenKeys(app, () => keys.jwks));
    const notification = await startUpstream('notification', (app) => {
      app.get('/api/notifications/stream', (_request, reply) => {
        reply.hijack();
        reply.raw.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-cache',
        });
        reply.raw.write('event: unread\ndata: {"count":2}\n\n');
        served.push(reply.raw);
      });
    });
    upstreams.push(auth.app, notification.app);
    gateway = await startGateway({ auth: auth.url, notification: notification.url });
  });

  afterAll(async () => {
    for (const stream of served) stream.destroy();
    await Promise.all(upstreams.map((app) => app.close()));
  });

  it('when the gateway closes, then the stream ends with a retry hint, the service stream is let go, and the close is not held', async () => {
    const stream = await openStream(`${gateway.url}/api/notifications/stream`, token);
    expect(stream.status).toBe(200);
    expect(await stream.next((message) => message.event === 'unread')).toMatchObject({
      data: { count: 2 },
    });
    const upstreamClosed = new Promise<void>((resolve) =>
      served[0]!.once('close', () => resolve()),
    );

    const startedAt = Date.now();
    await gateway.app.close();
    expect(Date.now() - startedAt).toBeLessThan(2_000);

    const hint = await stream.next((message) => message.retry !== undefined);
    expect(hint.retry).toBeGreaterThanOrEqual(1_000);
    expect(hint.retry).toBeLessThanOrEqual(3_000);
    await stream.ended();
    await upstreamClosed;
  });
});
