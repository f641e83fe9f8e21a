import { QueryClient } from '@tanstack/react-query';

/**
 * One query-key factory per resource, shared by the shop and the dashboard: every key of a
 * resource starts with its name, so invalidating `products.all` refreshes the catalogue, a product
 * page and the admin's tables alike. Mutations invalidate what they change; the live stream's
 * events invalidate what the server changed (live/live-invalidation.ts).
 */
export const productKeys = {
  all: ['products'] as const,
  lists: () => ['products', 'list'] as const,
  list: (query: object) => ['products', 'list', query] as const,
  byIds: (ids: readonly string[]) => ['products', 'ids', ids] as const,
  detail: (id: string) => ['products', 'detail', id] as const,
  lowStock: () => ['products', 'low-stock'] as const,
};

export const categoryKeys = {
  all: ['categories'] as const,
};

export const cartKeys = {
  all: ['cart'] as const,
};

export const orderKeys = {
  all: ['orders'] as const,
  lists: () => ['orders', 'list'] as const,
  list: (query: object) => ['orders', 'list', query] as const,
  detail: (id: string) => ['orders', 'detail', id] as const,
  stats: (days: number) => ['orders', 'stats', days] as const,
};

export const paymentKeys = {
  all: ['payments'] as const,
  forOrder: (orderId: string) => ['payments', 'order', orderId] as const,
};

export const clientKeys = {
  all: ['clients'] as const,
  me: () => ['clients', 'me'] as const,
  lists: () => ['clients', 'list'] as const,
  list: (query: object) => ['clients', 'list', query] as const,
  detail: (id: string) => ['clients', 'detail', id] as const,
  stats: () => ['clients', 'stats'] as const,
};

export const userKeys = {
  all: ['users'] as const,
  detail: (id: string) => ['users', 'detail', id] as const,
};

export const notificationKeys = {
  all: ['notifications'] as const,
  list: (query: object) => ['notifications', 'list', query] as const,
  /** The bell's first page: the latest messages and the unread count. */
  latest: () => ['notifications', 'latest'] as const,
};

export const systemKeys = {
  all: ['system'] as const,
  services: () => ['system', 'services'] as const,
  deadLetters: (service: string) => ['system', 'dead-letters', service] as const,
};

/**
 * The cache of one page. A failed call is shown with its own retry button rather than retried
 * behind a skeleton; data is refetched when a screen mounts, and kept after it unmounts for back
 * navigation.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}
