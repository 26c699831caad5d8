import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { ConferencesListQuery } from '../conferences/queries';
import { ErrorAlert, formatDateTime } from './ui';

/** The case conferences about the person that the agency takes part in, and a link to schedule one. */
export function PersonConferences({ personId }: { personId: string }) {
  const { t, i18n } = useTranslation('person');
  const [result] = useQuery({ query: ConferencesListQuery, variables: { filter: { personId }, first: 50 } });
  const conferences = result.data?.caseConferences.edges.map((edge) => edge.node) ?? [];
  return (
    <section aria-labelledby="person-conferences-title" className="panel">
      <h2 id="person-conferences-title">{t('conferences.title')}</h2>
      <ErrorAlert error={result.error} />
      {conferences.length === 0 && !result.fetching && !result.error && <p>{t('conferences.none')}</p>}
      {conferences.length > 0 && (
        <ul className="console-list">
          {conferences.map((conference) => (
            <li key={conference.id}>
              <Link to={`/conferences/${conference.id}`}>{conference.title}</Link> —{' '}
              {formatDateTime(conference.scheduledAt, i18n.language)}
              {t('ui.paren', { text: t(`conferences:status.${conference.status}`) })}
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link className="button" to={`/conferences/new?personId=${encodeURIComponent(personId)}`}>
          {t('conferences.schedule')}
        </Link>
      </p>
    </section>
  );
}
