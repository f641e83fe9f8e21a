import { RESET_LINK_REJECTIONS, type ResetLinkRejection } from '@souk/contracts';
import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { isApiError } from '../api/api-error.js';
import { useApi } from '../api/services.js';
import { useI18n } from '../i18n/i18n.js';
import { Button, ButtonLink } from '../ui/button.js';
import { Alert, useErrorMessage } from '../ui/feedback.js';
import { TextField } from '../ui/field.js';
import { usePageTitle } from '../ui/page-title.js';
import { passwordRejectionMessage } from './password-rejection.js';

/** The token from the mailed link's fragment (`#token=…`), which no server ever receives. */
export function resetTokenFrom(hash: string): string | undefined {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : undefined;
}

function linkRejection(error: unknown): ResetLinkRejection | undefined {
  const reason = isApiError(error) ? error.problem.reason : undefined;
  return RESET_LINK_REJECTIONS.find((known) => known === reason);
}

/** Sets a new password from a reset link; every session of the account ends. */
export function ResetPasswordPage() {
  const { t } = useI18n();
  usePageTitle(t('auth.resetTitle'));
  const api = useApi();
  const errorMessage = useErrorMessage();
  const token = resetTokenFrom(useLocation().hash);
  const [password, setPassword] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [linkRefused, setLinkRefused] = useState<ResetLinkRejection | undefined>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!token) return;
    if (password.length < 8 || password.length > 128) {
      setFieldError(t('auth.error.password'));
      return;
    }
    setFieldError(undefined);
    setError(undefined);
    setBusy(true);
    try {
      await api.auth.confirmPasswordReset(token, password);
      setDone(true);
    } catch (failure) {
      const refused = passwordRejectionMessage(failure, 'password');
      const rejection = linkRejection(failure);
      if (refused) setFieldError(t(refused));
      else if (rejection) setLinkRefused(rejection);
      else setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const askAgain = (
    <p className="small">
      <Link to="/forgot-password">{t('auth.resetAskAgain')}</Link>
    </p>
  );
  let content;
  if (done)
    content = (
      <>
        <Alert tone="success">
          <span data-testid="reset-done">{t('auth.resetDone')}</span>
        </Alert>
        <ButtonLink to="/login" size="lg" block>
          {t('auth.login')}
        </ButtonLink>
      </>
    );
  else if (!token || linkRefused)
    content = (
      <>
        <Alert tone="danger">
          <span data-testid="reset-link-refused">
            {linkRefused ? t(`auth.resetLink.${linkRefused}`) : t('auth.resetNoToken')}
          </span>
        </Alert>
        {askAgain}
      </>
    );
  else
    content = (
      <>
        {error ? <Alert tone="danger">{error}</Alert> : null}
        <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
          <TextField
            label={t('account.newPassword')}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            hint={t('auth.passwordHint')}
            error={fieldError}
            required
            name="password"
          />
          <Button type="submit" size="lg" block loading={busy}>
            {t('auth.resetSubmit')}
          </Button>
        </form>
      </>
    );

  return (
    <div className="container page auth-page">
      <div className="card auth-card">
        <div className="card__body stack">
          <h1 tabIndex={-1}>{t('auth.resetTitle')}</h1>
          {content}
        </div>
      </div>
    </div>
  );
}
