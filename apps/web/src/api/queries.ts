import { queryOptions } from '@tanstack/react-query';
import {
  categoryKeys,
  clientKeys,
  notificationKeys,
  orderKeys,
  productKeys,
} from './query-keys.js';
import type { SoukApi } from './souk-api.js';

// Queries several screens make, so that each is written once (key and call together).

export const categoriesQuery = (api: SoukApi) =>
  queryOptions({
    queryKey: categoryKeys.all,
    queryFn: ({ signal }) => api.catalog.categories(signal),
  });

export const productQuery = (api: SoukApi, id: string) =>
  queryOptions({
    queryKey: productKeys.detail(id),
    queryFn: ({ signal }) => api.catalog.product(id, signal),
  });

export const orderQuery = (api: SoukApi, id: string) =>
  queryOptions({
    queryKey: orderKeys.detail(id),
    queryFn: ({ signal }) => api.orders.get(id, signal),
  });

export const myProfileQuery = (api: SoukApi) =>
  queryOptions({
    queryKey: clientKeys.me(),
    queryFn: ({ signal }) => api.clients.me(signal),
  });

/** How many messages the bell lists. */
const LATEST_NOTIFICATIONS = 8;

/**
 * The bell: the latest messages and the unread count. The live stream's messages invalidate it, and
 * its `unread` count is written into it (live/notifications-context.tsx).
 */
export const latestNotificationsQuery = (api: SoukApi) =>
  queryOptions({
    queryKey: notificationKeys.latest(),
    queryFn: ({ signal }) => api.notifications.list({ pageSize: LATEST_NOTIFICATIONS }, signal),
  });
