import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../api/api-error.js';
import { useAuth } from '../api/services.js';
import { safeNext } from '../auth/guards.js';
import { useI18n, type MessageKey } from '../i18n/i18n.js';
import { Button } from '../ui/button.js';
import { Alert, useErrorMessage } from '../ui/feedback.js';
import { TextField } from '../ui/field.js';
import { validateRegister, type RegisterForm } from './auth-validation.js';
import { passwordRejectionMessage } from './password-rejection.js';
import { useCountdown } from './use-countdown.js';
import { usePageTitle } from '../ui/page-title.js';

const EMPTY: RegisterForm = { firstName: '', lastName: '', email: '', password: '', phone: '' };

export function RegisterPage() {
  const { t } = useI18n();
  usePageTitle(t('auth.registerTitle'));
  const auth = useAuth();
  const navigate = useNavigate();
  const errorMessage = useErrorMessage();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [form, setForm] = useState<RegisterForm>(EMPTY);
  const [touched, setTouched] = useState<Partial<Record<keyof RegisterForm, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [error, setError] = useState<string | undefined>();
  // Set by the server (a common or personal password); cleared as soon as the password changes.
  const [passwordRefused, setPasswordRefused] = useState<MessageKey | undefined>();
  const [busy, setBusy] = useState(false);
  const [waitSeconds, startWait] = useCountdown();

  if (auth.isSignedIn && !busy) return <Navigate to={next} replace />;

  const errors = validateRegister(form);
  const show = (field: keyof RegisterForm) =>
    (submitted || touched[field]) && errors[field] ? t(errors[field]) : undefined;
  const bind = (field: keyof RegisterForm) => ({
    value: form[field],
    name: field,
    onChange: (event: { target: { value: string } }) => {
      setForm((current) => ({ ...current, [field]: event.target.value }));
      if (field === 'password') setPasswordRefused(undefined);
    },
    onBlur: () => setTouched((current) => ({ ...current, [field]: true })),
    error:
      show(field) ?? (field === 'password' && passwordRefused ? t(passwordRefused) : undefined),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setError(undefined);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    const phone = form.phone.replace(/[\s().-]/g, '');
    try {
      await auth.register({
        firstName: form.firstName.trim(),
        lastName: form.lastName.trim(),
        email: form.email.trim(),
        password: form.password,
        phone: phone || null,
      });
      void navigate(next, { replace: true });
    } catch (failure) {
      const refused = passwordRejectionMessage(failure, 'password');
      if (refused) setPasswordRefused(refused);
      else if (isApiError(failure) && failure.status === 409) setError(t('auth.emailTaken'));
      else if (isApiError(failure) && failure.status === 429) {
        startWait(failure.retryAfterSeconds ?? 60);
        setError(undefined);
      } else setError(errorMessage(failure));
      setBusy(false);
    }
  };

  return (
    <div className="container page auth-page">
      <div className="card auth-card">
        <div className="card__body stack">
          <h1 tabIndex={-1}>{t('auth.registerTitle')}</h1>
          {waitSeconds > 0 ? (
            <Alert tone="danger">{t('auth.tooMany', { seconds: waitSeconds })}</Alert>
          ) : null}
          {error ? <Alert tone="danger">{error}</Alert> : null}
          <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
            <div className="form-grid form-grid--2">
              <TextField
                label={t('auth.firstName')}
                autoComplete="given-name"
                required
                {...bind('firstName')}
              />
              <TextField
                label={t('auth.lastName')}
                autoComplete="family-name"
                required
                {...bind('lastName')}
              />
            </div>
            <TextField
              label={t('auth.email')}
              type="email"
              autoComplete="email"
              required
              {...bind('email')}
            />
            <TextField
              label={t('auth.password')}
              type="password"
              autoComplete="new-password"
              required
              hint={t('auth.passwordHint')}
              {...bind('password')}
            />
            <TextField
              label={t('auth.phone')}
              type="tel"
              autoComplete="tel"
              optional={t('app.optional')}
              placeholder="+212612345678"
              {...bind('phone')}
            />
            <Button type="submit" size="lg" block loading={busy} disabled={waitSeconds > 0}>
              {t('auth.register')}
            </Button>
          </form>
          <p className="small">
            {t('auth.haveAccount')}{' '}
            <Link to={`/login${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`}>
              {t('nav.login')}
            </Link>
          </p>
        </div>
      </div>
    </div>
  );
}
