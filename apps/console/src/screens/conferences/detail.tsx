import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { errorCode } from '../../graphql/client';
import { NotFound } from '../not-found';
import { ErrorAlert, formatDate, formatDateTime, useNeedLabel } from '../person/ui';
import './messages';

const ConferenceQuery = graphql(`
  query ConsoleConference($id: ID!) {
    caseConference(id: $id) {
      id
      status
      title
      scheduledAt
      heldAt
      recordedAt
      cancelledAt
      cancelReason
      accessUntil
      place
      online
      personId
      legalBasis
      dataCategories
      version
      leadAgency {
        id
        name
      }
      agencies {
        agency {
          id
          name
        }
        lead
        roleLabel
      }
      participants {
        id
        kind
        roleLabel
        name
      }
      record {
        informationShared
        hearingSheetShared
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
        assignments {
          id
          description
          dueOn
          assigneeAgency {
            id
            name
          }
          assigneeParticipant {
            id
            roleLabel
            name
          }
        }
        unmetConfirmed
        unmetItems {
          id
          needCategory
          municipalityCode
          description
          reason
        }
        redacted
      }
      checklist {
        code
        message
        assignmentId
      }
      redacted
    }
  }
`);

/** One case conference: who takes part, the four-step record, what cannot be done now, and the checklist. */
export function ConferenceScreen() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('conferences');
  const needLabel = useNeedLabel();
  const [result] = useQuery({ query: ConferenceQuery, variables: { id } });
  const code = errorCode(result.error);
  // An id that is not even well-formed is as unknown as one that does not exist.
  if (
    code === 'NOT_FOUND' ||
    code === 'BAD_USER_INPUT' ||
    (!result.fetching && !result.error && result.data && !result.data.caseConference)
  ) {
    return <NotFound />;
  }
  const conference = result.data?.caseConference;
  if (!conference) {
    return (
      <>
        <ErrorAlert error={result.error} />
        {result.fetching && <p className="loading">{t('common:loading')}</p>}
      </>
    );
  }
  const record = conference.record;
  const masked = (text: string | null | undefined) =>
    text ?? <span className="masked">{t('person:masked.label')}</span>;

  return (
    <div>
      <p className="no-print">
        <Link to="/conferences">{t('detail.back')}</Link>
      </p>
      <h1>{conference.title}</h1>
      <dl className="console-fields panel">
        <div className="console-field">
          <dt>{t('list.status')}</dt>
          <dd>{t(`status.${conference.status}`)}</dd>
        </div>
        <div className="console-field">
          <dt>{t('list.when')}</dt>
          <dd>{formatDateTime(conference.scheduledAt, i18n.language)}</dd>
        </div>
        <div className="console-field">
          <dt>{t('list.where')}</dt>
          <dd>{conference.online ? t('detail.online') : (conference.place ?? '—')}</dd>
        </div>
        <div className="console-field">
          <dt>{t('detail.basis')}</dt>
          <dd>{t(`basis.${conference.legalBasis}`)}</dd>
        </div>
        <div className="console-field">
          <dt>{t('detail.categories')}</dt>
          <dd>
            {conference.dataCategories.map((category) => t(`person:category.${category}`)).join(t('person:ui.sep'))}
          </dd>
        </div>
        <div className="console-field">
          <dt>{t('list.person')}</dt>
          <dd>
            <Link to={`/persons/${conference.personId}`}>{t('list.openPerson')}</Link>
          </dd>
        </div>
        {conference.accessUntil && (
          <div className="console-field">
            <dt>{t('detail.accessUntil')}</dt>
            <dd>{formatDateTime(conference.accessUntil, i18n.language)}</dd>
          </div>
        )}
        {conference.status === 'CANCELLED' && (
          <div className="console-field">
            <dt>{t('detail.cancelReason')}</dt>
            <dd>{masked(conference.cancelReason)}</dd>
          </div>
        )}
      </dl>

      <section aria-labelledby="checklist-title" className="panel">
        <h2 id="checklist-title">{t('detail.checklist')}</h2>
        {conference.checklist.length === 0 ? (
          <p>
            <span className="badge ok">{t('detail.checklistOk')}</span>
          </p>
        ) : (
          <ul className="console-warnings">
            {conference.checklist.map((warning, index) => (
              <li key={`${warning.code}-${index}`}>
                <span className="badge due-soon">{t('detail.warning')}</span> {warning.message}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="members-title" className="panel">
        <h2 id="members-title">{t('detail.members')}</h2>
        <div className="console-table-wrap">
          <table>
            <caption>{t('detail.agenciesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('detail.agency')}</th>
                <th scope="col">{t('detail.role')}</th>
              </tr>
            </thead>
            <tbody>
              {conference.agencies.map((member) => (
                <tr key={member.agency.id}>
                  <th scope="row">{member.agency.name}</th>
                  <td>
                    {member.roleLabel}
                    {member.lead && t('person:ui.paren', { text: t('detail.lead') })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="console-table-wrap">
          <table>
            <caption>{t('detail.participantsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('detail.name')}</th>
                <th scope="col">{t('detail.role')}</th>
                <th scope="col">{t('detail.kind')}</th>
              </tr>
            </thead>
            <tbody>
              {conference.participants.length === 0 && (
                <tr>
                  <td colSpan={3}>{t('detail.noParticipants')}</td>
                </tr>
              )}
              {conference.participants.map((participant) => (
                <tr key={participant.id}>
                  <th scope="row">{participant.name}</th>
                  <td>{participant.roleLabel}</td>
                  <td>{t(`participantKind.${participant.kind}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="record-title" className="panel">
        <h2 id="record-title">{t('detail.record')}</h2>
        {!record ? (
          <p>{t('detail.noRecord')}</p>
        ) : (
          <>
            <h3>{t('detail.step1')}</h3>
            <p>{masked(record.informationShared)}</p>
            <p className="help">
              {record.hearingSheetShared ? t('detail.hearingShared') : t('detail.hearingNotShared')}
            </p>
            <h3>{t('detail.step2')}</h3>
            <dl className="console-fields">
              <div className="console-field">
                <dt>{t('person:plan.wish')}</dt>
                <dd>{masked(record.personWish)}</dd>
              </div>
              <div className="console-field">
                <dt>{t('person:plan.direction')}</dt>
                <dd>{masked(record.agreedDirection)}</dd>
              </div>
            </dl>
            <h3>{t('detail.step3')}</h3>
            <ul className="console-list">
              {record.goals.map((goal, index) => (
                <li key={`goal-${index}`}>
                  {t(`person:goalTerm.${goal.term}`)}
                  {t('person:ui.colon')}
                  {masked(goal.text)}
                </li>
              ))}
              {record.supports.map((support, index) => (
                <li key={`support-${index}`}>
                  {t(`person:timing.${support.timing}`)}
                  {t('person:ui.colon')}
                  {masked(support.text)}
                </li>
              ))}
            </ul>
            <h3>{t('detail.step4')}</h3>
            {record.assignments.length === 0 ? (
              <p>{t('detail.none')}</p>
            ) : (
              <div className="console-table-wrap">
                <table>
                  <caption>{t('detail.assignmentsCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('detail.what')}</th>
                      <th scope="col">{t('detail.who')}</th>
                      <th scope="col">{t('detail.byWhen')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {record.assignments.map((assignment) => (
                      <tr key={assignment.id}>
                        <th scope="row">{masked(assignment.description)}</th>
                        <td>
                          {assignment.assigneeAgency?.name ??
                            (assignment.assigneeParticipant
                              ? `${assignment.assigneeParticipant.roleLabel} ${assignment.assigneeParticipant.name}`
                              : t('detail.noOwner'))}
                        </td>
                        <td>{assignment.dueOn ? formatDate(assignment.dueOn, i18n.language) : t('detail.noDue')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <h3>{t('detail.step5')}</h3>
            {!record.unmetConfirmed && <p>{t('detail.unmetNotConfirmed')}</p>}
            {record.unmetConfirmed && record.unmetItems.length === 0 && <p>{t('detail.none')}</p>}
            {record.unmetItems.length > 0 && (
              <ul className="console-list">
                {record.unmetItems.map((item) => (
                  <li key={item.id}>
                    {needLabel(item.needCategory)}
                    {t('person:ui.paren', { text: item.municipalityCode })}
                    {t('person:ui.colon')}
                    {item.description} — {t(`unmetReason.${item.reason}`)}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>
    </div>
  );
}
