import type { QueryClient } from '@tanstack/react-query';
import type { Notification } from '@souk/contracts';
import {
  cartKeys,
  clientKeys,
  notificationKeys,
  orderKeys,
  paymentKeys,
  productKeys,
} from '../api/query-keys.js';

/** The order a live message is about: its `orderId` fact, for the order and payment kinds. */
export function orderIdOf(notification: Notification): string | undefined {
  const about = notification.kind.split('.')[0];
  if (about !== 'order' && about !== 'payment') return undefined;
  const orderId = notification.params.orderId;
  return typeof orderId === 'string' ? orderId : undefined;
}

/**
 * What a live message tells the cache: the event behind it changed something on the server, so the
 * queries showing it are refetched (only those on screen; the others when next shown). An order's
 * event refreshes that order, its payments and the order lists; a stock alert the products.
 */
export function invalidateFromNotification(
  queryClient: QueryClient,
  notification: Notification,
): void {
  // A first read still in flight may have been answered before the event: an invalidation would
  // join it (TanStack Query dedupes a fetch without data) and keep its old answer, so such a read
  // is cancelled and made again.
  const invalidate = (queryKey: readonly unknown[]) =>
    void queryClient
      .cancelQueries({ queryKey, predicate: (query) => query.state.data === undefined })
      .then(() => queryClient.invalidateQueries({ queryKey }));
  invalidate(notificationKeys.all);
  const orderId = orderIdOf(notification);
  if (orderId) {
    invalidate(orderKeys.detail(orderId));
    invalidate(paymentKeys.forOrder(orderId));
    invalidate(orderKeys.lists());
    invalidate(['orders', 'stats']);
  }
  switch (notification.kind) {
    case 'order.awaiting_payment':
    case 'order.rejected':
    case 'order.cancelled':
      // The stock moved: reserved, or given back.
      invalidate(productKeys.all);
      invalidate(cartKeys.all);
      break;
    case 'product.stock_low':
      invalidate(productKeys.all);
      break;
    case 'auth.user.registered':
      invalidate(clientKeys.all);
      break;
    default:
      break;
  }
}
