import { useI18n } from '../i18n/i18n.js';
import { EmptyState } from '../ui/feedback.js';
import { ButtonLink } from '../ui/button.js';

export function AdminPlaceholder() {
  const { t } = useI18n();
  return (
    <div className="container page">
      <EmptyState title={t('admin.placeholderTitle')} text={t('admin.placeholderText')} action={<ButtonLink to="/">{t('nav.home')}</ButtonLink>} />
    </div>
  );
}
