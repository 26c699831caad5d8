import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { ConsolePersonPageQuery, DataCategory } from '../../gql/graphql';
import { errorCode } from '../../graphql/client';
import { useStaff } from '../../session';
import { NotFound } from '../not-found';
import { Consents, maskReason, PersonConsentsQuery } from './consents';
import { EcomapSection } from './ecomap';
import { HearingSheetSection } from './hearing-sheet';
import { PersonConferences } from './person-conferences';
import { SupportPlanSection } from './support-plan';
import { SupportTasksSection } from './support-tasks';
import { ErrorAlert, formatDate } from './ui';
import './messages';

export const PersonQuery = graphql(`
  query ConsolePersonPage($id: ID!) {
    person(id: $id) {
      id
      familyName
      givenName
      familyNameKana
      givenNameKana
      birthDate
      phone
      email
      address
      municipalityCode
      householdNotes
      incomeDebt
      employment
      education
      healthDisability
      justice
      caseNotes
      redacted
    }
  }
`);

type PersonField = Exclude<keyof NonNullable<ConsolePersonPageQuery['person']>, 'id' | 'redacted' | '__typename'>;

/** The registration fields, grouped by the data category that decides whether the agency may see them. */
const FIELDS: { category: DataCategory; fields: PersonField[] }[] = [
  { category: 'IDENTITY', fields: ['familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'birthDate'] },
  { category: 'CONTACT', fields: ['phone', 'email', 'address', 'municipalityCode'] },
  { category: 'HOUSEHOLD', fields: ['householdNotes'] },
  { category: 'INCOME_DEBT', fields: ['incomeDebt'] },
  { category: 'EMPLOYMENT', fields: ['employment'] },
  { category: 'EDUCATION', fields: ['education'] },
  { category: 'HEALTH_DISABILITY', fields: ['healthDisability'] },
  { category: 'JUSTICE', fields: ['justice'] },
  { category: 'CASE_NOTES', fields: ['caseNotes'] },
];

/** The person as the calling agency may see them, with consents, hearing sheet, ecomap, plan and tasks. */
export function PersonScreen() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('person');
  const { staff } = useStaff();
  const [result, refetchPerson] = useQuery({ query: PersonQuery, variables: { id } });
  const [consentsResult, refetchConsents] = useQuery({ query: PersonConsentsQuery, variables: { personId: id } });
  const code = errorCode(result.error);
  // An id that is not even well-formed is as unknown as one that does not exist.
  if (
    code === 'NOT_FOUND' ||
    code === 'BAD_USER_INPUT' ||
    (!result.fetching && !result.error && result.data && !result.data.person)
  ) {
    return <NotFound />;
  }
  const person = result.data?.person;
  if (!person) {
    return (
      <>
        <ErrorAlert error={result.error} />
        {result.fetching && <p className="loading">{t('common:loading')}</p>}
      </>
    );
  }
  const redacted = new Set<string>(person.redacted);
  const consents = consentsResult.data?.consents ?? [];
  const name = redacted.has('IDENTITY')
    ? t('person.nameMasked')
    : `${person.familyName ?? ''} ${person.givenName ?? ''}`.trim();

  return (
    <div className="person-screen">
      <p className="no-print">
        <Link to="/persons">{t('list.back')}</Link>
      </p>
      <h1>{t('person.title', { name })}</h1>
      <section aria-labelledby="registration-title" className="panel">
        <h2 id="registration-title">{t('person.registration')}</h2>
        <dl className="console-fields">
          {FIELDS.map(({ category, fields }) =>
            redacted.has(category) ? (
              <div key={category} className="console-field">
                <dt>{t(`category.${category}`)}</dt>
                <dd>
                  <span className="masked">{t('masked.label')}</span>{' '}
                  <span className="help">{maskReason(category, consents, staff.agency?.id, t, i18n.language)}</span>
                </dd>
              </div>
            ) : (
              fields.map((field) => (
                <div key={field} className="console-field">
                  <dt>{t(`field.${field}`)}</dt>
                  <dd>
                    {field === 'birthDate'
                      ? formatDate(person[field], i18n.language)
                      : (person[field] ?? <span className="help">{t('person.empty')}</span>)}
                  </dd>
                </div>
              ))
            ),
          )}
          {redacted.has('SUPPORT_NETWORK') && (
            <div className="console-field">
              <dt>{t('category.SUPPORT_NETWORK')}</dt>
              <dd>
                <span className="masked">{t('masked.label')}</span>{' '}
                <span className="help">
                  {maskReason('SUPPORT_NETWORK', consents, staff.agency?.id, t, i18n.language)}
                </span>
              </dd>
            </div>
          )}
        </dl>
      </section>
      <Consents
        result={consentsResult}
        onWithdrawn={() => {
          refetchPerson({ requestPolicy: 'network-only' });
          refetchConsents({ requestPolicy: 'network-only' });
        }}
      />
      <HearingSheetSection personId={person.id} masked={redacted.has('SUPPORT_NETWORK')} />
      <EcomapSection personId={person.id} name={name} masked={redacted.has('SUPPORT_NETWORK')} />
      <SupportPlanSection personId={person.id} />
      <SupportTasksSection personId={person.id} />
      <PersonConferences personId={person.id} />
    </div>
  );
}
