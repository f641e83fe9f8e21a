import {
  IdParams,
  Notification,
  NotificationListQuery,
  NotificationPage,
  ReadAllQuery,
  ReadAllReply,
} from '@souk/contracts';
import { principalOf, type App } from '@souk/platform';
import type { NotificationContext } from '../context.js';
import {
  listNotificationsFor,
  readAllNotifications,
  readNotification,
} from './notification.service.js';

const tags = ['notifications'];
const security = [{ bearer: [] }];

export function notificationRoutes(app: App, context: NotificationContext): void {
  app.get(
    '/api/notifications',
    {
      onRequest: app.requireUser,
      schema: {
        tags,
        security,
        summary:
          "The caller's messages, newest first, with the unread count (admins: also the shared ADMIN ones, and filters)",
        querystring: NotificationListQuery,
        response: { 200: NotificationPage },
      },
    },
    async (request) => listNotificationsFor(context, principalOf(request), request.query),
  );

  app.post(
    '/api/notifications/:id/read',
    {
      onRequest: app.requireUser,
      schema: {
        tags,
        security,
        summary: 'Marks one of the caller’s messages read (404 for anyone else’s)',
        params: IdParams,
        response: { 200: Notification },
      },
    },
    async (request) => readNotification(context, principalOf(request), request.params.id),
  );

  app.post(
    '/api/notifications/read-all',
    {
      onRequest: app.requireUser,
      schema: {
        tags,
        security,
        summary:
          'Marks every unread message the caller sees as read (ADMIN messages: for every admin)',
        querystring: ReadAllQuery,
        response: { 200: ReadAllReply },
      },
    },
    async (request) => readAllNotifications(context, principalOf(request), request.query),
  );
}
