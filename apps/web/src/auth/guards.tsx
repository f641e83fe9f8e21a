import { useEffect, useRef, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useAuth } from '../api/services.js';
import { useI18n, type MessageKey } from '../i18n/i18n.js';
import { Spinner } from '../ui/feedback.js';
import { useToast } from '../ui/toast.js';

/** `/login?next=<where the visitor was>`, so they come back after signing in. */
export function loginPath(next: string, reason?: 'checkout' | 'expired'): string {
  const params = new URLSearchParams({ next });
  if (reason) params.set('reason', reason);
  return `/login?${params}`;
}

/** Only paths of this app: never `//host` or `https://...` (an open redirect). */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

function Restoring() {
  const { t } = useI18n();
  return (
    <div className="center-block">
      <Spinner label={t('app.loading')} />
    </div>
  );
}

/** Signed-in users only; visitors go to the login page and come back here afterwards. */
export function RequireAuth({ children, reason }: { children: ReactNode; reason?: 'checkout' }) {
  const auth = useAuth();
  const location = useLocation();
  if (auth.state.status === 'restoring') return <Restoring />;
  if (!auth.isSignedIn) {
    const why = auth.state.endedBecause === 'expired' ? 'expired' : reason;
    return <Navigate to={loginPath(location.pathname + location.search, why)} replace />;
  }
  return <>{children}</>;
}

function ToastOnce({ message }: { message: MessageKey }) {
  const toast = useToast();
  const { t } = useI18n();
  const shown = useRef(false);
  useEffect(() => {
    if (shown.current) return;
    shown.current = true;
    toast({ tone: 'warning', title: t(message) });
  }, [toast, t, message]);
  return null;
}

/** ADMIN only: visitors go to the login page, signed-in non-admins to the home page. */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const auth = useAuth();
  const location = useLocation();
  if (auth.state.status === 'restoring') return <Restoring />;
  if (!auth.isSignedIn)
    return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  if (!auth.isAdmin) {
    return (
      <>
        <ToastOnce message="auth.adminOnly" />
        <Navigate to="/" replace />
      </>
    );
  }
  return <>{children}</>;
}
