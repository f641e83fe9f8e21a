import type { NotificationContext } from '../context.js';
import type { Announcement } from './announcements.js';
import { findNotification, toNotification } from '../notifications/notification.repository.js';
import { unreadCountFor } from '../notifications/notification.service.js';
import type { LiveStream, StreamHub } from './stream-hub.js';

/**
 * Pushes a stored notification to the streams this instance holds for its readers: the item,
 * then each reader's fresh unread count. Every instance hears every announcement, and most hold
 * no stream for it, so the row is read only when someone is listening.
 */
export async function pushNotification(
  context: NotificationContext,
  hub: StreamHub,
  created: Announcement,
): Promise<void> {
  const streams =
    created.audience === 'ADMIN'
      ? hub.adminStreams()
      : created.userId
        ? hub.streamsOf(created.userId)
        : [];
  if (streams.length === 0) return;
  const row = await findNotification(context.db, created.notificationId);
  if (!row) return;
  const item = toNotification(row);
  await Promise.all(
    [...groupByUser(streams)].map(async ([userId, own]) => {
      const count = await unreadCountFor(context.db, { userId, isAdmin: own[0]!.isAdmin });
      for (const stream of own) {
        stream.send('notification', item, item.id);
        stream.send('unread', { count });
      }
    }),
  );
}

function groupByUser(streams: LiveStream[]): Map<string, LiveStream[]> {
  const groups = new Map<string, LiveStream[]>();
  for (const stream of streams) {
    const own = groups.get(stream.userId);
    if (own) own.push(stream);
    else groups.set(stream.userId, [stream]);
  }
  return groups;
}
