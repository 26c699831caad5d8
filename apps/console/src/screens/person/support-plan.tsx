import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { errorCode } from '../../graphql/client';
import { AgencyName } from '../agency-name';
import { ErrorAlert, formatDate } from './ui';

export const SupportPlanQuery = graphql(`
  query ConsoleSupportPlan($personId: ID!) {
    supportPlan(personId: $personId) {
      id
      leadAgencyId
      currentVersion
      nextReviewOn
      version
      current {
        version
        conferenceId
        createdAt
        personWish
        agreedDirection
        goals {
          term
          text
        }
        supports {
          timing
          text
        }
      }
    }
  }
`);

/** The person's shared support plan (its current version): wish, direction, goals and supports. */
export function SupportPlanSection({ personId }: { personId: string }) {
  const { t, i18n } = useTranslation('person');
  const [result] = useQuery({ query: SupportPlanQuery, variables: { personId } });
  const plan = result.data?.supportPlan;
  const code = errorCode(result.error);
  return (
    <section aria-labelledby="plan-title" className="panel">
      <h2 id="plan-title">{t('plan.title')}</h2>
      {code === 'NOT_FOUND' ? <p>{t('plan.none')}</p> : <ErrorAlert error={result.error} />}
      {plan && (
        <>
          <dl className="console-fields">
            <div className="console-field">
              <dt>{t('plan.lead')}</dt>
              <dd>
                <AgencyName id={plan.leadAgencyId} />
              </dd>
            </div>
            <div className="console-field">
              <dt>{t('plan.version')}</dt>
              <dd>
                {t('plan.versionValue', {
                  version: plan.currentVersion,
                  date: formatDate(plan.current.createdAt, i18n.language),
                })}{' '}
                <Link to={`/conferences/${plan.current.conferenceId}`}>{t('plan.conference')}</Link>
              </dd>
            </div>
            <div className="console-field">
              <dt>{t('plan.review')}</dt>
              <dd>{plan.nextReviewOn ? formatDate(plan.nextReviewOn, i18n.language) : t('plan.noReview')}</dd>
            </div>
            <div className="console-field">
              <dt>{t('plan.wish')}</dt>
              <dd>{plan.current.personWish ?? '—'}</dd>
            </div>
            <div className="console-field">
              <dt>{t('plan.direction')}</dt>
              <dd>{plan.current.agreedDirection ?? '—'}</dd>
            </div>
          </dl>
          <h3>{t('plan.goals')}</h3>
          {(['SHORT_TERM', 'MEDIUM_LONG_TERM'] as const).map((term) => (
            <div key={term}>
              <h4>{t(`goalTerm.${term}`)}</h4>
              <ul className="console-list">
                {plan.current.goals
                  .filter((goal) => goal.term === term)
                  .map((goal, index) => (
                    <li key={index}>{goal.text}</li>
                  ))}
              </ul>
            </div>
          ))}
          <h3>{t('plan.supports')}</h3>
          {(['NOW', 'NEEDS_TIME'] as const).map((timing) => (
            <div key={timing}>
              <h4>{t(`timing.${timing}`)}</h4>
              <ul className="console-list">
                {plan.current.supports
                  .filter((support) => support.timing === timing)
                  .map((support, index) => (
                    <li key={index}>{support.text}</li>
                  ))}
              </ul>
            </div>
          ))}
        </>
      )}
    </section>
  );
}
