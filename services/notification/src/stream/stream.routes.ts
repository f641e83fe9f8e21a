import { StrictObject } from '@souk/contracts';
import { principalOf, type App } from '@souk/platform';
import type { NotificationContext } from '../context.js';
import { unreadCountFor } from '../notifications/notification.service.js';
import type { StreamHub } from './stream-hub.js';

export function streamRoutes(app: App, context: NotificationContext, hub: StreamHub): void {
  app.get(
    '/api/notifications/stream',
    {
      onRequest: app.requireUser,
      schema: {
        tags: ['notifications'],
        security: [{ bearer: [] }],
        summary: 'Live stream (text/event-stream): `unread` {count} on connect, then `notification` + `unread` for each new message',
        description:
          'Browsers pass `?access_token=` to the gateway, which turns it into the Authorization header. ' +
          'A `: heartbeat` comment every 15 s; at most 5 streams per user on one instance (429 beyond).',
        querystring: StrictObject({}),
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const count = await unreadCountFor(context.db, principal);
      hub.open(request, reply, principal, [{ event: 'unread', data: { count } }]);
    },
  );
}
