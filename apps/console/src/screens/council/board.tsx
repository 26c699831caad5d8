import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { ConsoleCouncilIssuesQuery, RegionalIssueStage } from '../../gql/graphql';
import { errorCode } from '../../graphql/client';
import { useStaff } from '../../session';
import { ErrorAlert, formatDate, useNeedLabel } from '../person/ui';
import './messages';

const CouncilsQuery = graphql(`
  query ConsoleCouncils {
    councilList {
      id
      name
      kind
      members {
        role
        agency {
          id
        }
      }
    }
  }
`);

const CouncilIssuesQuery = graphql(`
  query ConsoleCouncilIssues($filter: RegionalIssueFilter, $first: Int) {
    regionalIssues(filter: $filter, first: $first) {
      totalCount
      edges {
        node {
          id
          title
          stage
          version
          raisedAt
          needCategories
          function
          allowedNextStages
          mergedIntoId
          body {
            id
            name
          }
          raisedByAgency {
            id
            name
          }
          evidence {
            itemCount
            declinedReferralCount
            personCount
            suppressed
          }
        }
      }
    }
  }
`);

const CouncilMeetingsQuery = graphql(`
  query ConsoleCouncilMeetings($councilId: ID!, $first: Int) {
    councilMeetings(councilId: $councilId, first: $first) {
      edges {
        node {
          id
          heldOn
          title
          body {
            id
            kind
            name
          }
        }
      }
    }
  }
`);

const MoveIssueMutation = graphql(`
  mutation ConsoleMoveRegionalIssue($input: MoveRegionalIssueInput!) {
    moveRegionalIssue(input: $input) {
      id
      stage
      version
      allowedNextStages
      body {
        id
        name
      }
    }
  }
`);

type Issue = ConsoleCouncilIssuesQuery['regionalIssues']['edges'][number]['node'];

/** The board's columns, in the order an issue travels; outcomes, closed and merged at the end. */
const COLUMNS: RegionalIssueStage[] = [
  'RAISED',
  'STEERING',
  'REGULAR',
  'SUBCOMMITTEE',
  'PLENARY',
  'RESOURCE_DEVELOPED',
  'RESOURCE_IMPROVED',
  'POLICY_PROPOSED',
  'CLOSED',
  'MERGED',
];
/** Moves the board can make: to a body (at one of its meetings), a policy proposal, or closing. */
const BODY_STAGES: RegionalIssueStage[] = ['STEERING', 'REGULAR', 'SUBCOMMITTEE', 'PLENARY'];
const NEEDS_RESOURCE: RegionalIssueStage[] = ['RESOURCE_DEVELOPED', 'RESOURCE_IMPROVED'];

/** The council board: regional issues (地域課題) in columns by stage, each with its evidence count. */
export function CouncilBoardScreen() {
  const { t, i18n } = useTranslation('council');
  const { staff } = useStaff();
  const needLabel = useNeedLabel();
  const [councils] = useQuery({ query: CouncilsQuery });
  const [councilId, setCouncilId] = useState('');
  const list = councils.data?.councilList ?? [];
  const council = list.find((c) => c.id === councilId) ?? list[0];
  const [issues, refetchIssues] = useQuery({
    query: CouncilIssuesQuery,
    variables: { filter: { councilId: council?.id }, first: 100 },
    pause: !council,
  });
  const isSecretariat =
    !!council &&
    council.members.some((member) => member.role === 'SECRETARIAT' && member.agency.id === staff.agency?.id);
  const [moving, setMoving] = useState<Issue | null>(null);
  const [moved, setMoved] = useState<string | null>(null);
  const all = issues.data?.regionalIssues.edges.map((edge) => edge.node) ?? [];

  return (
    <div>
      <h1>{t('board.title')}</h1>
      <ErrorAlert error={councils.error} />
      {!councils.fetching && !councils.error && list.length === 0 && <p>{t('board.noCouncil')}</p>}
      {list.length > 1 && (
        <div className="console-toolbar">
          <div>
            <label htmlFor="council-select">{t('board.council')}</label>
            <select
              id="council-select"
              value={council?.id ?? ''}
              onChange={(event) => setCouncilId(event.target.value)}
            >
              {list.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      {council && (
        <>
          <h2 id="board-council">{council.name}</h2>
          <p className="help">{isSecretariat ? t('board.secretariat') : t('board.member')}</p>
          {moved && (
            <p role="status" className="console-status">
              {moved}
            </p>
          )}
          <ErrorAlert error={issues.error} />
          <div className="council-board" aria-labelledby="board-council" role="region" tabIndex={0}>
            {COLUMNS.map((stage) => {
              const column = all.filter((issue) => issue.stage === stage);
              if (column.length === 0 && (stage === 'MERGED' || NEEDS_RESOURCE.includes(stage))) return null;
              return (
                <section key={stage} className="council-column" aria-labelledby={`column-${stage}`}>
                  <h3 id={`column-${stage}`}>
                    {t(`stage.${stage}`)}{' '}
                    <span className="council-count">{t('board.count', { count: column.length })}</span>
                  </h3>
                  {column.length === 0 ? (
                    <p className="help">{t('board.empty')}</p>
                  ) : (
                    <ul className="council-cards">
                      {column.map((issue) => (
                        <li key={issue.id}>
                          <article className="council-card" aria-labelledby={`issue-${issue.id}`}>
                            <h4 id={`issue-${issue.id}`}>{issue.title}</h4>
                            <p className="council-evidence">
                              <EvidenceCount evidence={issue.evidence} />
                            </p>
                            <p className="help">
                              {issue.needCategories.map(needLabel).join(t('person:ui.sep'))}
                              {' ・ '}
                              {t(`function.${issue.function}`)}
                            </p>
                            <p className="help">
                              {t('board.raised', {
                                agency: issue.raisedByAgency.name,
                                date: formatDate(issue.raisedAt, i18n.language),
                              })}
                              {issue.body && ` ・ ${t('board.body', { body: issue.body.name })}`}
                            </p>
                            {isSecretariat && movableStages(issue).length > 0 && (
                              <button
                                type="button"
                                className="secondary"
                                aria-label={t('board.moveFor', { title: issue.title })}
                                onClick={() => {
                                  setMoved(null);
                                  setMoving(issue);
                                }}
                              >
                                {t('board.move')}
                              </button>
                            )}
                          </article>
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
              );
            })}
          </div>
          {isSecretariat && (
            <MoveDialog
              councilId={council.id}
              issue={moving}
              onClose={() => setMoving(null)}
              onMoved={(issue, stage) => {
                setMoving(null);
                setMoved(t('board.moved', { title: issue.title, stage: t(`stage.${stage}`) }));
                refetchIssues({ requestPolicy: 'network-only' });
              }}
            />
          )}
        </>
      )}
    </div>
  );
}

function movableStages(issue: Issue): RegionalIssueStage[] {
  return issue.allowedNextStages.filter((stage) => !NEEDS_RESOURCE.includes(stage));
}

function EvidenceCount({ evidence }: { evidence: Issue['evidence'] }) {
  const { t } = useTranslation('council');
  if (evidence.suppressed) return <>{t('evidence.suppressed')}</>;
  const total = (evidence.itemCount ?? 0) + (evidence.declinedReferralCount ?? 0);
  return (
    <>
      <strong>{t('evidence.count', { count: total })}</strong>{' '}
      <span className="help">
        {t('evidence.detail', {
          items: evidence.itemCount ?? 0,
          declined: evidence.declinedReferralCount ?? 0,
          persons: evidence.personCount ?? 0,
        })}
      </span>
    </>
  );
}

/** Moves an issue to one of its allowed next stages, at a meeting of the body that decided it. */
function MoveDialog(props: {
  councilId: string;
  issue: Issue | null;
  onClose: () => void;
  onMoved: (issue: Issue, stage: RegionalIssueStage) => void;
}) {
  const { t, i18n } = useTranslation('council');
  const ref = useRef<HTMLDialogElement>(null);
  const { issue } = props;
  const [meetings] = useQuery({
    query: CouncilMeetingsQuery,
    variables: { councilId: props.councilId, first: 100 },
    pause: !issue,
  });
  const [state, move] = useMutation(MoveIssueMutation);
  const [toStage, setToStage] = useState<RegionalIssueStage | ''>('');
  const [meetingId, setMeetingId] = useState('');
  const [note, setNote] = useState('');
  const [closedReason, setClosedReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (issue && !dialog.open) {
      setToStage(movableStages(issue)[0] ?? '');
      setMeetingId('');
      setNote('');
      setClosedReason('');
      setProblem(null);
      dialog.showModal();
    } else if (!issue && dialog.open) dialog.close();
  }, [issue]);

  // The body a stage is decided at: its own for body stages, the plenary for a policy proposal.
  const bodyKind = toStage === 'POLICY_PROPOSED' ? 'PLENARY' : toStage;
  const options =
    meetings.data?.councilMeetings.edges.map((edge) => edge.node).filter((meeting) => meeting.body.kind === bodyKind) ??
    [];
  const meetingRequired = BODY_STAGES.includes(toStage as RegionalIssueStage) || toStage === 'POLICY_PROPOSED';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!issue || !toStage) return;
    if (meetingRequired && !meetingId) return setProblem(t('move.meetingMissing'));
    if (toStage === 'CLOSED' && !closedReason.trim()) return setProblem(t('move.reasonMissing'));
    setProblem(null);
    const answer = await move({
      input: {
        issueId: issue.id,
        toStage,
        expectedVersion: issue.version,
        meetingId: meetingId || null,
        note: note.trim() || null,
        closedReason: toStage === 'CLOSED' ? closedReason.trim() : null,
      },
    });
    if (answer.data) props.onMoved(issue, toStage);
  }

  return (
    <dialog
      ref={ref}
      aria-labelledby="move-title"
      className="console-dialog"
      onCancel={(event) => {
        event.preventDefault();
        props.onClose();
      }}
    >
      <form onSubmit={(event) => void submit(event)} noValidate>
        <h2 id="move-title">{t('move.title')}</h2>
        <p>{issue?.title}</p>
        <label htmlFor="move-stage">{t('move.to')}</label>
        <select
          id="move-stage"
          value={toStage}
          onChange={(event) => {
            setToStage(event.target.value as RegionalIssueStage);
            setMeetingId('');
          }}
        >
          {issue &&
            movableStages(issue).map((stage) => (
              <option key={stage} value={stage}>
                {t(`stage.${stage}`)}
              </option>
            ))}
        </select>
        {toStage !== 'CLOSED' && (
          <>
            <label htmlFor="move-meeting">{t('move.meeting')}</label>
            <select id="move-meeting" value={meetingId} onChange={(event) => setMeetingId(event.target.value)}>
              <option value="">{t('move.choose')}</option>
              {options.map((meeting) => (
                <option key={meeting.id} value={meeting.id}>
                  {formatDate(meeting.heldOn, i18n.language)} {meeting.title}
                  {t('person:ui.paren', { text: meeting.body.name })}
                </option>
              ))}
            </select>
            {options.length === 0 && !meetings.fetching && <p className="help">{t('move.noMeeting')}</p>}
          </>
        )}
        {toStage === 'CLOSED' && (
          <>
            <label htmlFor="move-reason">
              {t('move.closedReason')} {t('person:ui.required')}
            </label>
            <textarea
              id="move-reason"
              rows={2}
              value={closedReason}
              onChange={(event) => setClosedReason(event.target.value)}
            />
          </>
        )}
        <label htmlFor="move-note">
          {toStage === 'POLICY_PROPOSED' ? t('move.proposal') : t('move.note')} {t('person:ui.optional')}
        </label>
        <textarea id="move-note" rows={2} value={note} onChange={(event) => setNote(event.target.value)} />
        {problem && (
          <p role="alert" className="error">
            {problem}
          </p>
        )}
        <ErrorAlert error={state.error}>
          {errorCode(state.error) === 'CONFLICT' ? t('move.conflict') : undefined}
        </ErrorAlert>
        <div className="console-actions">
          <button type="submit" disabled={state.fetching || !toStage}>
            {t('move.submit')}
          </button>
          <button type="button" className="secondary" onClick={props.onClose}>
            {t('person:ui.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
