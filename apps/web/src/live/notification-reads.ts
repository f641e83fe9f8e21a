import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { NotificationPage } from '@souk/contracts';
import { notificationKeys } from '../api/query-keys.js';
import { useApi } from '../api/services.js';

/**
 * Marks messages read: the bell's page shows it at once, goes back to what it was if the server
 * refuses, and every list of messages is refetched afterwards either way.
 */
function useReadMutation<Variables>(
  send: (variables: Variables) => Promise<unknown>,
  markInPage: (page: NotificationPage, variables: Variables, now: string) => NotificationPage,
) {
  const queryClient = useQueryClient();
  const queryKey = notificationKeys.latest();
  return useMutation({
    mutationFn: send,
    onMutate: async (variables) => {
      // A refetch in flight would bring back the messages as still unread.
      await queryClient.cancelQueries({ queryKey });
      const previous = queryClient.getQueryData<NotificationPage>(queryKey);
      if (previous)
        queryClient.setQueryData(
          queryKey,
          markInPage(previous, variables, new Date().toISOString()),
        );
      return { previous };
    },
    onError: (_error, _variables, context) => {
      if (context?.previous) queryClient.setQueryData(queryKey, context.previous);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkRead() {
  const api = useApi();
  return useReadMutation(
    (id: string) => api.notifications.read(id),
    (page, id, now) => {
      const wasUnread = page.items.some((item) => item.id === id && item.readAt === null);
      return {
        ...page,
        items: page.items.map((item) =>
          item.id === id && item.readAt === null ? { ...item, readAt: now } : item,
        ),
        unreadCount: wasUnread ? Math.max(0, page.unreadCount - 1) : page.unreadCount,
      };
    },
  );
}

export function useMarkAllRead() {
  const api = useApi();
  return useReadMutation(
    () => api.notifications.readAll(),
    (page, _variables: void, now) => ({
      ...page,
      items: page.items.map((item) => ({ ...item, readAt: item.readAt ?? now })),
      unreadCount: 0,
    }),
  );
}
