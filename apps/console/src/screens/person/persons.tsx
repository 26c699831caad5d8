import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { RegisterPersonInput } from '../../gql/graphql';
import { ErrorAlert, errorExtensions } from './ui';
import './messages';

/** There is no list of persons in the API: the agency's persons are those of its referrals and conferences. */
const KnownPersonsQuery = graphql(`
  query ConsoleKnownPersons {
    referrals(first: 100) {
      edges {
        node {
          id
          person {
            id
            familyName
            givenName
            redacted
          }
        }
      }
    }
    caseConferences(first: 100) {
      edges {
        node {
          id
          personId
        }
      }
    }
  }
`);

const RegisterPersonMutation = graphql(`
  mutation ConsolePersonsRegister($input: RegisterPersonInput!) {
    registerPerson(input: $input) {
      id
      familyName
      givenName
      redacted
    }
  }
`);

const TEXT_FIELDS = [
  'familyName',
  'givenName',
  'familyNameKana',
  'givenNameKana',
  'birthDate',
  'phone',
  'email',
  'municipalityCode',
  'address',
] as const;
const NOTE_FIELDS = [
  'householdNotes',
  'incomeDebt',
  'employment',
  'education',
  'healthDisability',
  'justice',
  'caseNotes',
] as const;
type FieldName = (typeof TEXT_FIELDS)[number] | (typeof NOTE_FIELDS)[number];

/** The persons the agency works with, a way to open one by id, and the registration of a new person. */
export function PersonsScreen() {
  const { t } = useTranslation('person');
  const navigate = useNavigate();
  const [result] = useQuery({ query: KnownPersonsQuery });
  const [registerState, register] = useMutation(RegisterPersonMutation);
  const [values, setValues] = useState<Partial<Record<FieldName, string>>>({});
  const [missing, setMissing] = useState<FieldName[]>([]);
  const [openId, setOpenId] = useState('');

  const persons = new Map<string, { id: string; name: string | null }>();
  for (const edge of result.data?.referrals.edges ?? []) {
    const person = edge.node.person;
    const name = person.redacted.includes('IDENTITY') ? null : `${person.familyName ?? ''} ${person.givenName ?? ''}`;
    persons.set(person.id, { id: person.id, name });
  }
  for (const edge of result.data?.caseConferences.edges ?? []) {
    if (!persons.has(edge.node.personId)) persons.set(edge.node.personId, { id: edge.node.personId, name: null });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const required: FieldName[] = ['familyName', 'givenName'];
    const empty = required.filter((field) => !values[field]?.trim());
    setMissing(empty);
    if (empty.length > 0) {
      document.getElementById(`register-${empty[0]}`)?.focus();
      return;
    }
    const input: RegisterPersonInput = { familyName: '', givenName: '' };
    for (const [field, value] of Object.entries(values)) {
      if (value?.trim()) (input as unknown as Record<string, string>)[field] = value.trim();
    }
    const answer = await register({ input });
    if (answer.data) void navigate(`/persons/${answer.data.registerPerson.id}`);
  }

  const invalidField = errorExtensions(registerState.error).field;

  function field(name: FieldName, multiline = false) {
    const id = `register-${name}`;
    const isMissing = missing.includes(name);
    const required = name === 'familyName' || name === 'givenName';
    const props = {
      id,
      name,
      value: values[name] ?? '',
      required,
      'aria-invalid': isMissing || invalidField === name || undefined,
      'aria-describedby': isMissing ? `${id}-missing` : name === 'municipalityCode' ? `${id}-help` : undefined,
      onChange: (event: { target: { value: string } }) => setValues({ ...values, [name]: event.target.value }),
    };
    return (
      <div key={name} className={multiline ? 'console-span' : undefined}>
        <label htmlFor={id}>
          {t(`field.${name}`)}
          {required && ` ${t('ui.required')}`}
        </label>
        {multiline ? (
          <textarea {...props} rows={2} className="console-wide" />
        ) : (
          <input
            {...props}
            className="console-wide"
            type={name === 'birthDate' ? 'date' : name === 'email' ? 'email' : name === 'phone' ? 'tel' : 'text'}
            inputMode={name === 'municipalityCode' ? 'numeric' : undefined}
          />
        )}
        {name === 'municipalityCode' && (
          <p id={`${id}-help`} className="help">
            {t('register.municipalityHelp')}
          </p>
        )}
        {isMissing && (
          <p id={`${id}-missing`} className="error">
            {t('register.missing')}
          </p>
        )}
      </div>
    );
  }

  return (
    <div>
      <h1>{t('list.title')}</h1>
      <section aria-labelledby="persons-known-title" className="panel">
        <h2 id="persons-known-title">{t('list.known')}</h2>
        <p className="help">{t('list.knownHelp')}</p>
        <ErrorAlert error={result.error} />
        {persons.size === 0 && !result.fetching && !result.error && <p>{t('list.none')}</p>}
        {persons.size > 0 && (
          <ul className="console-list">
            {[...persons.values()].map((person) => (
              <li key={person.id}>
                <Link to={`/persons/${person.id}`}>{person.name?.trim() || t('list.unnamed', { id: person.id })}</Link>
              </li>
            ))}
          </ul>
        )}
        <form
          className="console-inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (openId.trim()) void navigate(`/persons/${encodeURIComponent(openId.trim())}`);
          }}
        >
          <label htmlFor="open-person-id">{t('list.openById')}</label>
          <input id="open-person-id" value={openId} onChange={(event) => setOpenId(event.target.value)} />
          <button type="submit">{t('list.open')}</button>
        </form>
      </section>
      <section aria-labelledby="register-title" className="panel">
        <h2 id="register-title">{t('register.title')}</h2>
        <p className="help">{t('register.help')}</p>
        <form onSubmit={(event) => void submit(event)} noValidate>
          <fieldset className="console-fieldset console-grid">
            <legend>{t('register.basic')}</legend>
            {TEXT_FIELDS.map((name) => field(name))}
          </fieldset>
          <fieldset className="console-fieldset console-grid">
            <legend>{t('register.notes')}</legend>
            {NOTE_FIELDS.map((name) => field(name, true))}
          </fieldset>
          <ErrorAlert error={registerState.error} />
          <button type="submit" disabled={registerState.fetching}>
            {t('register.submit')}
          </button>
        </form>
      </section>
    </div>
  );
}
