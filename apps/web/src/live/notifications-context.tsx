import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Notification, NotificationPage } from '@souk/contracts';
import { notificationKeys } from '../api/query-keys.js';
import { useApi, useSession, useSessionState } from '../api/services.js';
import { useI18n } from '../i18n/i18n.js';
import { useToast } from '../ui/toast.js';
import { invalidateFromNotification, orderIdOf } from './live-invalidation.js';

export type StreamStatus = 'off' | 'connecting' | 'open' | 'retrying';

export interface NotificationsState {
  stream: StreamStatus;
  /** Called for every live message (the cache is already told: live-invalidation.ts). */
  subscribe(listener: (notification: Notification) => void): () => void;
  /** Marks an order as shown by the page until the returned function is called (no toast for it). */
  showOrder(orderId: string): () => void;
  /**
   * Holds the toasts of order news until the returned function is called (an order is being
   * placed: its news may come before its id); they show then unless their order is on screen.
   */
  holdOrderNews(): () => void;
}

const NotificationsContext = createContext<NotificationsState | null>(null);
const MAX_RETRY_MS = 30_000;

/**
 * One EventSource per signed-in tab on `/api/notifications/stream?access_token=…`. The stream is
 * opened again with the new token whenever the session refreshes it, and after an error with a
 * growing delay (an expired token makes the gateway answer 401, which ends an EventSource); a
 * stream opened again names the last message this tab got, and first receives what it missed.
 * The server ends the stream with `expired` or `revoked` when its token stops being valid.
 */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const session = useSession();
  const { status: sessionStatus, accessToken } = useSessionState();
  const { locale } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [stream, setStream] = useState<StreamStatus>('off');
  const listeners = useRef(new Set<(notification: Notification) => void>());
  /** Orders the page shows, with how many parts of it show each: their news needs no toast. */
  const ordersOnScreen = useRef(new Map<string, number>());
  const holds = useRef(0);
  const heldNews = useRef<Notification[]>([]);
  /** The last message this tab got: a stream opened again asks for what came after it. */
  const lastEventId = useRef<string | undefined>(undefined);
  const localeRef = useRef(locale);
  localeRef.current = locale;
  const signedIn = sessionStatus === 'signed-in';

  const announce = useCallback(
    (notification: Notification) => {
      const orderId = orderIdOf(notification);
      if (orderId && ordersOnScreen.current.has(orderId)) return;
      if (orderId && holds.current > 0) {
        heldNews.current.push(notification);
        return;
      }
      toast({
        tone: 'info',
        title: notification.title[localeRef.current],
        body: notification.body[localeRef.current],
      });
    },
    [toast],
  );

  useEffect(() => {
    if (!signedIn || !accessToken || typeof EventSource === 'undefined') {
      setStream('off');
      return;
    }
    let source: EventSource | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let closed = false;

    const connect = (token: string) => {
      setStream('connecting');
      source = new EventSource(api.notifications.streamUrl(token, lastEventId.current));
      source.onopen = () => {
        attempts = 0;
        setStream('open');
      };
      source.addEventListener('unread', (event) => {
        // The bell's count, fresher than its page: written into it (a page not loaded yet brings
        // its own count).
        const data = JSON.parse((event as MessageEvent<string>).data) as { count: number };
        queryClient.setQueryData<NotificationPage>(notificationKeys.latest(), (page) =>
          page ? { ...page, unreadCount: data.count } : page,
        );
      });
      // `notification`: a new message, shown as a toast unless it is about an order the page shows
      // (the page shows the change itself). `missed`: one stored while this tab's stream was down,
      // sent first when it comes back: listed quietly.
      const receive = (event: Event, shown: boolean) => {
        const notification = JSON.parse((event as MessageEvent<string>).data) as Notification;
        lastEventId.current = notification.id;
        if (shown) announce(notification);
        invalidateFromNotification(queryClient, notification);
        for (const listener of listeners.current) listener(notification);
      };
      source.addEventListener('notification', (event) => receive(event, true));
      source.addEventListener('missed', (event) => receive(event, false));
      // The server ends a stream whose token expired or was revoked. A refresh gets a new token
      // (the effect then opens the stream with it), or ends a session that was revoked.
      const renew = () => {
        source?.close();
        setStream('retrying');
        void session.refresh().catch(() => undefined);
      };
      source.addEventListener('expired', renew);
      source.addEventListener('revoked', renew);
      source.onerror = () => {
        // CONNECTING: the browser retries by itself. CLOSED: it gave up (401, 429...): we retry.
        if (!source || source.readyState !== EventSource.CLOSED || closed) {
          setStream('retrying');
          return;
        }
        source.close();
        setStream('retrying');
        attempts++;
        const delay = Math.min(MAX_RETRY_MS, 1_000 * 2 ** Math.min(attempts, 5));
        retryTimer = setTimeout(() => {
          void session.freshAccessToken().then((fresh) => {
            // A new token re-runs this effect, which connects with it.
            if (!closed && fresh === accessToken) connect(fresh);
          });
        }, delay);
      };
    };

    connect(accessToken);
    return () => {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      source?.close();
    };
  }, [signedIn, accessToken, api, session, announce, queryClient]);

  useEffect(() => {
    if (!signedIn) lastEventId.current = undefined;
  }, [signedIn]);

  const subscribe = useCallback((listener: (notification: Notification) => void) => {
    listeners.current.add(listener);
    return () => listeners.current.delete(listener);
  }, []);

  const showOrder = useCallback((orderId: string) => {
    const shown = ordersOnScreen.current;
    shown.set(orderId, (shown.get(orderId) ?? 0) + 1);
    return () => {
      const count = (shown.get(orderId) ?? 1) - 1;
      if (count > 0) shown.set(orderId, count);
      else shown.delete(orderId);
    };
  }, []);

  const holdOrderNews = useCallback(() => {
    holds.current++;
    let resumed = false;
    return () => {
      if (resumed) return;
      resumed = true;
      holds.current--;
      if (holds.current > 0) return;
      const news = heldNews.current;
      heldNews.current = [];
      news.forEach(announce);
    };
  }, [announce]);

  const value = useMemo(
    () => ({ stream, subscribe, showOrder, holdOrderNews }),
    [stream, subscribe, showOrder, holdOrderNews],
  );
  return <NotificationsContext.Provider value={value}>{children}</NotificationsContext.Provider>;
}

export function useNotifications(): NotificationsState {
  const state = useContext(NotificationsContext);
  if (!state) throw new Error('NotificationsProvider is missing');
  return state;
}

/**
 * How often to poll something the live stream also reports: never while the stream is open (its
 * events invalidate the cache), every `intervalMs` while it is closed or reconnecting.
 */
export function useFallbackPolling(intervalMs: number): number | false {
  const { stream } = useNotifications();
  return stream === 'open' ? false : intervalMs;
}

/**
 * Tells the live notifications that this page shows the order (its status, payments, total): news
 * about it changes the page and needs no toast. News about other orders still shows one.
 */
export function useOrderOnScreen(orderId: string | undefined): void {
  const { showOrder } = useNotifications();
  useEffect(() => (orderId ? showOrder(orderId) : undefined), [orderId, showOrder]);
}

/**
 * For the page that places an order: `place` runs the request; the new order's news needs no
 * toast from then until this page goes (the payment page, which shows it, takes over in the same
 * commit). Its news can even come before the reply that names it: order news waits meanwhile.
 */
export function usePlaceOrderQuietly(): <T extends { id: string }>(
  place: () => Promise<T>,
) => Promise<T> {
  const { showOrder, holdOrderNews } = useNotifications();
  const release = useRef<() => void>(undefined);
  useEffect(() => () => release.current?.(), []);
  return useCallback(
    async <T extends { id: string }>(place: () => Promise<T>) => {
      const resume = holdOrderNews();
      try {
        const order = await place();
        release.current?.();
        release.current = showOrder(order.id);
        return order;
      } finally {
        resume();
      }
    },
    [showOrder, holdOrderNews],
  );
}

/** Runs `onMessage` for each live message from an event of this order (its kind and order id). */
export function useOrderEvents(
  orderId: string | undefined,
  onMessage: (notification: Notification) => void,
): void {
  const { subscribe } = useNotifications();
  const callback = useRef(onMessage);
  callback.current = onMessage;
  useEffect(() => {
    if (!orderId) return;
    return subscribe((notification) => {
      if (orderIdOf(notification) === orderId) callback.current(notification);
    });
  }, [orderId, subscribe]);
}
