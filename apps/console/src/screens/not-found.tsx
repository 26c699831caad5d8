import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** Shown for unknown addresses and for records the agency may not know exist (the API's NOT_FOUND). */
export function NotFound() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="not-found-title" className="not-found">
      <h1 id="not-found-title">{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <Link to="/">{t('notFound.back')}</Link>
    </section>
  );
}
