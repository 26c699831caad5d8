import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { OperationError, useErrorCheck, useExpireOnUnauthenticated } from '../../components/operation-error';
import { graphql } from '../../gql';
import type { DataCategory, ReferralsDetailQuery } from '../../gql/graphql';
import { errorCode } from '../../graphql/client';
import { useStaff } from '../../session';
import { NotFound } from '../not-found';
import { ReferralActions } from './referral-actions';
import {
  CATEGORY_FIELDS,
  DATA_CATEGORIES,
  DueMarks,
  NS,
  StatusBadge,
  useFormatTime,
  useNeedCategories,
  useReferralEvents,
} from './shared';

const ReferralQuery = graphql(`
  query ReferralsDetail($id: ID!) {
    referral(id: $id) {
      id
      version
      status
      urgency
      needCategories
      summary
      outcome
      closeReason
      declineReason
      justification
      routingNote
      legalBasis
      sharedCategories
      reviewRequired
      overdue
      createdAt
      sentAt
      acknowledgeDueAt
      acknowledgedAt
      decisionDueAt
      decidedAt
      startedAt
      closedAt
      redacted
      forwardedFrom {
        id
      }
      fromAgency {
        id
        name
        sector
      }
      toAgency {
        id
        name
        sector
      }
      person {
        id
        familyName
        givenName
        familyNameKana
        givenNameKana
        birthDate
        phone
        email
        municipalityCode
        address
        householdNotes
        healthDisability
        incomeDebt
        employment
        education
        justice
        caseNotes
        redacted
      }
      events {
        id
        type
        fromStatus
        toStatus
        note
        redacted
        at
        actorAgency {
          id
          name
        }
      }
      messages {
        id
        body
        redacted
        at
        fromAgency {
          id
          name
        }
      }
    }
  }
`);

const PostMessageMutation = graphql(`
  mutation ReferralsPostReferralMessage($referralId: ID!, $body: String!) {
    postReferralMessage(referralId: $referralId, body: $body) {
      id
    }
  }
`);

export type ReferralDetail = NonNullable<ReferralsDetailQuery['referral']>;
type MaskReason = 'NOT_SHARED' | 'CONSENT_WITHDRAWN' | 'CONSENT_EXPIRED' | 'NO_BASIS';

/**
 * Why a category of the person is masked for the caller. The API lists the masked categories (`redacted`);
 * the reason comes from what the referral shared and from its history (a withdrawn or expired consent).
 */
function maskReason(referral: ReferralDetail, category: DataCategory): MaskReason {
  if (!referral.sharedCategories.includes(category)) return 'NOT_SHARED';
  const types = referral.events.map((event) => event.type);
  if (types.includes('CONSENT_WITHDRAWN')) return 'CONSENT_WITHDRAWN';
  if (types.includes('CONSENT_EXPIRED')) return 'CONSENT_EXPIRED';
  return 'NO_BASIS';
}

/** One referral: the person as the agency may see them, the history and messages, and the next moves allowed. */
export function ReferralScreen() {
  const { id = '' } = useParams();
  const { t } = useTranslation(NS);
  const [{ data, fetching, error }, refetch] = useQuery({ query: ReferralQuery, variables: { id } });
  useExpireOnUnauthenticated(error);
  const reload = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  const onEvent = useCallback(
    (event: { referralId: string }) => {
      if (event.referralId === id) reload();
    },
    [id, reload],
  );
  useReferralEvents(undefined, onEvent);

  if (errorCode(error) === 'NOT_FOUND' || (data && !data.referral)) return <NotFound />;
  if (!data?.referral) {
    return (
      <>
        <OperationError error={error} />
        {fetching && <p className="loading">{t('referral.loading')}</p>}
      </>
    );
  }
  return <ReferralView referral={data.referral} reload={reload} />;
}

function ReferralView({ referral, reload }: { referral: ReferralDetail; reload: () => void }) {
  const { t } = useTranslation(NS);
  const { staff } = useStaff();
  const formatTime = useFormatTime();
  const { label: needLabel } = useNeedCategories();
  const side = referral.fromAgency.id === staff.agency?.id ? 'SENDER' : 'RECIPIENT';
  const needs = referral.needCategories.map(needLabel).join(t('punct.sep'));
  // A masked field is shown as masked only where it would hold something: no empty rows for fields never set.
  const hasRoutingNote = referral.events.some((event) => event.type === 'ROUTED');

  const freeText = (field: 'summary' | 'outcome' | 'closeReason' | 'routingNote' | 'justification') => {
    if (referral.redacted.includes(field)) return <span className="masked">{t('referral.maskedText')}</span>;
    const value = referral[field];
    return value ? <span className="pre-line">{value}</span> : null;
  };

  return (
    <article aria-labelledby="referral-title" className="referral">
      <p className="no-print">
        <Link to={side === 'SENDER' ? '/?box=OUTBOX' : '/'}>{t('referral.back')}</Link>
      </p>
      <h1 id="referral-title">
        {t('referral.title', { needs })} <StatusBadge status={referral.status} />
      </h1>
      <p>{t(`referral.side.${side}`)}</p>
      {referral.reviewRequired && <p className="panel warn">{t('referral.reviewRequired')}</p>}

      <section aria-labelledby="overview-title">
        <h2 id="overview-title">{t('referral.overview')}</h2>
        <dl className="facts">
          <dt>{t('referral.from')}</dt>
          <dd>
            {referral.fromAgency.name}
            {side === 'SENDER' && `${t('punct.open')}${t('referral.you')}${t('punct.close')}`}
          </dd>
          <dt>{t('referral.to')}</dt>
          <dd>
            {referral.toAgency.name}
            {side === 'RECIPIENT' && `${t('punct.open')}${t('referral.you')}${t('punct.close')}`}
          </dd>
          <dt>{t('referral.status')}</dt>
          <dd>
            <StatusBadge status={referral.status} />
          </dd>
          <dt>{t('referral.urgency')}</dt>
          <dd>{t(`urgency.${referral.urgency}`)}</dd>
          <dt>{t('referral.needs')}</dt>
          <dd>{needs}</dd>
          <dt>{t('referral.summary')}</dt>
          <dd>{freeText('summary')}</dd>
          {(referral.routingNote || (hasRoutingNote && referral.redacted.includes('routingNote'))) && (
            <>
              <dt>{t('referral.routingNote')}</dt>
              <dd>{freeText('routingNote')}</dd>
            </>
          )}
          <dt>{t('referral.legalBasis')}</dt>
          <dd>{t(`basis.${referral.legalBasis}`)}</dd>
          {(referral.justification ||
            (referral.legalBasis === 'VITAL_INTEREST' && referral.redacted.includes('justification'))) && (
            <>
              <dt>{t('referral.justification')}</dt>
              <dd>{freeText('justification')}</dd>
            </>
          )}
          <dt>{t('referral.sharedCategories')}</dt>
          <dd>{referral.sharedCategories.map((category) => t(`category.${category}`)).join(t('punct.sep'))}</dd>
          {referral.sentAt && (
            <>
              <dt>{t('referral.sentAt')}</dt>
              <dd>{formatTime(referral.sentAt)}</dd>
            </>
          )}
          {referral.declineReason && (
            <>
              <dt>{t('referral.declineReason')}</dt>
              <dd>{t(`decline.${referral.declineReason}`)}</dd>
            </>
          )}
          {(referral.outcome || (referral.status === 'COMPLETED' && referral.redacted.includes('outcome'))) && (
            <>
              <dt>{t('referral.outcome')}</dt>
              <dd>{freeText('outcome')}</dd>
            </>
          )}
          {(referral.closeReason ||
            ((referral.status === 'CANCELLED' || referral.status === 'FAILED') &&
              referral.redacted.includes('closeReason'))) && (
            <>
              <dt>{t('referral.closeReason')}</dt>
              <dd>{freeText('closeReason')}</dd>
            </>
          )}
          {referral.forwardedFrom && (
            <>
              <dt>{t('referral.forwardedFrom')}</dt>
              <dd>
                <Link to={`/referrals/${referral.forwardedFrom.id}`}>{referral.forwardedFrom.id}</Link>
              </dd>
            </>
          )}
        </dl>
      </section>

      <section aria-labelledby="clocks-title">
        <h2 id="clocks-title">{t('referral.clocks')}</h2>
        <p>
          <DueMarks referral={referral} />
        </p>
        <dl className="facts">
          {referral.acknowledgeDueAt && (
            <>
              <dt>{t('referral.acknowledgeDue')}</dt>
              <dd>{formatTime(referral.acknowledgeDueAt)}</dd>
            </>
          )}
          {referral.acknowledgedAt && (
            <>
              <dt>{t('referral.acknowledgedAt')}</dt>
              <dd>{formatTime(referral.acknowledgedAt)}</dd>
            </>
          )}
          {referral.decisionDueAt && (
            <>
              <dt>{t('referral.decisionDue')}</dt>
              <dd>{formatTime(referral.decisionDueAt)}</dd>
            </>
          )}
          {referral.decidedAt && (
            <>
              <dt>{t('referral.decidedAt')}</dt>
              <dd>{formatTime(referral.decidedAt)}</dd>
            </>
          )}
        </dl>
      </section>

      <ReferralActions referral={referral} side={side} reload={reload} />

      <PersonSection referral={referral} side={side} />

      <Timeline referral={referral} reload={reload} />
    </article>
  );
}

function PersonSection({ referral, side }: { referral: ReferralDetail; side: 'SENDER' | 'RECIPIENT' }) {
  const { t } = useTranslation(NS);
  const person = referral.person;
  const fields = person as unknown as Record<string, string | null | undefined>;
  return (
    <section aria-labelledby="person-title">
      <h2 id="person-title">{t('referral.person')}</h2>
      {side === 'SENDER' && (
        <p>
          <Link to={`/persons/${person.id}`}>{t('person.open')}</Link>
        </p>
      )}
      <div className="table-wrap">
        <table className="person-table">
          <caption>{t('referral.personCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('referral.col.category')}</th>
              <th scope="col">{t('referral.col.value')}</th>
            </tr>
          </thead>
          <tbody>
            {DATA_CATEGORIES.map((category) => {
              const masked = person.redacted.includes(category);
              return (
                <tr key={category}>
                  <th scope="row">{t(`category.${category}`)}</th>
                  <td>
                    {masked ? (
                      <span className="masked">
                        <strong>{t('referral.masked')}</strong>
                        {t('punct.colon')}
                        {t(`referral.maskedReason.${maskReason(referral, category)}`)}
                      </span>
                    ) : category === 'SUPPORT_NETWORK' ? (
                      <span>{t('referral.supportNetwork')}</span>
                    ) : (
                      <dl className="facts compact">
                        {CATEGORY_FIELDS[category].map((field) => (
                          <div key={field} className="fact">
                            <dt>{t(`field.${field}`)}</dt>
                            <dd className="pre-line">{fields[field] || t('referral.empty')}</dd>
                          </div>
                        ))}
                      </dl>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

type TimelineItem =
  | { kind: 'event'; at: string; event: ReferralDetail['events'][number] }
  | { kind: 'message'; at: string; message: ReferralDetail['messages'][number] };

function Timeline({ referral, reload }: { referral: ReferralDetail; reload: () => void }) {
  const { t } = useTranslation(NS);
  const formatTime = useFormatTime();
  const check = useErrorCheck();
  const [body, setBody] = useState('');
  const [sent, setSent] = useState(false);
  const [{ fetching }, post] = useMutation(PostMessageMutation);
  const [postError, setPostError] = useState<CombinedError | undefined>(undefined);

  const items: TimelineItem[] = [
    ...referral.events.map((event) => ({ kind: 'event' as const, at: event.at, event })),
    ...referral.messages.map((message) => ({ kind: 'message' as const, at: message.at, message })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSent(false);
    if (!body.trim()) return;
    const result = await post({ referralId: referral.id, body });
    setPostError(result.error);
    if (result.error) {
      check(result.error);
      return;
    }
    setBody('');
    setSent(true);
    reload();
  }

  const missingReason = (postError?.graphQLErrors[0]?.extensions?.missing as { reason?: string } | undefined)?.reason;

  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('timeline.title')}</h2>
      {items.length === 0 ? (
        <p>{t('timeline.empty')}</p>
      ) : (
        <ol className="timeline">
          {items.map((item) =>
            item.kind === 'event' ? (
              <li key={`event-${item.event.id}`} className="timeline-event">
                <time dateTime={item.at}>{formatTime(item.at)}</time>{' '}
                <strong>{t(`event.${item.event.type}`, { defaultValue: item.event.type })}</strong>
                {item.event.fromStatus && item.event.toStatus && (
                  <>
                    {t('punct.open')}
                    {t('timeline.change', {
                      from: t(`status.${item.event.fromStatus}`),
                      to: t(`status.${item.event.toStatus}`),
                    })}
                    {t('punct.close')}
                  </>
                )}{' '}
                — {item.event.actorAgency?.name ?? t('timeline.hub')}
                {item.event.redacted.includes('note') ? (
                  <p className="masked">{t('timeline.noteMasked')}</p>
                ) : (
                  item.event.note && <p className="pre-line">{item.event.note}</p>
                )}
              </li>
            ) : (
              <li key={`message-${item.message.id}`} className="timeline-message">
                <time dateTime={item.at}>{formatTime(item.at)}</time> <strong>{t('timeline.message')}</strong> —{' '}
                {item.message.fromAgency.name}
                {item.message.redacted.includes('body') ? (
                  <p className="masked">{t('timeline.bodyMasked')}</p>
                ) : (
                  <p className="pre-line">{item.message.body}</p>
                )}
              </li>
            ),
          )}
        </ol>
      )}
      {referral.status !== 'DRAFT' && (
        <form className="message-form no-print" onSubmit={(event) => void submit(event)}>
          <label htmlFor="message-body">{t('message.label')}</label>
          <p id="message-help" className="help">
            {t('message.help')}
          </p>
          <textarea
            id="message-body"
            rows={3}
            required
            aria-describedby="message-help"
            value={body}
            onChange={(event) => setBody(event.target.value)}
          />
          <div>
            <button type="submit" disabled={fetching || !body.trim()}>
              {t('message.send')}
            </button>
          </div>
          {sent && <p role="status">{t('message.sent')}</p>}
          <OperationError error={postError}>
            {missingReason ? (
              <p>
                {t(`consent.reason.${missingReason}`, {
                  defaultValue: t('consent.reason.OTHER', { reason: missingReason }),
                })}
              </p>
            ) : undefined}
          </OperationError>
        </form>
      )}
    </section>
  );
}
