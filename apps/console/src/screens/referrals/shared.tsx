import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useSubscription } from 'urql';
import { useExpireOnUnauthenticated } from '../../components/operation-error';
import { graphql } from '../../gql';
import type { Box, DataCategory, ReferralStatus } from '../../gql/graphql';
import { dueMark, runningClocks, type ClockFields } from './clocks';
import './messages';

export const NS = 'referrals';

export const STATUSES: ReferralStatus[] = [
  'DRAFT',
  'REQUESTED',
  'RECEIVED',
  'ACCEPTED',
  'IN_PROGRESS',
  'ON_HOLD',
  'COMPLETED',
  'REJECTED',
  'FAILED',
  'CANCELLED',
];
export const OPEN_STATUSES: ReferralStatus[] = ['DRAFT', 'REQUESTED', 'RECEIVED', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD'];
export const URGENCIES = ['EMERGENCY', 'HIGH', 'NORMAL', 'LOW'] as const;
export const DATA_CATEGORIES: DataCategory[] = [
  'IDENTITY',
  'CONTACT',
  'HOUSEHOLD',
  'HEALTH_DISABILITY',
  'INCOME_DEBT',
  'EMPLOYMENT',
  'EDUCATION',
  'JUSTICE',
  'CASE_NOTES',
  'SUPPORT_NETWORK',
];

/** The person's fields by data category (docs/api.md); SUPPORT_NETWORK has none of its own. */
export const CATEGORY_FIELDS: Record<DataCategory, readonly string[]> = {
  IDENTITY: ['familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'birthDate'],
  CONTACT: ['phone', 'email', 'municipalityCode', 'address'],
  HOUSEHOLD: ['householdNotes'],
  HEALTH_DISABILITY: ['healthDisability'],
  INCOME_DEBT: ['incomeDebt'],
  EMPLOYMENT: ['employment'],
  EDUCATION: ['education'],
  JUSTICE: ['justice'],
  CASE_NOTES: ['caseNotes'],
  SUPPORT_NETWORK: [],
};

/** Date and time in Japan, in the console's language. */
export function useFormatTime(): (iso: string | null | undefined) => string {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'ja-JP', {
      timeZone: 'Asia/Tokyo',
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    return (iso) => (iso ? format.format(new Date(iso)) : '');
  }, [i18n.language]);
}

export function personName(person: { familyName?: string | null; givenName?: string | null }): string | null {
  const name = [person.familyName, person.givenName].filter(Boolean).join(' ');
  return name || null;
}

const NeedCategoriesQuery = graphql(`
  query ReferralsNeedCategories {
    needCategories {
      code
      labelJa
      labelEn
      descriptionJa
      sectors
    }
  }
`);

/** The need-category catalogue, and a label for a code in the console's language. */
export function useNeedCategories() {
  const { i18n } = useTranslation();
  const [{ data, error }] = useQuery({ query: NeedCategoriesQuery, requestPolicy: 'cache-first' });
  useExpireOnUnauthenticated(error);
  const categories = useMemo(() => data?.needCategories ?? [], [data]);
  const label = useMemo(() => {
    const byCode = new Map(categories.map((category) => [category.code, category]));
    return (code: string) => {
      const category = byCode.get(code);
      if (!category) return code;
      return i18n.language === 'en' ? category.labelEn : category.labelJa;
    };
  }, [categories, i18n.language]);
  return { categories, label, error };
}

export function StatusBadge({ status }: { status: ReferralStatus }) {
  const { t } = useTranslation(NS);
  return <span className={`badge status status-${status.toLowerCase()}`}>{t(`status.${status}`)}</span>;
}

/** The overdue / due-soon mark with the running clocks' due times, in words (colour is never the only signal). */
export function DueMarks({ referral, showTimes = true }: { referral: ClockFields; showTimes?: boolean }) {
  const { t } = useTranslation(NS);
  const formatTime = useFormatTime();
  const mark = dueMark(referral);
  if (mark === 'none') return <span>{t('due.none')}</span>;
  const badge =
    mark === 'overdue' ? (
      <span className="badge overdue">⚠ {t('due.overdue')}</span>
    ) : mark === 'soon' ? (
      <span className="badge due-soon">⏰ {t('due.soon')}</span>
    ) : (
      <span className="badge ok">{t('due.ok')}</span>
    );
  return (
    <span className="due-marks">
      {badge}
      {showTimes &&
        runningClocks(referral).map((clock) => (
          <span key={clock.kind} className="due-time">
            {t(`due.${clock.kind}`, { time: formatTime(clock.dueAt) })}
          </span>
        ))}
    </span>
  );
}

const ReferralEventsSubscription = graphql(`
  subscription ReferralsReferralEvents($box: Box) {
    referralEvents(box: $box) {
      id
      referralId
      type
      fromStatus
      toStatus
      at
    }
  }
`);

/**
 * Calls `onEvent` for each event of the agency's referrals (INBOX, OUTBOX or both) that arrives over the
 * subscription; the screens then read the current state again through their query.
 */
export function useReferralEvents(box: Box | undefined, onEvent: (event: { referralId: string; id: string }) => void) {
  const [{ data, error }] = useSubscription({ query: ReferralEventsSubscription, variables: { box } });
  useExpireOnUnauthenticated(error);
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  }, [onEvent]);
  const event = data?.referralEvents;
  useEffect(() => {
    if (event) handler.current(event);
  }, [event]);
  return { error };
}
