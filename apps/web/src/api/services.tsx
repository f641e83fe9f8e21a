import {
  createContext,
  useCallback,
  useContext,
  useMemo,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { RegisterBody } from '@souk/contracts';
import { createSession, type Session, type SessionState } from '../auth/session.js';
import { createHttpClient } from './http.js';
import { createQueryClient } from './query-keys.js';
import { createSoukApi, type SoukApi } from './souk-api.js';

export interface Services {
  session: Session;
  api: SoukApi;
  /** The cache of server state (TanStack Query). */
  queryClient: QueryClient;
}

/** The browser's session, API client and cache (one of each per page). Tests build their own. */
export function createServices(deps: { fetch?: typeof fetch; storage?: Storage } = {}): Services {
  const session = createSession({ fetch: deps.fetch, storage: deps.storage });
  const api = createSoukApi(createHttpClient({ session, fetch: deps.fetch }));
  return { session, api, queryClient: createQueryClient() };
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({
  services,
  children,
}: {
  services: Services;
  children: ReactNode;
}) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('ServicesProvider is missing');
  return services;
}

export function useApi(): SoukApi {
  return useServices().api;
}

export function useSession(): Session {
  return useServices().session;
}

export function useSessionState(): SessionState {
  const session = useSession();
  return useSyncExternalStore(session.subscribe, session.getState, session.getState);
}

export interface Auth {
  state: SessionState;
  isSignedIn: boolean;
  isAdmin: boolean;
  login(email: string, password: string): Promise<void>;
  register(body: RegisterBody): Promise<void>;
  logout(): Promise<void>;
}

export function useAuth(): Auth {
  const { api, session } = useServices();
  const state = useSessionState();
  const login = useCallback(
    async (email: string, password: string) => session.start(await api.auth.login(email, password)),
    [api, session],
  );
  const register = useCallback(
    async (body: RegisterBody) => session.start(await api.auth.register(body)),
    [api, session],
  );
  const logout = useCallback(() => session.logout(), [session]);
  return useMemo(
    () => ({
      state,
      isSignedIn: state.status === 'signed-in',
      isAdmin: state.user?.roles.includes('ADMIN') ?? false,
      login,
      register,
      logout,
    }),
    [state, login, register, logout],
  );
}
