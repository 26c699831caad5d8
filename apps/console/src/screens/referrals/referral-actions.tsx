import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { OperationError, errorExtensions, useErrorCheck } from '../../components/operation-error';
import { graphql } from '../../gql';
import type { DeclineReason } from '../../gql/graphql';
import { ConsentGate, type ConsentMissing } from './consent-gate';
import type { ReferralDetail } from './referral';
import { NS } from './shared';

const SendMutation = graphql(`
  mutation ReferralsSendReferral($id: ID!, $expectedVersion: Int) {
    sendReferral(id: $id, expectedVersion: $expectedVersion) {
      id
      status
      version
    }
  }
`);
const AcknowledgeMutation = graphql(`
  mutation ReferralsAcknowledgeReferral($id: ID!, $expectedVersion: Int) {
    acknowledgeReferral(id: $id, expectedVersion: $expectedVersion) {
      id
      status
      version
    }
  }
`);
const AcceptMutation = graphql(`
  mutation ReferralsAcceptReferral($id: ID!, $note: String, $expectedVersion: Int) {
    acceptReferral(id: $id, note: $note, expectedVersion: $expectedVersion) {
      id
      status
      version
    }
  }
`);
const DeclineMutation = graphql(`
  mutation ReferralsDeclineReferral($id: ID!, $reason: DeclineReason!, $note: String, $expectedVersion: Int) {
    declineReferral(id: $id, reason: $reason, note: $note, expectedVersion: $expectedVersion) {
      id
      status
      version
    }
  }
`);
const StartMutation = graphql(`
  mutation ReferralsStartReferral($id: ID!, $note: String, $expectedVersion: Int) {
    startReferral(id: $id, note: $note, expectedVersion: $expectedVersion) {
      id
      status
      version
    }
  }
`);
const HoldMutation = graphql(`
  mutation ReferralsHoldReferral($id: ID!, $note: String!, $expectedVersion: Int) {
    holdReferral(id: $id, note: $note, expectedVersion: $expectedVersion) {
      id
      status
      version
    }
  }
`);
const CompleteMutation = graphql(`
  mutation ReferralsCompleteReferral($id: ID!, $outcome: String!, $expectedVersion: Int) {
    completeReferral(id: $id, outcome: $outcome, expectedVersion: $expectedVersion) {
      id
      status
      version
    }
  }
`);
const FailMutation = graphql(`
  mutation ReferralsFailReferral($id: ID!, $reason: String!, $expectedVersion: Int) {
    failReferral(id: $id, reason: $reason, expectedVersion: $expectedVersion) {
      id
      status
      version
    }
  }
`);
const CancelMutation = graphql(`
  mutation ReferralsCancelReferral($id: ID!, $reason: String!, $expectedVersion: Int) {
    cancelReferral(id: $id, reason: $reason, expectedVersion: $expectedVersion) {
      id
      status
      version
    }
  }
`);
const ForwardMutation = graphql(`
  mutation ReferralsForwardReferral($id: ID!, $toAgencyId: ID!, $note: String) {
    forwardReferral(id: $id, toAgencyId: $toAgencyId, note: $note) {
      id
      status
    }
  }
`);
const ForwardAgenciesQuery = graphql(`
  query ReferralsForwardAgencies($filter: AgencyFilter) {
    agencies(filter: $filter, first: 100) {
      edges {
        node {
          id
          name
          sector
        }
      }
    }
  }
`);

export const DECLINE_REASONS: DeclineReason[] = [
  'NO_CAPACITY',
  'OUT_OF_AREA',
  'NOT_ELIGIBLE',
  'SERVICE_NOT_AVAILABLE',
  'DUPLICATE',
  'PERSON_DECLINED',
  'OTHER',
];

type ActionKey =
  | 'send'
  | 'acknowledge'
  | 'accept'
  | 'decline'
  | 'start'
  | 'resume'
  | 'hold'
  | 'complete'
  | 'fail'
  | 'cancel'
  | 'forward';

/** What an action asks for before it runs: nothing, an optional note, a required text, a reason code, an agency. */
type Input = 'none' | 'note' | 'noteRequired' | 'outcome' | 'reason' | 'decline' | 'forward';

const INPUT: Record<ActionKey, Input> = {
  send: 'none',
  acknowledge: 'none',
  accept: 'note',
  decline: 'decline',
  start: 'note',
  resume: 'note',
  hold: 'noteRequired',
  complete: 'outcome',
  fail: 'reason',
  cancel: 'reason',
  forward: 'forward',
};

const DANGER: ReadonlySet<ActionKey> = new Set(['decline', 'fail', 'cancel']);

/**
 * The moves this agency may make now, from the status and its side (the state machine of docs/api.md: the sender
 * sends, cancels and forwards a rejected referral; the recipient does the rest).
 */
export function allowedActions(status: ReferralDetail['status'], side: 'SENDER' | 'RECIPIENT'): ActionKey[] {
  if (side === 'SENDER') {
    switch (status) {
      case 'DRAFT':
        return ['send', 'cancel'];
      case 'REQUESTED':
      case 'RECEIVED':
      case 'ACCEPTED':
      case 'IN_PROGRESS':
      case 'ON_HOLD':
        return ['cancel'];
      case 'REJECTED':
        return ['forward'];
      default:
        return [];
    }
  }
  switch (status) {
    case 'REQUESTED':
      return ['acknowledge', 'accept', 'decline'];
    case 'RECEIVED':
      return ['accept', 'decline'];
    case 'ACCEPTED':
      return ['start', 'fail'];
    case 'IN_PROGRESS':
      return ['complete', 'hold', 'fail'];
    case 'ON_HOLD':
      return ['resume', 'fail'];
    default:
      return [];
  }
}

export function ReferralActions({
  referral,
  side,
  reload,
}: {
  referral: ReferralDetail;
  side: 'SENDER' | 'RECIPIENT';
  reload: () => void;
}) {
  const { t } = useTranslation(NS);
  const navigate = useNavigate();
  const check = useErrorCheck();
  const formId = useId();
  const [open, setOpen] = useState<ActionKey | null>(null);
  const [text, setText] = useState('');
  const [declineReason, setDeclineReason] = useState<DeclineReason | ''>('');
  const [forwardTo, setForwardTo] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ error: CombinedError; message: string | null } | null>(null);
  const [missing, setMissing] = useState<ConsentMissing | null>(null);
  const [busy, setBusy] = useState(false);
  const [requiredMessage, setRequiredMessage] = useState<string | null>(null);

  const [, send] = useMutation(SendMutation);
  const [, acknowledge] = useMutation(AcknowledgeMutation);
  const [, accept] = useMutation(AcceptMutation);
  const [, decline] = useMutation(DeclineMutation);
  const [, start] = useMutation(StartMutation);
  const [, hold] = useMutation(HoldMutation);
  const [, complete] = useMutation(CompleteMutation);
  const [, fail] = useMutation(FailMutation);
  const [, cancel] = useMutation(CancelMutation);
  const [, forward] = useMutation(ForwardMutation);

  const actions = allowedActions(referral.status, side);
  const [{ data: agencies }] = useQuery({
    query: ForwardAgenciesQuery,
    variables: { filter: { accepting: true, needCategory: referral.needCategories[0] } },
    pause: !actions.includes('forward'),
  });

  async function run(action: ActionKey) {
    const expectedVersion = referral.version;
    const id = referral.id;
    const note = text.trim() || undefined;
    const input = INPUT[action];
    if (
      ((input === 'noteRequired' || input === 'outcome' || input === 'reason') && !note) ||
      (input === 'decline' && !declineReason) ||
      (input === 'forward' && !forwardTo)
    ) {
      setFailure(null);
      setDone(null);
      setRequiredMessage(t('actions.required'));
      return;
    }
    setBusy(true);
    setDone(null);
    setFailure(null);
    setRequiredMessage(null);
    let error: CombinedError | undefined;
    let forwardedId: string | undefined;
    switch (action) {
      case 'send':
        ({ error } = await send({ id, expectedVersion }));
        break;
      case 'acknowledge':
        ({ error } = await acknowledge({ id, expectedVersion }));
        break;
      case 'accept':
        ({ error } = await accept({ id, note, expectedVersion }));
        break;
      case 'decline':
        ({ error } = await decline({ id, reason: declineReason as DeclineReason, note, expectedVersion }));
        break;
      case 'start':
      case 'resume':
        ({ error } = await start({ id, note, expectedVersion }));
        break;
      case 'hold':
        ({ error } = await hold({ id, note: note!, expectedVersion }));
        break;
      case 'complete':
        ({ error } = await complete({ id, outcome: note!, expectedVersion }));
        break;
      case 'fail':
        ({ error } = await fail({ id, reason: note!, expectedVersion }));
        break;
      case 'cancel':
        ({ error } = await cancel({ id, reason: note!, expectedVersion }));
        break;
      case 'forward': {
        const result = await forward({ id, toAgencyId: forwardTo, note });
        error = result.error;
        forwardedId = result.data?.forwardReferral.id;
        break;
      }
    }
    setBusy(false);
    if (error) {
      const code = check(error);
      const extensions = errorExtensions(error);
      if (code === 'CONSENT_REQUIRED' && action === 'send') {
        setMissing((extensions.missing as ConsentMissing | undefined) ?? { reason: 'NO_CONSENT_FOR_RECIPIENT' });
        setFailure({ error, message: t('actions.consentRequired') });
      } else if (code === 'CONFLICT' && extensions.reason === 'RECIPIENT_NOT_ACCEPTING') {
        setFailure({ error, message: t('actions.notAccepting') });
      } else if (code === 'CONFLICT') {
        setFailure({ error, message: t('actions.conflict') });
        reload();
      } else if (code === 'INVALID_TRANSITION') {
        setFailure({ error, message: t('actions.invalid') });
        setOpen(null);
        reload();
      } else {
        setFailure({ error, message: null });
      }
      return;
    }
    setOpen(null);
    setText('');
    setDeclineReason('');
    setMissing(null);
    setDone(t('actions.done', { action: t(`actions.${action}`) }));
    if (forwardedId) {
      void navigate(`/referrals/${forwardedId}`);
      return;
    }
    reload();
  }

  function toggle(action: ActionKey) {
    setRequiredMessage(null);
    setFailure(null);
    if (INPUT[action] === 'none') {
      void run(action);
      return;
    }
    setOpen(open === action ? null : action);
    setText('');
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (open) void run(open);
  }

  const input = open ? INPUT[open] : 'none';
  const textLabel =
    input === 'outcome'
      ? t('actions.outcome')
      : input === 'reason'
        ? t('actions.reason')
        : input === 'noteRequired'
          ? t('actions.noteRequired')
          : t('actions.note');
  const forwardOptions = (agencies?.agencies.edges ?? [])
    .map((edge) => edge.node)
    .filter((agency) => agency.id !== referral.toAgency.id && agency.id !== referral.fromAgency.id);

  return (
    <section aria-labelledby="actions-title" className="panel actions no-print">
      <h2 id="actions-title">{t('actions.title')}</h2>
      {actions.length === 0 ? (
        <p>{t('actions.none')}</p>
      ) : (
        <div className="action-buttons">
          {actions.map((action) => (
            <button
              key={action}
              type="button"
              className={DANGER.has(action) ? 'secondary danger-outline' : undefined}
              aria-expanded={INPUT[action] === 'none' ? undefined : open === action}
              aria-controls={INPUT[action] === 'none' ? undefined : formId}
              disabled={busy}
              onClick={() => toggle(action)}
            >
              {t(`actions.${action}`)}
            </button>
          ))}
        </div>
      )}
      {open && input !== 'none' && (
        <form id={formId} className="action-form" onSubmit={submit} aria-label={t(`actions.${open}`)} noValidate>
          {input === 'decline' && (
            <>
              <label htmlFor={`${formId}-decline`}>{t('actions.declineReason')}</label>
              <select
                id={`${formId}-decline`}
                required
                value={declineReason}
                onChange={(event) => setDeclineReason(event.target.value as DeclineReason)}
              >
                <option value="">{t('actions.chooseReason')}</option>
                {DECLINE_REASONS.map((reason) => (
                  <option key={reason} value={reason}>
                    {t(`decline.${reason}`)}
                  </option>
                ))}
              </select>
            </>
          )}
          {input === 'forward' && (
            <>
              <label htmlFor={`${formId}-forward`}>{t('actions.forwardTo')}</label>
              <p id={`${formId}-forward-help`} className="help">
                {t('actions.forwardHelp')}
              </p>
              <select
                id={`${formId}-forward`}
                required
                aria-describedby={`${formId}-forward-help`}
                value={forwardTo}
                onChange={(event) => setForwardTo(event.target.value)}
              >
                <option value="">{t('actions.chooseReason')}</option>
                {forwardOptions.map((agency) => (
                  <option key={agency.id} value={agency.id}>
                    {agency.name}
                    {t('punct.open')}
                    {t(`sector.${agency.sector}`)}
                    {t('punct.close')}
                  </option>
                ))}
              </select>
            </>
          )}
          <label htmlFor={`${formId}-text`}>{textLabel}</label>
          <textarea
            id={`${formId}-text`}
            rows={3}
            required={input === 'noteRequired' || input === 'outcome' || input === 'reason'}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
          <div className="action-buttons">
            <button type="submit" className={DANGER.has(open) ? 'danger' : undefined} disabled={busy}>
              {t('actions.confirm')}
              {t('punct.colon')}
              {t(`actions.${open}`)}
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(null)}>
              {t('actions.close')}
            </button>
          </div>
        </form>
      )}
      {requiredMessage && (
        <p role="alert" className="error">
          {requiredMessage}
        </p>
      )}
      {done && <p role="status">{done}</p>}
      {failure && (
        <OperationError error={failure.error}>{failure.message ? <p>{failure.message}</p> : undefined}</OperationError>
      )}
      {missing && side === 'SENDER' && referral.status === 'DRAFT' && (
        <ConsentGate
          personId={referral.person.id}
          missing={missing}
          recipient={referral.toAgency}
          sharedCategories={referral.sharedCategories}
          onRecorded={() => setFailure(null)}
          retry={
            <button type="button" onClick={() => void run('send')} disabled={busy}>
              {t('new.resend')}
            </button>
          }
        />
      )}
    </section>
  );
}
