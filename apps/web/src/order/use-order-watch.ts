import { useQuery } from '@tanstack/react-query';
import type { Order } from '@souk/contracts';
import { orderQuery } from '../api/queries.js';
import { useApi } from '../api/services.js';
import { useFallbackPolling, useOrderOnScreen } from '../live/notifications-context.js';

/**
 * An order kept current. Its own events on the live stream refetch it (live-invalidation.ts); while
 * the stream is closed it is polled every `intervalMs` as long as `shouldPoll(order)` holds (e.g.
 * not final yet). The page shows it, so its news shows no toast.
 */
export function useOrderWatch(
  orderId: string,
  shouldPoll: (order: Order | undefined) => boolean,
  intervalMs = 1_000,
) {
  const api = useApi();
  const fallback = useFallbackPolling(intervalMs);
  useOrderOnScreen(orderId);
  return useQuery({
    ...orderQuery(api, orderId),
    refetchInterval: (query) =>
      query.state.status !== 'error' && shouldPoll(query.state.data) ? fallback : false,
  });
}
