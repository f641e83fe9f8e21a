import { useI18n } from '../i18n/i18n.js';

export function AccountPage() {
  const { t } = useI18n();
  return (
    <div className="container page">
      <h1>{t('app.loading')}</h1>
    </div>
  );
}
