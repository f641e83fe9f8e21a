import type { AuthTokens, AuthUser } from '@souk/contracts';
import { errorFromResponse, networkError } from '../api/api-error.js';

/*
 * Where the tokens live, and why.
 *
 * - The access token (short-lived, 15 min by default) stays in memory only: a script injected
 *   into the page could still use it while the page is open, but it never persists.
 * - The refresh token (long-lived, rotated on every use) is kept in localStorage so a reload or a
 *   new tab stays signed in. localStorage is readable by any script running on this origin, so an
 *   XSS would let an attacker steal it. We accept that trade-off because the gateway serves the
 *   app with a strict Content-Security-Policy (script-src 'self', no inline scripts, no third-party
 *   origins in connect-src), React escapes everything it renders, and the auth service rotates
 *   refresh tokens and ends the whole session when an old one is reused. An httpOnly cookie would
 *   be stronger, but the auth API takes the refresh token in the body, not from a cookie.
 * - Logout ends the session on the server and clears both.
 */

export const REFRESH_TOKEN_KEY = 'souk.refreshToken';
/** Refresh this long before the access token expires (or at half its life when shorter). */
const REFRESH_MARGIN_MS = 60_000;
/** A request made this close to expiry refreshes first. */
const EXPIRING_SOON_MS = 20_000;

export type SessionStatus = 'restoring' | 'anonymous' | 'signed-in';

export interface SessionState {
  status: SessionStatus;
  user: AuthUser | undefined;
  accessToken: string | undefined;
  /** Epoch ms when the access token expires. */
  expiresAt: number | undefined;
  /** Why the last session ended without a logout (refresh refused), for a message. */
  endedBecause: 'expired' | undefined;
}

export interface SessionDeps {
  fetch?: typeof fetch;
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  now?: () => number;
  baseUrl?: string;
  /** Serialises refreshes across tabs (navigator.locks); rotation makes a double refresh fatal. */
  withLock?: <T>(name: string, work: () => Promise<T>) => Promise<T>;
}

export interface Session {
  getState(): SessionState;
  subscribe(listener: () => void): () => void;
  /** Stores the tokens of a login, register or refresh reply. */
  start(tokens: AuthTokens): void;
  /** Gets a new token pair; concurrent callers share one request. True when signed in after it. */
  refresh(): Promise<boolean>;
  /** A usable access token, refreshed first when it is about to expire; undefined when signed out. */
  freshAccessToken(): Promise<string | undefined>;
  /** On start: uses a stored refresh token to sign in again, or becomes anonymous. */
  restore(): Promise<void>;
  logout(): Promise<void>;
  /** Forgets everything locally (no server call). */
  clear(reason?: 'expired'): void;
  hasRole(role: 'ADMIN' | 'CLIENT'): boolean;
}

function browserLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const locks =
    typeof navigator !== 'undefined'
      ? (navigator as Navigator & { locks?: LockManager }).locks
      : undefined;
  return locks ? (locks.request(name, work) as Promise<T>) : work();
}

export function createSession(deps: SessionDeps = {}): Session {
  const doFetch = deps.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));
  const storage = deps.storage ?? globalThis.localStorage;
  const now = deps.now ?? Date.now;
  const baseUrl = deps.baseUrl ?? '/api';
  const withLock = deps.withLock ?? browserLock;

  let state: SessionState = {
    status: storage.getItem(REFRESH_TOKEN_KEY) ? 'restoring' : 'anonymous',
    user: undefined,
    accessToken: undefined,
    expiresAt: undefined,
    endedBecause: undefined,
  };
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<boolean> | undefined;

  function set(next: Partial<SessionState>): void {
    state = { ...state, ...next };
    for (const listener of listeners) listener();
  }

  function schedule(expiresInMs: number): void {
    if (timer) clearTimeout(timer);
    const delay = Math.max(1_000, Math.max(expiresInMs / 2, expiresInMs - REFRESH_MARGIN_MS));
    // A failed attempt (offline) tries again shortly; a refused one has cleared the session.
    timer = setTimeout(() => void refresh().catch(() => schedule(20_000)), delay);
  }

  function start(tokens: AuthTokens): void {
    storage.setItem(REFRESH_TOKEN_KEY, tokens.refreshToken);
    const expiresInMs = tokens.expiresIn * 1000;
    set({
      status: 'signed-in',
      user: tokens.user,
      accessToken: tokens.accessToken,
      expiresAt: now() + expiresInMs,
      endedBecause: undefined,
    });
    schedule(expiresInMs);
  }

  function clear(reason?: 'expired'): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    storage.removeItem(REFRESH_TOKEN_KEY);
    set({
      status: 'anonymous',
      user: undefined,
      accessToken: undefined,
      expiresAt: undefined,
      endedBecause: reason,
    });
  }

  async function refreshOnce(): Promise<boolean> {
    // Inside the lock, read the token again: another tab may have rotated it a moment ago.
    const refreshToken = storage.getItem(REFRESH_TOKEN_KEY);
    if (!refreshToken) {
      if (state.status !== 'anonymous') clear();
      return false;
    }
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}/auth/refresh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ refreshToken }),
      });
    } catch (error) {
      // Offline or the gateway is restarting: keep the session, the next call tries again.
      if (state.status === 'restoring') set({ status: 'anonymous' });
      throw networkError(error);
    }
    if (response.ok) {
      start((await response.json()) as AuthTokens);
      return true;
    }
    const error = await errorFromResponse(response);
    if (error.status === 400 || error.status === 401 || error.status === 403) {
      clear(state.status === 'signed-in' ? 'expired' : undefined);
      return false;
    }
    if (state.status === 'restoring') set({ status: 'anonymous' });
    throw error;
  }

  function refresh(): Promise<boolean> {
    inFlight ??= withLock('souk-auth-refresh', refreshOnce).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  async function freshAccessToken(): Promise<string | undefined> {
    if (inFlight) await inFlight.catch(() => false);
    if (state.status === 'restoring') await refresh().catch(() => false);
    if (!state.accessToken) return undefined;
    if (state.expiresAt !== undefined && state.expiresAt - now() < EXPIRING_SOON_MS)
      await refresh().catch(() => false);
    return state.accessToken;
  }

  // Another tab logged out (or its refresh was refused): follow it.
  if (typeof window !== 'undefined') {
    window.addEventListener('storage', (event) => {
      if (
        event.key === REFRESH_TOKEN_KEY &&
        event.newValue === null &&
        state.status === 'signed-in'
      )
        clear();
    });
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start,
    refresh,
    freshAccessToken,
    async restore() {
      if (!storage.getItem(REFRESH_TOKEN_KEY)) {
        if (state.status === 'restoring') set({ status: 'anonymous' });
        return;
      }
      await refresh().catch(() => false);
    },
    async logout() {
      const refreshToken = storage.getItem(REFRESH_TOKEN_KEY);
      clear();
      if (!refreshToken) return;
      try {
        await doFetch(`${baseUrl}/auth/logout`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refreshToken }),
        });
      } catch {
        // Signed out locally anyway; the refresh token expires on its own.
      }
    },
    clear,
    hasRole: (role) => state.user?.roles.includes(role) ?? false,
  };
}
