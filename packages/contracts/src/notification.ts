import { Type, type Static } from '@sinclair/typebox';
import { PageQuery, StrictObject, Timestamp, Uuid } from './common.js';

// Notification service contracts: the HTTP API and the live stream's messages. It publishes no event.

/** USER: one person's message (recipient set). ADMIN: shared by every administrator (no recipient). */
export const NotificationAudience = Type.Union([Type.Literal('USER'), Type.Literal('ADMIN')]);
export type NotificationAudience = Static<typeof NotificationAudience>;

/** What a message is about: the type of the event that caused it. */
export const NOTIFICATION_KINDS = [
  'auth.user.registered',
  'order.placed',
  'order.awaiting_payment',
  'order.rejected',
  'order.paid',
  'order.shipped',
  'order.delivered',
  'order.cancelled',
  'payment.failed',
  'payment.refunded',
  'product.stock_low',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NotificationKind = Type.Union(NOTIFICATION_KINDS.map((kind) => Type.Literal(kind)));

/** The same text in every language the shop speaks. */
export const LocalizedText = Type.Object({ fr: Type.String(), en: Type.String() });
export type LocalizedText = Static<typeof LocalizedText>;

/**
 * The facts a message was rendered from (order id and short id, amounts in minor units with their
 * currency, reason, decline code...), so a client can render it again in its own way.
 */
export const NotificationParams = Type.Record(
  Type.String(),
  Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]),
);
export type NotificationParams = Static<typeof NotificationParams>;

export const Notification = Type.Object({
  id: Uuid,
  /** The user it is for; null for ADMIN-audience messages. */
  recipient: Type.Union([Uuid, Type.Null()]),
  audience: NotificationAudience,
  kind: NotificationKind,
  params: NotificationParams,
  title: LocalizedText,
  body: LocalizedText,
  /** Web app path to open, e.g. `/orders/<id>` or `/admin/products/<id>`. */
  link: Type.Union([Type.String(), Type.Null()]),
  readAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
  /** The event that caused it: an event makes each message once. */
  sourceEventId: Uuid,
});
export type Notification = Static<typeof Notification>;

export const NotificationListQuery = StrictObject({
  unread: Type.Optional(Type.Boolean({ description: 'Only unread messages' })),
  kind: Type.Optional(NotificationKind),
  audience: Type.Optional(Type.Union([NotificationAudience], { description: 'ADMIN only' })),
  userId: Type.Optional(Type.Union([Uuid], { description: "ADMIN only: that user's messages" })),
  ...PageQuery,
});
export type NotificationListQuery = Static<typeof NotificationListQuery>;

export const NotificationPage = Type.Object({
  items: Type.Array(Notification),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  total: Type.Integer(),
  /** Unread messages matching the same filters (ignoring `unread` and paging). */
  unreadCount: Type.Integer(),
});
export type NotificationPage = Static<typeof NotificationPage>;

export const ReadAllQuery = StrictObject({
  audience: Type.Optional(
    Type.Union([NotificationAudience], { description: 'ADMIN only: mark only this audience' }),
  ),
});
export type ReadAllQuery = Static<typeof ReadAllQuery>;

export const ReadAllReply = Type.Object({ updated: Type.Integer() });
export type ReadAllReply = Static<typeof ReadAllReply>;

/** Data of the stream's `event: unread` message. */
export const UnreadCountMessage = Type.Object({ count: Type.Integer() });
export type UnreadCountMessage = Static<typeof UnreadCountMessage>;

/** The messages that also go out by e-mail to the user they are for. */
export const MAILED_KINDS = [
  'order.paid',
  'order.shipped',
  'order.delivered',
  'order.cancelled',
  'payment.failed',
  'payment.refunded',
] as const satisfies readonly NotificationKind[];
export type MailedKind = (typeof MAILED_KINDS)[number];
export const MailedKind = Type.Union(MAILED_KINDS.map((kind) => Type.Literal(kind)));

/**
 * A message to mail to a user, published by the notification service to itself in the
 * transaction that stores the message: the mail is then sent once, retried while the SMTP server
 * fails and dead-lettered like any event, without holding up the stored message. The address and
 * language are looked up when it is sent.
 */
export const MailRequested = Type.Object({
  userId: Uuid,
  kind: MailedKind,
  /** The stored message it repeats. */
  notificationId: Uuid,
  title: LocalizedText,
  body: LocalizedText,
  /** Web app path, made absolute with the shop's address. */
  link: Type.Union([Type.String(), Type.Null()]),
});
export type MailRequested = Static<typeof MailRequested>;

export const notificationEvents = {
  'notification.mail.requested': MailRequested,
};
