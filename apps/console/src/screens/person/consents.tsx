import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useMutation, type UseQueryState } from 'urql';
import { graphql } from '../../gql';
import type { ConsolePersonPageConsentsQuery, DataCategory } from '../../gql/graphql';
import { errorCode } from '../../graphql/client';
import { AgencyName } from '../agency-name';
import { ConfirmDialog, ErrorAlert, formatDate, formatDateTime, useSectorLabel } from './ui';

export const PersonConsentsQuery = graphql(`
  query ConsolePersonPageConsents($personId: ID!) {
    consents(personId: $personId) {
      id
      recipientAgencyId
      recipientSector
      purposes
      dataCategories
      method
      status
      obtainedAt
      expiresAt
      withdrawnAt
      withdrawalReason
      evidenceRef
    }
  }
`);

const WithdrawConsentMutation = graphql(`
  mutation ConsolePersonWithdrawConsent($id: ID!, $reason: String) {
    withdrawConsent(id: $id, reason: $reason) {
      id
      status
      withdrawnAt
      withdrawalReason
    }
  }
`);

type Consent = ConsolePersonPageConsentsQuery['consents'][number];

/**
 * Why a category is masked for the calling agency, in words: a consent naming it was withdrawn or ran out, or no
 * consent covers it. (The API says only which categories are masked; the consents the agency sees explain why.)
 */
export function maskReason(
  category: DataCategory,
  consents: readonly Consent[],
  agencyId: string | undefined,
  t: TFunction,
  language: string,
): string {
  const covering = consents.filter(
    (consent) =>
      consent.dataCategories.includes(category) &&
      (consent.recipientAgencyId === agencyId || consent.recipientSector !== null),
  );
  const withdrawn = covering.find((consent) => consent.status === 'WITHDRAWN');
  if (withdrawn && !covering.some((consent) => consent.status === 'ACTIVE')) {
    return t('masked.withdrawn', { date: formatDate(withdrawn.withdrawnAt, language) });
  }
  const expired = covering.find((consent) => consent.status === 'EXPIRED');
  if (expired && !covering.some((consent) => consent.status === 'ACTIVE')) {
    return t('masked.expired', { date: formatDate(expired.expiresAt, language) });
  }
  return t('masked.notCovered');
}

const STATUS_CLASS = { ACTIVE: 'ok', EXPIRED: 'due-soon', WITHDRAWN: 'overdue' } as const;

/** The person's consents: to whom, for what, which data, until when; active ones can be withdrawn. */
export function Consents({
  result,
  onWithdrawn,
}: {
  result: UseQueryState<ConsolePersonPageConsentsQuery>;
  onWithdrawn: () => void;
}) {
  const { t, i18n } = useTranslation('person');
  const sectorLabel = useSectorLabel();
  const [withdrawing, setWithdrawing] = useState<Consent | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [withdrawState, withdraw] = useMutation(WithdrawConsentMutation);
  const consents = result.data?.consents ?? [];
  const forbidden = errorCode(result.error) === 'FORBIDDEN' || errorCode(result.error) === 'NOT_FOUND';

  async function confirm(reason: string) {
    if (!withdrawing) return;
    const answer = await withdraw({ id: withdrawing.id, reason: reason || null });
    if (answer.data) {
      setWithdrawing(null);
      setDone(t('consents.withdrawnDone'));
      onWithdrawn();
    }
  }

  return (
    <section aria-labelledby="consents-title" className="panel">
      <h2 id="consents-title">{t('consents.title')}</h2>
      {done && (
        <p role="status" className="console-status">
          {done}
        </p>
      )}
      {forbidden ? <p className="masked">{t('consents.notVisible')}</p> : <ErrorAlert error={result.error} />}
      {!result.error && consents.length === 0 && !result.fetching && <p>{t('consents.none')}</p>}
      {consents.length > 0 && (
        <div className="console-table-wrap">
          <table>
            <caption>{t('consents.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('consents.recipient')}</th>
                <th scope="col">{t('consents.purposes')}</th>
                <th scope="col">{t('consents.categories')}</th>
                <th scope="col">{t('consents.method')}</th>
                <th scope="col">{t('consents.status')}</th>
                <th scope="col">{t('consents.period')}</th>
                <th scope="col">{t('consents.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {consents.map((consent) => (
                <tr key={consent.id}>
                  <th scope="row">
                    {consent.recipientAgencyId ? (
                      <AgencyName id={consent.recipientAgencyId} />
                    ) : (
                      t('consents.sector', { sector: sectorLabel(consent.recipientSector) })
                    )}
                  </th>
                  <td>{consent.purposes.map((purpose) => t(`purpose.${purpose}`)).join(t('ui.sep'))}</td>
                  <td>{consent.dataCategories.map((category) => t(`category.${category}`)).join(t('ui.sep'))}</td>
                  <td>{t(`method.${consent.method}`)}</td>
                  <td>
                    <span className={`badge ${STATUS_CLASS[consent.status]}`}>
                      {t(`consentStatus.${consent.status}`)}
                    </span>
                    {consent.withdrawnAt && (
                      <span className="help console-block">
                        {t('consents.withdrawnAt', { date: formatDateTime(consent.withdrawnAt, i18n.language) })}
                        {consent.withdrawalReason && ` — ${consent.withdrawalReason}`}
                      </span>
                    )}
                  </td>
                  <td>
                    {formatDate(consent.obtainedAt, i18n.language)} –{' '}
                    {consent.expiresAt ? formatDate(consent.expiresAt, i18n.language) : t('consents.noExpiry')}
                  </td>
                  <td>
                    {consent.status === 'ACTIVE' && (
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => {
                          setDone(null);
                          setWithdrawing(consent);
                        }}
                        aria-label={t('consents.withdrawFor', {
                          categories: consent.dataCategories
                            .map((category) => t(`category.${category}`))
                            .join(t('ui.sep')),
                        })}
                      >
                        {t('consents.withdraw')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={withdrawing !== null}
        title={t('consents.withdrawTitle')}
        body={<p>{t('consents.withdrawBody')}</p>}
        confirmLabel={t('consents.withdrawConfirm')}
        reasonLabel={t('consents.withdrawReason')}
        danger
        busy={withdrawState.fetching}
        error={withdrawState.error}
        onConfirm={(reason) => void confirm(reason)}
        onCancel={() => setWithdrawing(null)}
      />
    </section>
  );
}
