import { useRouteError } from 'react-router';
import { useI18n } from '../i18n/i18n.js';
import { ErrorState } from '../ui/feedback.js';

/** Shown when a screen throws while rendering: the rest of the app keeps working. */
export function RouteError() {
  const error = useRouteError();
  const { t } = useI18n();
  return (
    <div className="container page">
      <ErrorState
        title={t('error.generic')}
        error={error}
        onRetry={() => window.location.reload()}
      />
    </div>
  );
}
