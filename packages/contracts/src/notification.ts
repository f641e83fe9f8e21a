import { Type } from '@sinclair/typebox';
import { Uuid } from './common.js';

// Notification service contracts. HTTP bodies and replies are added beside the events by the notification service.

export const notificationEvents = {
  /** Broadcast to every notification instance so the one holding the browser's stream pushes it. */
  'notification.created': Type.Object({
    notificationId: Uuid,
    userId: Type.Union([Uuid, Type.Null()]),
    audience: Type.Union([Type.Literal('USER'), Type.Literal('ADMIN')]),
  }),
};
