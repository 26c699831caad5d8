import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import type { CaseConferenceStatus } from '../../gql/graphql';
import { ErrorAlert, formatDateTime } from '../person/ui';
import { ConferencesListQuery } from './queries';
import './messages';

const STATUSES: CaseConferenceStatus[] = ['SCHEDULED', 'HELD', 'RECORDED', 'CANCELLED'];

/** The case conferences the agency takes part in, by status. */
export function ConferencesScreen() {
  const { t, i18n } = useTranslation('conferences');
  const [status, setStatus] = useState<CaseConferenceStatus | ''>('');
  const [result] = useQuery({
    query: ConferencesListQuery,
    variables: { filter: status ? { status: [status] } : {}, first: 100 },
  });
  const conferences = result.data?.caseConferences.edges.map((edge) => edge.node) ?? [];
  return (
    <div>
      <h1>{t('list.title')}</h1>
      <div className="console-toolbar">
        <div>
          <label htmlFor="conference-status">{t('list.filter')}</label>
          <select
            id="conference-status"
            value={status}
            onChange={(event) => setStatus(event.target.value as CaseConferenceStatus | '')}
          >
            <option value="">{t('list.all')}</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`status.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <Link className="button" to="/conferences/new">
          {t('list.schedule')}
        </Link>
      </div>
      <ErrorAlert error={result.error} />
      {result.fetching && !result.data && <p className="loading">{t('common:loading')}</p>}
      {!result.fetching && !result.error && conferences.length === 0 && <p>{t('list.none')}</p>}
      {conferences.length > 0 && (
        <div className="console-table-wrap">
          <table>
            <caption>{t('list.caption', { count: result.data?.caseConferences.totalCount ?? 0 })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('list.conference')}</th>
                <th scope="col">{t('list.when')}</th>
                <th scope="col">{t('list.where')}</th>
                <th scope="col">{t('list.lead')}</th>
                <th scope="col">{t('list.status')}</th>
                <th scope="col">{t('list.person')}</th>
              </tr>
            </thead>
            <tbody>
              {conferences.map((conference) => (
                <tr key={conference.id}>
                  <th scope="row">
                    <Link to={`/conferences/${conference.id}`}>{conference.title}</Link>
                  </th>
                  <td>{formatDateTime(conference.scheduledAt, i18n.language)}</td>
                  <td>{conference.online ? t('detail.online') : (conference.place ?? '—')}</td>
                  <td>{conference.leadAgency.name}</td>
                  <td>{t(`status.${conference.status}`)}</td>
                  <td>
                    <Link
                      to={`/persons/${conference.personId}`}
                      aria-label={t('list.openPersonFor', { title: conference.title })}
                    >
                      {t('list.openPerson')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
