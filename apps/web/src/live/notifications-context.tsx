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
  /** The last message this tab got: a stream opened again asks for what came after it. */
  const lastEventId = useRef<string | undefined>(undefined);
  const localeRef = useRef(locale);
  localeRef.current = locale;
  const signedIn = sessionStatus === 'signed-in';

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
      // `notification`: a new message, shown as a toast. `missed`: one stored while this tab's
      // stream was down, sent first when it comes back: listed quietly.
      const receive = (event: Event, announce: boolean) => {
        const notification = JSON.parse((event as MessageEvent<string>).data) as Notification;
        lastEventId.current = notification.id;
        if (announce)
          toast({
            tone: 'info',
            title: notification.title[localeRef.current],
            body: notification.body[localeRef.current],
          });
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
  }, [signedIn, accessToken, api, session, toast, queryClient]);

  useEffect(() => {
    if (!signedIn) lastEventId.current = undefined;
  }, [signedIn]);

  const subscribe = useCallback((listener: (notification: Notification) => void) => {
    listeners.current.add(listener);
    return () => listeners.current.delete(listener);
  }, []);

  const value = useMemo(() => ({ stream, subscribe }), [stream, subscribe]);
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
