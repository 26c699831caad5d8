import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { ConsoleHearingSheetQuery } from '../../gql/graphql';
import { errorCode } from '../../graphql/client';
import { ErrorAlert, formatDateTime } from './ui';

const HearingSheetQuery = graphql(`
  query ConsoleHearingSheet($personId: ID!) {
    hearingSheet(personId: $personId) {
      personId
      version
      updatedAt
      updatedByAgency {
        id
        name
      }
      items {
        number
        group
        groupLabel
        question
        text
        entries {
          kind
          label
          note
        }
      }
    }
  }
`);

const SaveHearingSheetMutation = graphql(`
  mutation ConsoleSaveHearingSheet($personId: ID!, $expectedVersion: Int!, $answers: [HearingSheetAnswerInput!]!) {
    saveHearingSheet(personId: $personId, expectedVersion: $expectedVersion, answers: $answers) {
      personId
      version
      updatedAt
      updatedByAgency {
        id
        name
      }
      items {
        number
        group
        groupLabel
        question
        text
        entries {
          kind
          label
          note
        }
      }
    }
  }
`);

type Item = ConsoleHearingSheetQuery['hearingSheet']['items'][number];

function groupsOf(items: readonly Item[]): { group: string; label: string; items: Item[] }[] {
  const groups: { group: string; label: string; items: Item[] }[] = [];
  for (const item of items) {
    let group = groups.find((g) => g.group === item.group);
    if (!group) {
      group = { group: item.group, label: item.groupLabel, items: [] };
      groups.push(group);
    }
    group.items.push(item);
  }
  return groups;
}

/** The 13-item community hearing sheet (SUPPORT_NETWORK): read, and edit the answers' text. */
export function HearingSheetSection({ personId, masked }: { personId: string; masked: boolean }) {
  const { t, i18n } = useTranslation('person');
  const [result, refetch] = useQuery({ query: HearingSheetQuery, variables: { personId }, pause: masked });
  const [saveState, save] = useMutation(SaveHearingSheetMutation);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Record<number, string>>({});
  const [saved, setSaved] = useState(false);
  const sheet = result.data?.hearingSheet;
  const code = errorCode(result.error);

  function startEditing() {
    if (!sheet) return;
    setDraft(Object.fromEntries(sheet.items.map((item) => [item.number, item.text ?? ''])));
    setSaved(false);
    setEditing(true);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!sheet) return;
    // The save replaces the whole sheet: every item is sent, its entries kept as they were.
    const answers = sheet.items
      .map((item) => ({
        number: item.number,
        text: draft[item.number]?.trim() || null,
        entries: item.entries.map((entry) => ({ kind: entry.kind, label: entry.label, note: entry.note })),
      }))
      .filter((answer) => answer.text !== null || answer.entries.length > 0);
    const answer = await save({ personId, expectedVersion: sheet.version, answers });
    if (answer.data) {
      setEditing(false);
      setSaved(true);
    } else if (errorCode(answer.error) === 'CONFLICT') {
      refetch({ requestPolicy: 'network-only' });
    }
  }

  return (
    <section aria-labelledby="hearing-title" className="panel">
      <h2 id="hearing-title">{t('hearing.title')}</h2>
      {masked || code === 'FORBIDDEN' ? (
        <p>
          <span className="masked">{t('masked.label')}</span> {t('hearing.masked')}
        </p>
      ) : (
        <ErrorAlert error={result.error} />
      )}
      {saved && (
        <p role="status" className="console-status">
          {t('hearing.saved')}
        </p>
      )}
      {sheet && !masked && (
        <>
          <p className="help">
            {sheet.version === 0
              ? t('hearing.neverSaved')
              : t('hearing.version', {
                  version: sheet.version,
                  date: formatDateTime(sheet.updatedAt, i18n.language),
                  agency: sheet.updatedByAgency?.name ?? '—',
                })}
          </p>
          {editing ? (
            <form onSubmit={(event) => void submit(event)} aria-labelledby="hearing-title">
              {groupsOf(sheet.items).map((group) => (
                <fieldset key={group.group} className="console-fieldset">
                  <legend>{group.label}</legend>
                  {group.items.map((item) => (
                    <div key={item.number}>
                      <label htmlFor={`hearing-${item.number}`}>
                        {item.number}. {item.question}
                      </label>
                      <textarea
                        id={`hearing-${item.number}`}
                        rows={2}
                        className="console-wide"
                        value={draft[item.number] ?? ''}
                        onChange={(event) => setDraft({ ...draft, [item.number]: event.target.value })}
                      />
                    </div>
                  ))}
                </fieldset>
              ))}
              <ErrorAlert error={saveState.error} />
              <div className="console-actions">
                <button type="submit" disabled={saveState.fetching}>
                  {t('hearing.save')}
                </button>
                <button type="button" className="secondary" onClick={() => setEditing(false)}>
                  {t('ui.cancel')}
                </button>
              </div>
            </form>
          ) : (
            <>
              {groupsOf(sheet.items).map((group) => (
                <div key={group.group}>
                  <h3>{group.label}</h3>
                  <dl className="console-fields">
                    {group.items.map((item) => (
                      <div key={item.number} className="console-field">
                        <dt>
                          {item.number}. {item.question}
                        </dt>
                        <dd>
                          {item.text ?? <span className="help">{t('hearing.noAnswer')}</span>}
                          {item.entries.length > 0 && (
                            <ul>
                              {item.entries.map((entry, index) => (
                                <li key={index}>
                                  {entry.label}
                                  {entry.kind && t('ui.paren', { text: t(`relationKind.${entry.kind}`) })}
                                  {entry.note && ` — ${entry.note}`}
                                </li>
                              ))}
                            </ul>
                          )}
                        </dd>
                      </div>
                    ))}
                  </dl>
                </div>
              ))}
              <button type="button" onClick={startEditing}>
                {t('hearing.edit')}
              </button>
            </>
          )}
        </>
      )}
    </section>
  );
}
