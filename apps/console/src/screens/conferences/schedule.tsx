import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { DataCategory, LegalBasis, ParticipantKind } from '../../gql/graphql';
import { AgencyName } from '../agency-name';
import { ErrorAlert, errorExtensions } from '../person/ui';
import './messages';

const ScheduleOptionsQuery = graphql(`
  query ConsoleScheduleOptions {
    agencies(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
    supportMeetings {
      id
      kind
      name
    }
  }
`);

const ScheduleConferenceMutation = graphql(`
  mutation ConsoleScheduleConference($input: ScheduleCaseConferenceInput!) {
    scheduleCaseConference(input: $input) {
      id
      status
    }
  }
`);

const CATEGORIES: DataCategory[] = [
  'IDENTITY',
  'CONTACT',
  'HOUSEHOLD',
  'INCOME_DEBT',
  'EMPLOYMENT',
  'EDUCATION',
  'HEALTH_DISABILITY',
  'JUSTICE',
  'CASE_NOTES',
  'SUPPORT_NETWORK',
];
const KINDS: ParticipantKind[] = [
  'PERSON_THEMSELF',
  'FAMILY',
  'MINSEI_IIN',
  'NEIGHBOUR',
  'COMMUNITY_ORGANISATION',
  'BUSINESS',
  'OTHER',
];
const BASES: LegalBasis[] = ['CONSENT', 'SUPPORT_MEETING', 'CHILD_PROTECTION_COUNCIL'];

interface AgencyRow {
  agencyId: string;
  roleLabel: string;
}
interface ParticipantRow {
  kind: ParticipantKind;
  roleLabel: string;
  name: string;
}

/** Schedules a case conference with the calling agency as lead: when, where, who, what is shared and on what basis. */
export function ScheduleConferenceScreen() {
  const { t } = useTranslation('conferences');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [options] = useQuery({ query: ScheduleOptionsQuery });
  const [state, schedule] = useMutation(ScheduleConferenceMutation);
  const [personId, setPersonId] = useState(params.get('personId') ?? '');
  const [title, setTitle] = useState(t('schedule.defaultTitle'));
  const [scheduledAt, setScheduledAt] = useState('');
  const [place, setPlace] = useState('');
  const [online, setOnline] = useState(false);
  const [legalBasis, setLegalBasis] = useState<LegalBasis>('CONSENT');
  const [legalBasisRef, setLegalBasisRef] = useState('');
  const [categories, setCategories] = useState<DataCategory[]>(['IDENTITY', 'HOUSEHOLD']);
  const [agencies, setAgencies] = useState<AgencyRow[]>([]);
  const [participants, setParticipants] = useState<ParticipantRow[]>([
    { kind: 'PERSON_THEMSELF', roleLabel: t('participantKind.PERSON_THEMSELF'), name: '' },
  ]);
  const [problems, setProblems] = useState<string[]>([]);

  const meetings = options.data?.supportMeetings.filter((meeting) => meeting.kind === legalBasis) ?? [];
  const agencyOptions = options.data?.agencies.edges.map((edge) => edge.node) ?? [];

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: string[] = [];
    if (!personId.trim()) found.push(t('schedule.person'));
    if (!title.trim()) found.push(t('schedule.title'));
    if (!scheduledAt) found.push(t('schedule.when'));
    if (categories.length === 0) found.push(t('schedule.categories'));
    if (legalBasis !== 'CONSENT' && !legalBasisRef) found.push(t('schedule.meeting'));
    setProblems(found);
    if (found.length > 0) return;
    const answer = await schedule({
      input: {
        personId: personId.trim(),
        title: title.trim(),
        scheduledAt: new Date(scheduledAt).toISOString(),
        place: place.trim() || null,
        online,
        legalBasis,
        legalBasisRef: legalBasis === 'CONSENT' ? null : legalBasisRef,
        dataCategories: categories,
        agencies: agencies.filter((row) => row.agencyId && row.roleLabel.trim()),
        participants: participants
          .filter((row) => row.name.trim() && row.roleLabel.trim())
          .map((row) => ({ kind: row.kind, roleLabel: row.roleLabel.trim(), name: row.name.trim() })),
      },
    });
    if (answer.data) void navigate(`/conferences/${answer.data.scheduleCaseConference.id}`);
  }

  const extensions = errorExtensions(state.error);
  const missing = extensions.missing as
    { recipientAgencyId?: string; categories?: string[]; reason?: string } | undefined;

  return (
    <div>
      <p className="no-print">
        <Link to="/conferences">{t('detail.back')}</Link>
      </p>
      <h1>{t('schedule.heading')}</h1>
      <p className="help">{t('schedule.help')}</p>
      <form onSubmit={(event) => void submit(event)} noValidate className="panel">
        <fieldset className="console-fieldset console-grid">
          <legend>{t('schedule.basics')}</legend>
          <div>
            <label htmlFor="schedule-person">
              {t('schedule.person')} {t('person:ui.required')}
            </label>
            <input
              id="schedule-person"
              className="console-wide"
              required
              value={personId}
              onChange={(event) => setPersonId(event.target.value)}
            />
          </div>
          <div>
            <label htmlFor="schedule-title">
              {t('schedule.title')} {t('person:ui.required')}
            </label>
            <input
              id="schedule-title"
              className="console-wide"
              required
              aria-describedby="schedule-title-help"
              value={title}
              onChange={(event) => setTitle(event.target.value)}
            />
            <p id="schedule-title-help" className="help">
              {t('schedule.noPersonalData')}
            </p>
          </div>
          <div>
            <label htmlFor="schedule-when">
              {t('schedule.when')} {t('person:ui.required')}
            </label>
            <input
              id="schedule-when"
              type="datetime-local"
              className="console-wide"
              required
              value={scheduledAt}
              onChange={(event) => setScheduledAt(event.target.value)}
            />
          </div>
          <div>
            <label htmlFor="schedule-place">{t('schedule.place')}</label>
            <input
              id="schedule-place"
              className="console-wide"
              aria-describedby="schedule-title-help"
              value={place}
              onChange={(event) => setPlace(event.target.value)}
            />
            <label className="console-check">
              <input type="checkbox" checked={online} onChange={(event) => setOnline(event.target.checked)} />{' '}
              {t('schedule.online')}
            </label>
          </div>
        </fieldset>

        <fieldset className="console-fieldset">
          <legend>{t('schedule.sharing')}</legend>
          <label htmlFor="schedule-basis">{t('detail.basis')}</label>
          <select
            id="schedule-basis"
            value={legalBasis}
            onChange={(event) => {
              setLegalBasis(event.target.value as LegalBasis);
              setLegalBasisRef('');
            }}
          >
            {BASES.map((basis) => (
              <option key={basis} value={basis}>
                {t(`basis.${basis}`)}
              </option>
            ))}
          </select>
          {legalBasis !== 'CONSENT' && (
            <>
              <label htmlFor="schedule-meeting">{t('schedule.meeting')}</label>
              <select
                id="schedule-meeting"
                value={legalBasisRef}
                onChange={(event) => setLegalBasisRef(event.target.value)}
              >
                <option value="">{t('schedule.choose')}</option>
                {meetings.map((meeting) => (
                  <option key={meeting.id} value={meeting.id}>
                    {meeting.name}
                  </option>
                ))}
              </select>
            </>
          )}
          <fieldset className="console-fieldset">
            <legend>{t('schedule.categories')}</legend>
            <div className="console-checks">
              {CATEGORIES.map((category) => (
                <label key={category} className="console-check">
                  <input
                    type="checkbox"
                    checked={categories.includes(category)}
                    onChange={(event) =>
                      setCategories(
                        event.target.checked ? [...categories, category] : categories.filter((c) => c !== category),
                      )
                    }
                  />{' '}
                  {t(`person:category.${category}`)}
                </label>
              ))}
            </div>
          </fieldset>
        </fieldset>

        <fieldset className="console-fieldset">
          <legend>{t('schedule.agencies')}</legend>
          <p className="help">{t('schedule.agenciesHelp')}</p>
          {agencies.map((row, index) => (
            <div key={index} className="console-row">
              <div>
                <label htmlFor={`schedule-agency-${index}`}>{t('schedule.agencyN', { n: index + 1 })}</label>
                <select
                  id={`schedule-agency-${index}`}
                  value={row.agencyId}
                  onChange={(event) =>
                    setAgencies(agencies.map((r, i) => (i === index ? { ...r, agencyId: event.target.value } : r)))
                  }
                >
                  <option value="">{t('schedule.choose')}</option>
                  {agencyOptions.map((agency) => (
                    <option key={agency.id} value={agency.id}>
                      {agency.name}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label htmlFor={`schedule-agency-role-${index}`}>{t('schedule.roleN', { n: index + 1 })}</label>
                <input
                  id={`schedule-agency-role-${index}`}
                  value={row.roleLabel}
                  onChange={(event) =>
                    setAgencies(agencies.map((r, i) => (i === index ? { ...r, roleLabel: event.target.value } : r)))
                  }
                />
              </div>
              <button
                type="button"
                className="secondary"
                onClick={() => setAgencies(agencies.filter((_, i) => i !== index))}
              >
                {t('schedule.removeAgencyN', { n: index + 1 })}
              </button>
            </div>
          ))}
          <button
            type="button"
            className="secondary"
            onClick={() => setAgencies([...agencies, { agencyId: '', roleLabel: '' }])}
          >
            {t('schedule.addAgency')}
          </button>
        </fieldset>

        <fieldset className="console-fieldset">
          <legend>{t('schedule.participants')}</legend>
          <p className="help">{t('schedule.participantsHelp')}</p>
          {participants.map((row, index) => (
            <div key={index} className="console-row">
              <div>
                <label htmlFor={`schedule-kind-${index}`}>{t('schedule.kindN', { n: index + 1 })}</label>
                <select
                  id={`schedule-kind-${index}`}
                  value={row.kind}
                  onChange={(event) =>
                    setParticipants(
                      participants.map((r, i) =>
                        i === index ? { ...r, kind: event.target.value as ParticipantKind } : r,
                      ),
                    )
                  }
                >
                  {KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {t(`participantKind.${kind}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label htmlFor={`schedule-role-${index}`}>{t('schedule.participantRoleN', { n: index + 1 })}</label>
                <input
                  id={`schedule-role-${index}`}
                  value={row.roleLabel}
                  onChange={(event) =>
                    setParticipants(
                      participants.map((r, i) => (i === index ? { ...r, roleLabel: event.target.value } : r)),
                    )
                  }
                />
              </div>
              <div>
                <label htmlFor={`schedule-name-${index}`}>{t('schedule.nameN', { n: index + 1 })}</label>
                <input
                  id={`schedule-name-${index}`}
                  value={row.name}
                  onChange={(event) =>
                    setParticipants(participants.map((r, i) => (i === index ? { ...r, name: event.target.value } : r)))
                  }
                />
              </div>
              <button
                type="button"
                className="secondary"
                onClick={() => setParticipants(participants.filter((_, i) => i !== index))}
              >
                {t('schedule.removeParticipantN', { n: index + 1 })}
              </button>
            </div>
          ))}
          <button
            type="button"
            className="secondary"
            onClick={() => setParticipants([...participants, { kind: 'MINSEI_IIN', roleLabel: '', name: '' }])}
          >
            {t('schedule.addParticipant')}
          </button>
        </fieldset>

        {problems.length > 0 && (
          <div role="alert" className="error">
            <p>{t('schedule.problems')}</p>
            <ul>
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </div>
        )}
        <ErrorAlert error={state.error} />
        {missing && (
          <div className="panel console-warn">
            <p>
              {missing.recipientAgencyId && (
                <>
                  <strong>
                    <AgencyName id={missing.recipientAgencyId} />
                  </strong>
                  {t('person:ui.colon')}
                </>
              )}
              {t(`missing.${missing.reason ?? 'OTHER'}`, { defaultValue: t('missing.OTHER') })}
            </p>
            {missing.categories && missing.categories.length > 0 && (
              <p>
                {t('missing.categories', {
                  categories: missing.categories.map((c) => t(`person:category.${c}`)).join(t('person:ui.sep')),
                })}
              </p>
            )}
            <p className="help">{t('schedule.consentMissing')}</p>
          </div>
        )}
        <button type="submit" disabled={state.fetching}>
          {t('schedule.submit')}
        </button>
      </form>
    </div>
  );
}
