import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import {
  OperationError,
  errorExtensions,
  useErrorCheck,
  useExpireOnUnauthenticated,
} from '../../components/operation-error';
import { graphql } from '../../gql';
import type { DataCategory, RegisterPersonInput, Sector, Urgency } from '../../gql/graphql';
import { errorCode } from '../../graphql/client';
import { ConsentGate, type ConsentMissing } from './consent-gate';
import { DATA_CATEGORIES, NS, URGENCIES, personName, useNeedCategories } from './shared';

const KnownPersonsQuery = graphql(`
  query ReferralsKnownPersons {
    referrals(filter: { box: OUTBOX }, first: 100) {
      edges {
        node {
          id
          person {
            id
            familyName
            givenName
            municipalityCode
          }
        }
      }
    }
  }
`);

const ChosenPersonQuery = graphql(`
  query ReferralsChosenPerson($id: ID!) {
    person(id: $id) {
      id
      familyName
      givenName
      familyNameKana
      givenNameKana
      municipalityCode
      redacted
    }
  }
`);

const RegisterPersonMutation = graphql(`
  mutation ReferralsRegisterPerson($input: RegisterPersonInput!) {
    registerPerson(input: $input) {
      id
      familyName
      givenName
      municipalityCode
    }
  }
`);

const SuggestAgenciesQuery = graphql(`
  query ReferralsSuggestAgencies($input: SuggestAgenciesInput!) {
    suggestAgencies(input: $input) {
      score
      reasons
      matchedNeeds
      areaLevel
      openBacklog
      medianAcknowledgeHours
      agency {
        id
        name
        kind
        sector
      }
      pathway {
        fromSector
        toSector
        purposeJa
        purposeEn
      }
      communityResources {
        id
        name
        contact
      }
    }
  }
`);

const CreateReferralMutation = graphql(`
  mutation ReferralsCreateReferral($input: CreateReferralInput!) {
    createReferral(input: $input) {
      id
      status
      version
      toAgency {
        id
        name
        sector
      }
    }
  }
`);

const SendDraftMutation = graphql(`
  mutation ReferralsSendDraft($id: ID!) {
    sendReferral(id: $id) {
      id
      status
    }
  }
`);

const DEFAULT_SHARED: DataCategory[] = ['IDENTITY', 'CONTACT'];

/** A new referral: the person, needs and urgency, a suggested recipient, the consent gate, then create and send. */
export function NewReferralScreen() {
  const { t } = useTranslation(NS);
  const [params, setParams] = useSearchParams();
  const personId = params.get('personId') ?? '';

  function choosePerson(id: string) {
    const next = new URLSearchParams(params);
    if (id) next.set('personId', id);
    else next.delete('personId');
    setParams(next, { replace: true });
  }

  return (
    <section aria-labelledby="new-title" className="new-referral">
      <h1 id="new-title">{t('new.title')}</h1>
      <p>{t('new.intro')}</p>
      <PersonStep personId={personId} onChoose={choosePerson} />
      {personId && <ReferralForm key={personId} personId={personId} />}
    </section>
  );
}

function PersonStep({ personId, onChoose }: { personId: string; onChoose: (id: string) => void }) {
  const { t } = useTranslation(NS);
  const [{ data: chosen, error: chosenError }] = useQuery({
    query: ChosenPersonQuery,
    variables: { id: personId },
    pause: !personId,
  });
  useExpireOnUnauthenticated(chosenError);

  if (personId) {
    const person = chosen?.person;
    const notFound = errorCode(chosenError) === 'NOT_FOUND' || (chosen && !person);
    return (
      <section aria-labelledby="step-person" className="step">
        <h2 id="step-person">{t('new.step.person')}</h2>
        {notFound ? (
          <p role="alert" className="error">
            {t('new.person.notFound')}
          </p>
        ) : (
          <p>
            {t('new.person.selected', { name: (person && personName(person)) ?? personId })}{' '}
            <Link to={`/persons/${personId}`}>{t('person.open')}</Link>
          </p>
        )}
        {!notFound && <OperationError error={chosenError} />}
        <button type="button" className="secondary" onClick={() => onChoose('')}>
          {t('new.person.change')}
        </button>
      </section>
    );
  }
  return (
    <section aria-labelledby="step-person" className="step">
      <h2 id="step-person">{t('new.step.person')}</h2>
      <KnownPersons onChoose={onChoose} />
      <PersonById onChoose={onChoose} />
      <RegisterPerson onChoose={onChoose} />
    </section>
  );
}

function KnownPersons({ onChoose }: { onChoose: (id: string) => void }) {
  const { t } = useTranslation(NS);
  const [{ data, error }] = useQuery({ query: KnownPersonsQuery });
  useExpireOnUnauthenticated(error);
  const persons = useMemo(() => {
    const byId = new Map<string, { id: string; name: string }>();
    for (const edge of data?.referrals.edges ?? []) {
      const person = edge.node.person;
      if (!byId.has(person.id)) byId.set(person.id, { id: person.id, name: personName(person) ?? person.id });
    }
    return [...byId.values()];
  }, [data]);
  return (
    <section aria-labelledby="known-persons">
      <h3 id="known-persons">{t('new.person.known')}</h3>
      <OperationError error={error} />
      {data && persons.length === 0 && <p>{t('new.person.none')}</p>}
      {persons.length > 0 && (
        <ul className="person-choices">
          {persons.map((person) => (
            <li key={person.id}>
              <button type="button" className="secondary" onClick={() => onChoose(person.id)}>
                {person.name}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function PersonById({ onChoose }: { onChoose: (id: string) => void }) {
  const { t } = useTranslation(NS);
  const [value, setValue] = useState('');
  return (
    <section aria-labelledby="person-by-id">
      <h3 id="person-by-id">{t('new.person.byId')}</h3>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          const id = value.trim().split('/').pop() ?? '';
          if (id) onChoose(id);
        }}
      >
        <label htmlFor="person-id">{t('new.person.byId')}</label>
        <p id="person-id-help" className="help">
          {t('new.person.byIdHelp')}
        </p>
        <input
          id="person-id"
          type="text"
          aria-describedby="person-id-help"
          value={value}
          onChange={(event) => setValue(event.target.value)}
        />
        <button type="submit" className="secondary" disabled={!value.trim()}>
          {t('new.person.useId')}
        </button>
      </form>
    </section>
  );
}

const PERSON_FIELDS: { name: keyof RegisterPersonInput; type?: string; multiline?: boolean; required?: boolean }[] = [
  { name: 'familyName', required: true },
  { name: 'givenName', required: true },
  { name: 'familyNameKana' },
  { name: 'givenNameKana' },
  { name: 'birthDate', type: 'date' },
  { name: 'municipalityCode' },
  { name: 'address' },
  { name: 'phone', type: 'tel' },
  { name: 'householdNotes', multiline: true },
  { name: 'incomeDebt', multiline: true },
  { name: 'caseNotes', multiline: true },
];

function RegisterPerson({ onChoose }: { onChoose: (id: string) => void }) {
  const { t } = useTranslation(NS);
  const check = useErrorCheck();
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<CombinedError | undefined>(undefined);
  const [{ fetching }, register] = useMutation(RegisterPersonMutation);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input: Record<string, string> = {};
    for (const [name, value] of Object.entries(values)) if (value.trim()) input[name] = value.trim();
    const result = await register({ input: input as unknown as RegisterPersonInput });
    setError(result.error);
    if (result.error) {
      check(result.error);
      return;
    }
    if (result.data) onChoose(result.data.registerPerson.id);
  }

  return (
    <section aria-labelledby="register-person">
      <h3 id="register-person">{t('new.person.register')}</h3>
      <form onSubmit={(event) => void submit(event)} className="register-person">
        <div className="form-grid">
          {PERSON_FIELDS.map((field) => (
            <div key={field.name}>
              <label htmlFor={`person-${field.name}`}>{t(`new.person.${field.name}`)}</label>
              {field.name === 'municipalityCode' && (
                <p id="person-municipality-help" className="help">
                  {t('new.person.municipalityHelp')}
                </p>
              )}
              {field.multiline ? (
                <textarea
                  id={`person-${field.name}`}
                  rows={2}
                  value={values[field.name] ?? ''}
                  onChange={(event) => setValues({ ...values, [field.name]: event.target.value })}
                />
              ) : (
                <input
                  id={`person-${field.name}`}
                  type={field.type ?? 'text'}
                  required={field.required}
                  inputMode={field.name === 'municipalityCode' ? 'numeric' : undefined}
                  aria-describedby={field.name === 'municipalityCode' ? 'person-municipality-help' : undefined}
                  value={values[field.name] ?? ''}
                  onChange={(event) => setValues({ ...values, [field.name]: event.target.value })}
                />
              )}
            </div>
          ))}
        </div>
        <button type="submit" disabled={fetching || !values.familyName?.trim() || !values.givenName?.trim()}>
          {t('new.person.registerSubmit')}
        </button>
        <OperationError error={error} />
      </form>
    </section>
  );
}

function ReferralForm({ personId }: { personId: string }) {
  const { t, i18n } = useTranslation(NS);
  const navigate = useNavigate();
  const check = useErrorCheck();
  const formId = useId();
  const { categories: needCatalogue, label: needLabel } = useNeedCategories();
  const [{ data: personData }] = useQuery({ query: ChosenPersonQuery, variables: { id: personId } });
  const [needs, setNeeds] = useState<string[]>([]);
  const [urgency, setUrgency] = useState<Urgency>('NORMAL');
  const [municipalityCode, setMunicipalityCode] = useState('');
  const [summary, setSummary] = useState('');
  const [shared, setShared] = useState<DataCategory[]>(DEFAULT_SHARED);
  const [suggestInput, setSuggestInput] = useState<{
    needCategories: string[];
    municipalityCode: string;
    urgency: Urgency;
  } | null>(null);
  const [agencyId, setAgencyId] = useState('');
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [draft, setDraft] = useState<{ id: string; toAgency: { id: string; name: string; sector: Sector } } | null>(
    null,
  );
  const [failure, setFailure] = useState<CombinedError | undefined>(undefined);
  const [missing, setMissing] = useState<ConsentMissing | null>(null);
  const [busy, setBusy] = useState(false);
  const [, createReferral] = useMutation(CreateReferralMutation);
  const [, sendDraft] = useMutation(SendDraftMutation);

  const person = personData?.person;
  useEffect(() => {
    if (person?.municipalityCode) setMunicipalityCode((current) => current || person.municipalityCode || '');
  }, [person?.municipalityCode]);

  const [{ data: suggestions, fetching: suggesting, error: suggestError }] = useQuery({
    query: SuggestAgenciesQuery,
    variables: { input: suggestInput ?? { needCategories: [], municipalityCode: '' } },
    pause: !suggestInput,
  });
  useExpireOnUnauthenticated(suggestError);
  const chosen = suggestions?.suggestAgencies.find((suggestion) => suggestion.agency.id === agencyId);

  function toggle<T>(list: T[], value: T, on: boolean): T[] {
    return on ? [...list, value] : list.filter((one) => one !== value);
  }

  const canSuggest = needs.length > 0 && /^\d{6}$/.test(municipalityCode);
  const missingItems = [
    needs.length === 0 && t('new.missing.needs'),
    !summary.trim() && t('new.missing.summary'),
    shared.length === 0 && t('new.missing.shared'),
    !agencyId && t('new.missing.agency'),
  ].filter(Boolean) as string[];

  async function send(id: string) {
    const result = await sendDraft({ id });
    if (result.error) {
      handleError(result.error);
      return;
    }
    void navigate(`/referrals/${id}`, { state: { flash: t('new.sent') } });
  }

  function handleError(error: CombinedError) {
    const code = check(error);
    setFailure(error);
    if (code === 'CONSENT_REQUIRED') {
      setMissing(
        (errorExtensions(error).missing as ConsentMissing | undefined) ?? { reason: 'NO_CONSENT_FOR_RECIPIENT' },
      );
    }
  }

  async function submit() {
    if (!draft && missingItems.length > 0) return;
    setBusy(true);
    setFailure(undefined);
    setMissing(null);
    try {
      if (draft) {
        await send(draft.id);
        return;
      }
      const result = await createReferral({
        input: {
          personId,
          toAgencyId: agencyId,
          needCategories: needs,
          urgency,
          summary: summary.trim(),
          sharedCategories: shared,
          municipalityCode: municipalityCode || undefined,
          idempotencyKey,
          send: false,
        },
      });
      if (result.error || !result.data) {
        if (result.error) handleError(result.error);
        return;
      }
      const created = result.data.createReferral;
      setDraft({ id: created.id, toAgency: created.toAgency });
      await send(created.id);
    } finally {
      setBusy(false);
    }
  }

  const recipient = draft?.toAgency ?? (chosen ? chosen.agency : null);

  return (
    <>
      <form
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          void submit();
        }}
        aria-labelledby="new-title"
        noValidate
      >
        <fieldset disabled={Boolean(draft)} className="plain">
          <section aria-labelledby="step-needs" className="step">
            <h2 id="step-needs">{t('new.step.needs')}</h2>
            <fieldset>
              <legend>{t('new.needs.legend')}</legend>
              <div className="checkbox-grid">
                {needCatalogue.map((category) => (
                  <div className="checkbox" key={category.code}>
                    <input
                      type="checkbox"
                      id={`${formId}-need-${category.code}`}
                      checked={needs.includes(category.code)}
                      aria-describedby={i18n.language === 'ja' ? `${formId}-need-${category.code}-help` : undefined}
                      onChange={(event) => setNeeds(toggle(needs, category.code, event.target.checked))}
                    />
                    <label htmlFor={`${formId}-need-${category.code}`}>{needLabel(category.code)}</label>
                    {i18n.language === 'ja' && (
                      <p id={`${formId}-need-${category.code}-help`} className="help">
                        {category.descriptionJa}
                      </p>
                    )}
                  </div>
                ))}
              </div>
            </fieldset>
            <fieldset>
              <legend>{t('new.urgency.legend')}</legend>
              <div className="radio-row">
                {URGENCIES.map((one) => (
                  <div className="checkbox" key={one}>
                    <input
                      type="radio"
                      id={`${formId}-urgency-${one}`}
                      name={`${formId}-urgency`}
                      checked={urgency === one}
                      onChange={() => setUrgency(one)}
                    />
                    <label htmlFor={`${formId}-urgency-${one}`}>{t(`urgency.${one}`)}</label>
                  </div>
                ))}
              </div>
            </fieldset>
            <label htmlFor={`${formId}-municipality`}>{t('new.municipality')}</label>
            <p id={`${formId}-municipality-help`} className="help">
              {t('new.person.municipalityHelp')}
            </p>
            <input
              id={`${formId}-municipality`}
              type="text"
              inputMode="numeric"
              pattern="[0-9]{6}"
              aria-describedby={`${formId}-municipality-help`}
              value={municipalityCode}
              onChange={(event) => setMunicipalityCode(event.target.value.trim())}
            />
            <label htmlFor={`${formId}-summary`}>{t('new.summary')}</label>
            <textarea
              id={`${formId}-summary`}
              rows={4}
              required
              value={summary}
              onChange={(event) => setSummary(event.target.value)}
            />
            <fieldset>
              <legend>{t('new.shared.legend')}</legend>
              <p className="help">{t('new.shared.help')}</p>
              <div className="checkbox-grid">
                {DATA_CATEGORIES.map((category) => (
                  <div className="checkbox" key={category}>
                    <input
                      type="checkbox"
                      id={`${formId}-shared-${category}`}
                      checked={shared.includes(category)}
                      disabled={Boolean(person?.redacted.includes(category))}
                      onChange={(event) => setShared(toggle(shared, category, event.target.checked))}
                    />
                    <label htmlFor={`${formId}-shared-${category}`}>{t(`category.${category}`)}</label>
                  </div>
                ))}
              </div>
            </fieldset>
          </section>

          <section aria-labelledby="step-agency" className="step">
            <h2 id="step-agency">{t('new.step.agency')}</h2>
            <button
              type="button"
              className="secondary"
              disabled={!canSuggest}
              aria-describedby={canSuggest ? undefined : `${formId}-suggest-help`}
              onClick={() => {
                setAgencyId('');
                setSuggestInput({ needCategories: needs, municipalityCode, urgency });
              }}
            >
              {t('new.suggest')}
            </button>
            {!canSuggest && (
              <p id={`${formId}-suggest-help`} className="help">
                {t('new.suggest.needSomething')}
              </p>
            )}
            <OperationError error={suggestError} />
            {suggesting && <p className="loading">{t('common:loading')}</p>}
            {suggestions && suggestions.suggestAgencies.length === 0 && <p>{t('new.suggest.none')}</p>}
            {suggestions && suggestions.suggestAgencies.length > 0 && (
              <fieldset>
                <legend>{t('new.suggest.caption')}</legend>
                <ol className="suggestions">
                  {suggestions.suggestAgencies.map((suggestion) => {
                    const inputId = `${formId}-agency-${suggestion.agency.id}`;
                    return (
                      <li
                        key={suggestion.agency.id}
                        className={agencyId === suggestion.agency.id ? 'chosen' : undefined}
                      >
                        <div className="checkbox">
                          <input
                            type="radio"
                            id={inputId}
                            name={`${formId}-agency`}
                            checked={agencyId === suggestion.agency.id}
                            aria-describedby={`${inputId}-why`}
                            onChange={() => setAgencyId(suggestion.agency.id)}
                          />
                          <label htmlFor={inputId}>
                            {suggestion.agency.name}
                            {t('punct.open')}
                            {t(`sector.${suggestion.agency.sector}`)}
                            {t('punct.dot')}
                            {suggestion.agency.kind}
                            {t('punct.close')}
                          </label>
                        </div>
                        <div id={`${inputId}-why`} className="suggestion-why">
                          <p>
                            {t('new.suggest.score', { score: suggestion.score.toFixed(2) })}
                            {t('punct.dot')}
                            {t('new.suggest.backlog', { count: suggestion.openBacklog })}
                            {suggestion.medianAcknowledgeHours != null &&
                              `${t('punct.dot')}${t('new.suggest.median', { hours: suggestion.medianAcknowledgeHours.toFixed(1) })}`}
                          </p>
                          <p>
                            {suggestion.pathway
                              ? t('new.suggest.pathway', {
                                  from: t(`sector.${suggestion.pathway.fromSector}`),
                                  to: t(`sector.${suggestion.pathway.toSector}`),
                                  purpose:
                                    i18n.language === 'en'
                                      ? suggestion.pathway.purposeEn
                                      : suggestion.pathway.purposeJa,
                                })
                              : t('new.suggest.noPathway')}
                          </p>
                          <p className="reasons-title">{t('new.suggest.reasons')}</p>
                          <ul>
                            {suggestion.reasons.map((reason) => (
                              <li key={reason}>{reason}</li>
                            ))}
                          </ul>
                          {suggestion.communityResources.length > 0 && (
                            <>
                              <p className="reasons-title">{t('new.suggest.resources')}</p>
                              <ul>
                                {suggestion.communityResources.map((resource) => (
                                  <li key={resource.id}>
                                    {resource.name}
                                    {resource.contact && `${t('punct.open')}${resource.contact}${t('punct.close')}`}
                                  </li>
                                ))}
                              </ul>
                            </>
                          )}
                        </div>
                      </li>
                    );
                  })}
                </ol>
              </fieldset>
            )}
          </section>
        </fieldset>

        <section aria-labelledby="step-send" className="step">
          <h2 id="step-send">{t('new.step.send')}</h2>
          {missingItems.length > 0 && !draft && (
            <p id={`${formId}-missing`} className="help">
              {t('new.missing', { items: missingItems.join(t('punct.sep')) })}
            </p>
          )}
          {draft && (
            <p>
              {t('new.draftKept')} <Link to={`/referrals/${draft.id}`}>{t('status.DRAFT')}</Link>
            </p>
          )}
          {!missing && (
            <button
              type="submit"
              disabled={busy || (!draft && missingItems.length > 0)}
              aria-describedby={missingItems.length > 0 && !draft ? `${formId}-missing` : undefined}
            >
              {draft ? t('new.resend') : t('new.submit')}
            </button>
          )}
          <OperationError error={failure}>{missing ? <p>{t('actions.consentRequired')}</p> : undefined}</OperationError>
        </section>
      </form>
      {missing && recipient && (
        <ConsentGate
          personId={personId}
          missing={missing}
          recipient={recipient}
          sharedCategories={shared}
          onRecorded={() => setFailure(undefined)}
          retry={
            <button type="button" disabled={busy} onClick={() => void submit()}>
              {draft ? t('new.resend') : t('new.submit')}
            </button>
          }
        />
      )}
    </>
  );
}
