import type { Order } from '@souk/contracts';
import { useApi } from '../api/services.js';
import { useInterval, useQuery } from '../lib/use-query.js';
import { useOrderNotifications } from '../live/notifications-context.js';

/**
 * An order kept current: refetched on every live notification about it, and polled while
 * `shouldPoll(order)` (e.g. PENDING while stock answers), fast at first, then slower.
 */
export function useOrderWatch(
  orderId: string,
  shouldPoll: (order: Order | undefined) => boolean,
  intervalMs = 1_000,
) {
  const api = useApi();
  const order = useQuery(`order:${orderId}`, (signal) => api.orders.get(orderId, signal));
  useOrderNotifications(orderId, () => void order.reload());
  const polling = order.status !== 'error' && shouldPoll(order.data);
  useInterval(() => void order.reload(), intervalMs, polling);
  return order;
}
