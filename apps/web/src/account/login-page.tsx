import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../api/api-error.js';
import { useAuth } from '../api/services.js';
import { safeNext } from '../auth/guards.js';
import { useI18n } from '../i18n/i18n.js';
import { Button } from '../ui/button.js';
import { Alert, useErrorMessage } from '../ui/feedback.js';
import { TextField } from '../ui/field.js';
import { useCountdown } from './use-countdown.js';
import { usePageTitle } from '../ui/page-title.js';

export function LoginPage() {
  const { t } = useI18n();
  usePageTitle(t('auth.loginTitle'));
  const auth = useAuth();
  const navigate = useNavigate();
  const errorMessage = useErrorMessage();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const reason = params.get('reason');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [waitSeconds, startWait] = useCountdown();
  const [limited, setLimited] = useState(false);

  if (auth.isSignedIn && !busy) return <Navigate to={next} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!email.trim() || !password) {
      setError(t('auth.error.required'));
      return;
    }
    setBusy(true);
    setError(undefined);
    setLimited(false);
    try {
      // No welcome toast: the header shows the account, and the next page its own heading.
      await auth.login(email.trim(), password);
      void navigate(next, { replace: true });
    } catch (failure) {
      if (isApiError(failure) && failure.status === 429) {
        setLimited(true);
        startWait(failure.retryAfterSeconds ?? 60);
      } else if (isApiError(failure) && failure.status === 401) setError(t('auth.invalid'));
      else setError(errorMessage(failure));
      setBusy(false);
    }
  };

  return (
    <div className="container page auth-page">
      <div className="card auth-card">
        <div className="card__body stack">
          <h1 tabIndex={-1}>{t('auth.loginTitle')}</h1>
          {reason === 'checkout' ? <Alert tone="info">{t('auth.checkoutNeedsLogin')}</Alert> : null}
          {reason === 'expired' ? <Alert tone="warning">{t('auth.sessionExpired')}</Alert> : null}
          {limited && waitSeconds > 0 ? (
            <Alert tone="danger">
              <span data-testid="login-throttled">
                {t('auth.tooMany', { seconds: waitSeconds })}
              </span>
            </Alert>
          ) : null}
          {error ? <Alert tone="danger">{error}</Alert> : null}
          <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
            <TextField
              label={t('auth.email')}
              type="email"
              autoComplete="email"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              required
              name="email"
            />
            <TextField
              label={t('auth.password')}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              required
              name="password"
            />
            <Button
              type="submit"
              size="lg"
              block
              loading={busy}
              disabled={limited && waitSeconds > 0}
            >
              {t('auth.login')}
            </Button>
          </form>
          <p className="small">
            <Link to="/forgot-password">{t('auth.forgot')}</Link>
          </p>
          <p className="small">
            {t('auth.noAccount')}{' '}
            <Link to={`/register${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`}>
              {t('nav.register')}
            </Link>
          </p>
        </div>
      </div>
    </div>
  );
}
