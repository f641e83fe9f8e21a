import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { StrictObject, Uuid } from '@souk/contracts';
import { principalOf, type App } from '@souk/platform';
import type { NotificationContext } from '../context.js';
import {
  missedSince,
  MAX_REPLAYED,
  unreadCountFor,
} from '../notifications/notification.service.js';
import type { StreamHub } from './stream-hub.js';

export function streamRoutes(app: App, context: NotificationContext, hub: StreamHub): void {
  app.get(
    '/api/notifications/stream',
    {
      onRequest: app.requireUser,
      schema: {
        tags: ['notifications'],
        security: [{ bearer: [] }],
        summary:
          'Live stream (text/event-stream): `unread` {count} on connect, then `notification` + `unread` for each new message',
        description:
          'Browsers pass `?access_token=` to the gateway, which turns it into the Authorization header. ' +
          'Each message carries its id as the event id. A stream opened with the last id it got (the `Last-Event-ID` ' +
          `header a browser sends when it reconnects, or \`?lastEventId=\`) first gets what was stored since as \`missed\` events, up to ${MAX_REPLAYED}, oldest first. ` +
          'A `: heartbeat` comment every 15 s; at most 5 streams per user on one instance (429 beyond).',
        querystring: StrictObject({ lastEventId: Type.Optional(Uuid) }),
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const lastId =
        request.query.lastEventId ?? lastEventIdHeader(request.headers['last-event-id']);
      await hub.open(request, reply, principal, async () => {
        const [count, missed] = await Promise.all([
          unreadCountFor(context.db, principal),
          lastId ? missedSince(context.db, principal, lastId) : [],
        ]);
        return [
          { event: 'unread', data: { count } },
          ...missed.map((notification) => ({
            event: 'missed',
            data: notification,
            id: notification.id,
          })),
        ];
      });
    },
  );
}

/** The id a reconnecting browser sends back; anything else is ignored (the stream still opens). */
function lastEventIdHeader(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && Value.Check(Uuid, value) ? value : undefined;
}
