import { useI18n } from '../i18n/i18n.js';
import { ButtonLink } from '../ui/button.js';
import { EmptyState } from '../ui/feedback.js';
import { usePageTitle } from '../ui/page-title.js';

export function NotFoundPage() {
  const { t } = useI18n();
  usePageTitle(t('error.notFoundTitle'));
  return (
    <div className="container page">
      <EmptyState
        pageHeading
        title={t('error.notFoundTitle')}
        text={t('error.notFoundText')}
        action={<ButtonLink to="/">{t('error.goHome')}</ButtonLink>}
      />
    </div>
  );
}
