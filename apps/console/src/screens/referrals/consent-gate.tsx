import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, type CombinedError } from 'urql';
import { OperationError, useErrorCheck } from '../../components/operation-error';
import { graphql } from '../../gql';
import type { ConsentMethod, ConsentPurpose, DataCategory, Sector } from '../../gql/graphql';
import { DATA_CATEGORIES, NS } from './shared';

const RecordConsentMutation = graphql(`
  mutation ReferralsRecordConsent($input: RecordConsentInput!) {
    recordConsent(input: $input) {
      id
      status
      purposes
      dataCategories
      expiresAt
    }
  }
`);

/** CONSENT_REQUIRED's `extensions.missing`: what lacks cover (docs/api.md, the consent gate). */
export interface ConsentMissing {
  reason: string;
  categories?: DataCategory[];
  purpose?: ConsentPurpose;
  recipientAgencyId?: string;
  recipientSector?: Sector;
  legalBasis?: string;
}

const PURPOSES: ConsentPurpose[] = ['REFERRAL', 'CASE_CONFERENCE', 'INFORMATION_SHARING'];
const METHODS: ConsentMethod[] = ['WRITTEN', 'VERBAL', 'ELECTRONIC'];
/** Reasons a recorded consent can cure; the others need another basis or other data to share. */
const CURABLE = new Set([
  'NO_CONSENT_FOR_RECIPIENT',
  'PURPOSE_NOT_COVERED',
  'CATEGORIES_NOT_COVERED',
  'CONSENT_EXPIRED',
  'CONSENT_WITHDRAWN',
]);

function localDateTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(
    date.getMinutes(),
  )}`;
}

/** The link to the printable consent form for these choices. */
export function consentFormPath(choice: {
  personId: string;
  agencyId?: string;
  sector?: Sector;
  purposes: ConsentPurpose[];
  categories: DataCategory[];
  expiresOn?: string;
}): string {
  const params = new URLSearchParams({ personId: choice.personId });
  if (choice.agencyId) params.set('agencyId', choice.agencyId);
  if (choice.sector) params.set('sector', choice.sector);
  params.set('purposes', choice.purposes.join(','));
  params.set('categories', choice.categories.join(','));
  if (choice.expiresOn) params.set('expiresOn', choice.expiresOn);
  return `/referrals/consent-form?${params.toString()}`;
}

/**
 * The consent gate in words: what is missing for this referral, a form to record the person's consent there
 * (recipient, purposes, categories, method, evidence, period), a printable consent form, and the retry.
 */
export function ConsentGate({
  personId,
  missing,
  recipient,
  sharedCategories,
  onRecorded,
  retry,
}: {
  personId: string;
  missing: ConsentMissing;
  recipient: { id: string; name: string; sector: Sector };
  sharedCategories: DataCategory[];
  onRecorded: () => void;
  retry: ReactNode;
}) {
  const { t } = useTranslation(NS);
  const id = useId();
  const check = useErrorCheck();
  const [recipientKind, setRecipientKind] = useState<'agency' | 'sector'>('agency');
  const [purposes, setPurposes] = useState<ConsentPurpose[]>(['REFERRAL']);
  const [categories, setCategories] = useState<DataCategory[]>(() =>
    DATA_CATEGORIES.filter((category) => sharedCategories.includes(category) || missing.categories?.includes(category)),
  );
  const [method, setMethod] = useState<ConsentMethod>('WRITTEN');
  const [evidenceRef, setEvidenceRef] = useState('');
  const [obtainedAt, setObtainedAt] = useState(() => localDateTime(new Date()));
  const [expiresOn, setExpiresOn] = useState('');
  const [recorded, setRecorded] = useState(false);
  const [error, setError] = useState<CombinedError | undefined>(undefined);
  const [{ fetching }, record] = useMutation(RecordConsentMutation);

  const reasonText = t(`consent.reason.${missing.reason}`, {
    defaultValue: t('consent.reason.OTHER', { reason: missing.reason }),
  });
  const curable = CURABLE.has(missing.reason);

  function toggle<T>(list: T[], value: T, on: boolean): T[] {
    return on ? [...list, value] : list.filter((one) => one !== value);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setRecorded(false);
    const result = await record({
      input: {
        personId,
        ...(recipientKind === 'agency' ? { recipientAgencyId: recipient.id } : { recipientSector: recipient.sector }),
        purposes,
        dataCategories: categories,
        method,
        evidenceRef: evidenceRef.trim() || undefined,
        obtainedAt: obtainedAt ? new Date(obtainedAt).toISOString() : undefined,
        // The last moment of the chosen day in Japan.
        expiresAt: expiresOn ? new Date(`${expiresOn}T23:59:59+09:00`).toISOString() : undefined,
      },
    });
    setError(result.error);
    if (result.error) {
      check(result.error);
      return;
    }
    setRecorded(true);
    onRecorded();
  }

  const printPath = consentFormPath({
    personId,
    ...(recipientKind === 'agency' ? { agencyId: recipient.id } : { sector: recipient.sector }),
    purposes,
    categories,
    expiresOn: expiresOn || undefined,
  });

  return (
    <section aria-labelledby={`${id}-title`} className="consent-gate panel warn">
      <h3 id={`${id}-title`}>{t('consent.title')}</h3>
      <p>{t('consent.intro')}</p>
      <ul>
        <li>{reasonText}</li>
        {missing.categories && missing.categories.length > 0 && (
          <li>
            {t('consent.missingCategories', {
              categories: missing.categories.map((category) => t(`category.${category}`)).join(t('punct.sep')),
            })}
          </li>
        )}
        {missing.purpose && <li>{t('consent.missingPurpose', { purpose: t(`purpose.${missing.purpose}`) })}</li>}
        <li>{t('consent.missingRecipient', { recipient: recipient.name })}</li>
      </ul>

      {curable && (
        <form onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-record`}>
          <h4 id={`${id}-record`}>{t('consent.record')}</h4>
          <p className="help">{t('consent.recordHelp')}</p>
          <fieldset>
            <legend>{t('consent.recipient.legend')}</legend>
            <div className="checkbox">
              <input
                type="radio"
                id={`${id}-to-agency`}
                name={`${id}-recipient`}
                checked={recipientKind === 'agency'}
                onChange={() => setRecipientKind('agency')}
              />
              <label htmlFor={`${id}-to-agency`}>{t('consent.recipient.agency', { name: recipient.name })}</label>
            </div>
            <div className="checkbox">
              <input
                type="radio"
                id={`${id}-to-sector`}
                name={`${id}-recipient`}
                checked={recipientKind === 'sector'}
                onChange={() => setRecipientKind('sector')}
              />
              <label htmlFor={`${id}-to-sector`}>
                {t('consent.recipient.sector', { sector: t(`sector.${recipient.sector}`) })}
              </label>
            </div>
          </fieldset>
          <fieldset>
            <legend>{t('consent.purposes.legend')}</legend>
            {PURPOSES.map((purpose) => (
              <div className="checkbox" key={purpose}>
                <input
                  type="checkbox"
                  id={`${id}-purpose-${purpose}`}
                  checked={purposes.includes(purpose)}
                  onChange={(event) => setPurposes(toggle(purposes, purpose, event.target.checked))}
                />
                <label htmlFor={`${id}-purpose-${purpose}`}>{t(`purpose.${purpose}`)}</label>
              </div>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t('consent.categories.legend')}</legend>
            <div className="checkbox-grid">
              {DATA_CATEGORIES.map((category) => (
                <div className="checkbox" key={category}>
                  <input
                    type="checkbox"
                    id={`${id}-category-${category}`}
                    checked={categories.includes(category)}
                    onChange={(event) => setCategories(toggle(categories, category, event.target.checked))}
                  />
                  <label htmlFor={`${id}-category-${category}`}>{t(`category.${category}`)}</label>
                </div>
              ))}
            </div>
          </fieldset>
          <label htmlFor={`${id}-method`}>{t('consent.method')}</label>
          <select
            id={`${id}-method`}
            value={method}
            onChange={(event) => setMethod(event.target.value as ConsentMethod)}
          >
            {METHODS.map((one) => (
              <option key={one} value={one}>
                {t(`method.${one}`)}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-evidence`}>{t('consent.evidenceRef')}</label>
          <input
            id={`${id}-evidence`}
            type="text"
            value={evidenceRef}
            onChange={(event) => setEvidenceRef(event.target.value)}
          />
          <label htmlFor={`${id}-obtained`}>{t('consent.obtainedAt')}</label>
          <input
            id={`${id}-obtained`}
            type="datetime-local"
            value={obtainedAt}
            onChange={(event) => setObtainedAt(event.target.value)}
          />
          <label htmlFor={`${id}-expires`}>{t('consent.expiresAt')}</label>
          <input
            id={`${id}-expires`}
            type="date"
            value={expiresOn}
            onChange={(event) => setExpiresOn(event.target.value)}
          />
          <p>
            <Link to={printPath} target="_blank" rel="noopener">
              {t('consent.print')}
            </Link>
          </p>
          <button type="submit" disabled={fetching || purposes.length === 0 || categories.length === 0}>
            {t('consent.submit')}
          </button>
          <OperationError error={error} />
          {recorded && <p role="status">{t('consent.recorded')}</p>}
        </form>
      )}
      <div className="action-buttons">{retry}</div>
    </section>
  );
}
