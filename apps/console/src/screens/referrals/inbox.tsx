import { useCallback, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { OperationError, useExpireOnUnauthenticated } from '../../components/operation-error';
import { graphql } from '../../gql';
import type { Box, ReferralFilter, ReferralStatus, Urgency } from '../../gql/graphql';
import {
  DueMarks,
  NS,
  OPEN_STATUSES,
  STATUSES,
  StatusBadge,
  URGENCIES,
  personName,
  useFormatTime,
  useNeedCategories,
  useReferralEvents,
} from './shared';

const PAGE_SIZE = 50;

const ReferralListQuery = graphql(`
  query ReferralsReferralList($filter: ReferralFilter, $first: Int, $after: String) {
    referrals(filter: $filter, first: $first, after: $after) {
      totalCount
      edges {
        node {
          id
          status
          urgency
          needCategories
          createdAt
          sentAt
          overdue
          acknowledgeDueAt
          decisionDueAt
          fromAgency {
            id
            name
          }
          toAgency {
            id
            name
          }
          person {
            id
            familyName
            givenName
            redacted
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const BOXES: Box[] = ['INBOX', 'OUTBOX'];

/** Inbox and outbox: the agency's referrals by status, with due marks, filters and live updates. */
export function ReferralInbox() {
  const { t } = useTranslation(NS);
  const [params, setParams] = useSearchParams();
  const box: Box = params.get('box') === 'OUTBOX' ? 'OUTBOX' : 'INBOX';
  const tabIds = useId();
  const tabRefs = useRef<Record<Box, HTMLButtonElement | null>>({ INBOX: null, OUTBOX: null });

  function selectBox(next: Box, focus = false) {
    const nextParams = new URLSearchParams(params);
    nextParams.set('box', next);
    nextParams.delete('after');
    setParams(nextParams, { replace: true });
    if (focus) tabRefs.current[next]?.focus();
  }

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>) {
    const index = BOXES.indexOf(box);
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      const next = BOXES[(index + (event.key === 'ArrowRight' ? 1 : BOXES.length - 1)) % BOXES.length];
      selectBox(next, true);
    }
  }

  return (
    <section aria-labelledby="inbox-title" className="referral-inbox">
      <div className="screen-heading">
        <h1 id="inbox-title">{t('inbox.title')}</h1>
        <Link className="button" to="/referrals/new">
          {t('inbox.new')}
        </Link>
      </div>
      <div role="tablist" aria-label={t('inbox.tabs')} className="tabs">
        {BOXES.map((one) => (
          <button
            key={one}
            ref={(element) => {
              tabRefs.current[one] = element;
            }}
            type="button"
            role="tab"
            id={`${tabIds}-tab-${one}`}
            aria-selected={box === one}
            aria-controls={`${tabIds}-panel`}
            tabIndex={box === one ? 0 : -1}
            className={box === one ? 'tab selected' : 'tab'}
            onClick={() => selectBox(one)}
            onKeyDown={onTabKey}
          >
            {t(`inbox.tab.${one}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${tabIds}-panel`} aria-labelledby={`${tabIds}-tab-${box}`}>
        <ReferralList key={box} box={box} />
      </div>
    </section>
  );
}

function ReferralList({ box }: { box: Box }) {
  const { t } = useTranslation(NS);
  const [params, setParams] = useSearchParams();
  const formatTime = useFormatTime();
  const { categories, label: needLabel } = useNeedCategories();
  const [liveAt, setLiveAt] = useState<string | null>(null);

  const status = params.get('status') ?? '';
  const urgency = params.get('urgency') ?? '';
  const need = params.get('need') ?? '';
  const overdue = params.get('overdue') === '1';
  const after = params.get('after');

  const filter = useMemo<ReferralFilter>(() => {
    const value: ReferralFilter = { box };
    if (status === 'OPEN') value.status = OPEN_STATUSES;
    else if (status) value.status = [status as ReferralStatus];
    if (urgency) value.urgency = urgency as Urgency;
    if (overdue) value.overdue = true;
    return value;
  }, [box, status, urgency, overdue]);

  const [{ data, fetching, error }, refetch] = useQuery({
    query: ReferralListQuery,
    variables: { filter, first: PAGE_SIZE, after },
  });
  useExpireOnUnauthenticated(error);

  const reload = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  const formatClock = useFormatTime();
  const onEvent = useCallback(() => {
    reload();
    setLiveAt(formatClock(new Date().toISOString()));
  }, [reload, formatClock]);
  useReferralEvents(box, onEvent);

  function setParam(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete('after');
    setParams(next, { replace: true });
  }

  const connection = data?.referrals;
  const rows = (connection?.edges ?? [])
    .map((edge) => edge.node)
    .filter((node) => !need || node.needCategories.includes(need));
  const other = box === 'INBOX' ? 'from' : 'to';

  return (
    <>
      <form className="filters no-print" aria-labelledby="filters-title" onSubmit={(event) => event.preventDefault()}>
        <h2 id="filters-title" className="visually-hidden">
          {t('inbox.filters')}
        </h2>
        <div className="filter-row">
          <div>
            <label htmlFor="filter-status">{t('inbox.filter.status')}</label>
            <select id="filter-status" value={status} onChange={(event) => setParam('status', event.target.value)}>
              <option value="">{t('inbox.filter.all')}</option>
              <option value="OPEN">{t('inbox.filter.open')}</option>
              {STATUSES.filter((one) => box === 'OUTBOX' || one !== 'DRAFT').map((one) => (
                <option key={one} value={one}>
                  {t(`status.${one}`)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="filter-urgency">{t('inbox.filter.urgency')}</label>
            <select id="filter-urgency" value={urgency} onChange={(event) => setParam('urgency', event.target.value)}>
              <option value="">{t('inbox.filter.all')}</option>
              {URGENCIES.map((one) => (
                <option key={one} value={one}>
                  {t(`urgency.${one}`)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="filter-need">{t('inbox.filter.need')}</label>
            <select
              id="filter-need"
              value={need}
              aria-describedby={need ? 'need-filter-note' : undefined}
              onChange={(event) => setParam('need', event.target.value)}
            >
              <option value="">{t('inbox.filter.all')}</option>
              {categories.map((category) => (
                <option key={category.code} value={category.code}>
                  {needLabel(category.code)}
                </option>
              ))}
            </select>
          </div>
          <div className="checkbox">
            <input
              id="filter-overdue"
              type="checkbox"
              checked={overdue}
              onChange={(event) => setParam('overdue', event.target.checked ? '1' : '')}
            />
            <label htmlFor="filter-overdue">{t('inbox.filter.overdue')}</label>
          </div>
          <div className="filter-buttons">
            <button
              type="button"
              className="secondary"
              onClick={() => setParams(new URLSearchParams({ box }), { replace: true })}
            >
              {t('inbox.filter.clear')}
            </button>
            <button type="button" className="secondary" onClick={reload}>
              {t('inbox.refresh')}
            </button>
          </div>
        </div>
        {need && (
          <p id="need-filter-note" className="help">
            {t('inbox.needFilterNote', { count: connection?.edges.length ?? 0 })}
          </p>
        )}
      </form>

      <p role="status" className="help live-status">
        {liveAt ? t('inbox.live', { time: liveAt }) : t('inbox.liveOn')}
      </p>
      <OperationError error={error} />
      {fetching && !data && <p className="loading">{t('common:loading')}</p>}
      {connection && (
        <div className="table-wrap">
          <table className="referral-table">
            <caption>{t(`inbox.caption.${box}`, { count: need ? rows.length : connection.totalCount })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('inbox.col.person')}</th>
                <th scope="col">{t(`inbox.col.${other}`)}</th>
                <th scope="col">{t('inbox.col.needs')}</th>
                <th scope="col">{t('inbox.col.urgency')}</th>
                <th scope="col">{t('inbox.col.status')}</th>
                <th scope="col">{t('inbox.col.due')}</th>
                <th scope="col">{t('inbox.col.sentAt')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={7}>{t('inbox.empty')}</td>
                </tr>
              )}
              {rows.map((referral) => (
                <tr key={referral.id} className={referral.overdue ? 'row-overdue' : undefined}>
                  <th scope="row">
                    <Link to={`/referrals/${referral.id}`}>{personName(referral.person) ?? t('person.unnamed')}</Link>
                  </th>
                  <td>{box === 'INBOX' ? referral.fromAgency.name : referral.toAgency.name}</td>
                  <td>{referral.needCategories.map(needLabel).join(t('punct.sep'))}</td>
                  <td>
                    <span className={`urgency urgency-${referral.urgency.toLowerCase()}`}>
                      {t(`urgency.${referral.urgency}`)}
                    </span>
                  </td>
                  <td>
                    <StatusBadge status={referral.status} />
                  </td>
                  <td>
                    <DueMarks referral={referral} />
                  </td>
                  <td>{formatTime(referral.sentAt ?? referral.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {connection && (
        <nav className="pager no-print" aria-label={t('inbox.title')}>
          <p className="help">{t('inbox.shown', { count: connection.edges.length, total: connection.totalCount })}</p>
          {after && (
            <button type="button" className="secondary" onClick={() => setParam('after', '')}>
              {t('inbox.first')}
            </button>
          )}
          {connection.pageInfo.hasNextPage && connection.pageInfo.endCursor && (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                const next = new URLSearchParams(params);
                next.set('after', connection.pageInfo.endCursor!);
                setParams(next);
              }}
            >
              {t('inbox.next')}
            </button>
          )}
        </nav>
      )}
    </>
  );
}
