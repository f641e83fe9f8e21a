import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { isApiError } from '../api/api-error.js';
import { useApi } from '../api/services.js';
import { useI18n } from '../i18n/i18n.js';
import { Button } from '../ui/button.js';
import { Alert, useErrorMessage } from '../ui/feedback.js';
import { TextField } from '../ui/field.js';
import { usePageTitle } from '../ui/page-title.js';
import { EMAIL_PATTERN } from './auth-validation.js';

/** Asks for a reset link. The answer never says whether an account has the address. */
export function ForgotPasswordPage() {
  const { t } = useI18n();
  usePageTitle(t('auth.forgotTitle'));
  const api = useApi();
  const errorMessage = useErrorMessage();
  const [email, setEmail] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [sentTo, setSentTo] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const address = email.trim();
    if (!EMAIL_PATTERN.test(address)) {
      setFieldError(address ? t('auth.error.email') : t('auth.error.required'));
      return;
    }
    setFieldError(undefined);
    setError(undefined);
    setBusy(true);
    try {
      await api.auth.requestPasswordReset(address);
      setSentTo(address);
    } catch (failure) {
      if (isApiError(failure) && failure.status === 429)
        setError(t('auth.forgotTooMany', { seconds: failure.retryAfterSeconds ?? 60 }));
      else setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="container page auth-page">
      <div className="card auth-card">
        <div className="card__body stack">
          <h1 tabIndex={-1}>{t('auth.forgotTitle')}</h1>
          {sentTo ? (
            <Alert tone="success">
              <span data-testid="reset-sent">{t('auth.forgotSent', { email: sentTo })}</span>
            </Alert>
          ) : (
            <p>{t('auth.forgotIntro')}</p>
          )}
          {error ? <Alert tone="danger">{error}</Alert> : null}
          <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
            <TextField
              label={t('auth.email')}
              type="email"
              autoComplete="email"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              error={fieldError}
              required
              name="email"
            />
            <Button type="submit" size="lg" block loading={busy}>
              {t('auth.forgotSend')}
            </Button>
          </form>
          <p className="small">
            <Link to="/login">{t('auth.login')}</Link>
          </p>
        </div>
      </div>
    </div>
  );
}
