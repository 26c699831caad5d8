import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { BarChart, ChartWithTable } from '../../charts/bar-chart';
import { graphql } from '../../gql';
import type { BacklogAge, ConsoleResponseTimeStatsQuery, StatsGroupBy } from '../../gql/graphql';
import { useStaff } from '../../session';
import { ErrorAlert, useNeedLabel, useSectorLabel } from '../person/ui';
import './messages';

const ResponseTimeStatsQuery = graphql(`
  query ConsoleResponseTimeStats($filter: StatsFilter, $groupBy: StatsGroupBy!) {
    responseTimeStats(filter: $filter, groupBy: $groupBy) {
      key
      groupBy
      agencyId
      agency {
        id
        name
      }
      sector
      urgency
      periodStart
      referralCount
      suppressed
      acknowledge {
        calendar {
          count
          p50Ms
          p90Ms
          p95Ms
        }
        business {
          count
          p50Ms
          p90Ms
          p95Ms
        }
      }
      decision {
        calendar {
          count
          p50Ms
          p90Ms
          p95Ms
        }
        business {
          count
          p50Ms
          p90Ms
          p95Ms
        }
      }
      acknowledgeTarget {
        met
        missed
        share
      }
      decisionTarget {
        met
        missed
        share
      }
      overdue {
        acknowledge
        decision
        total
      }
      backlog {
        age
        open
        awaitingDecision
      }
    }
  }
`);

const UnmetNeedsQuery = graphql(`
  query ConsoleUnmetNeeds($filter: StatsFilter) {
    unmetNeeds(filter: $filter) {
      needCategory
      municipalityCode
      municipalityName
      period
      referralCount
      personCount
    }
  }
`);

type Row = ConsoleResponseTimeStatsQuery['responseTimeStats'][number];
const GROUPINGS: StatsGroupBy[] = ['AGENCY', 'SECTOR', 'URGENCY', 'MONTH'];
const PERIODS = [30, 90, 180, 365] as const;
const AGES: BacklogAge[] = ['UNDER_1_DAY', 'DAYS_1_TO_3', 'DAYS_3_TO_7', 'DAYS_7_TO_30', 'OVER_30_DAYS'];

function hours(ms: number | null | undefined): number | null {
  return ms === null || ms === undefined ? null : Math.round((ms / 3_600_000) * 10) / 10;
}

/** Coordinators' dashboard: response-time percentiles by group, the overdue backlog and unmet needs. */
export function DashboardScreen() {
  const { t } = useTranslation('dashboard');
  const { staff } = useStaff();
  const sectorLabel = useSectorLabel();
  const needLabel = useNeedLabel();
  const [groupBy, setGroupBy] = useState<StatsGroupBy>('SECTOR');
  const [days, setDays] = useState<number>(90);
  const [clock, setClock] = useState<'calendar' | 'business'>('calendar');
  // The period is fixed when it is chosen, so that the query's variables stay the same between renders.
  const filter = useMemo(() => {
    const to = new Date(Date.now() + 60_000);
    const from = new Date(to.getTime() - days * 86_400_000);
    return { from: from.toISOString(), to: to.toISOString() };
  }, [days]);
  const [stats] = useQuery({ query: ResponseTimeStatsQuery, variables: { filter, groupBy } });
  const [unmet] = useQuery({ query: UnmetNeedsQuery, variables: { filter } });
  const rows = stats.data?.responseTimeStats ?? [];
  const shown = rows.filter((row) => !row.suppressed);
  // A section without groups: nothing while the first figures load (neither an empty table nor "all withheld";
  // the loading line says they are coming), then "no data".
  const noFigures = stats.fetching ? null : <p>{t('noData')}</p>;
  const coordinator = staff.role === 'HUB_COORDINATOR' || staff.role === 'HUB_ADMIN';

  const groupLabel = (row: Row): string => {
    switch (row.groupBy) {
      case 'AGENCY':
        return row.agency?.name ?? row.key;
      case 'SECTOR':
        return sectorLabel(row.sector ?? row.key);
      case 'URGENCY':
        return t(`urgency.${row.urgency ?? row.key}`);
      default:
        return row.key;
    }
  };
  const measure = (row: Row, which: 'acknowledge' | 'decision') => row[which]?.[clock];
  // Under an hour in minutes, else in hours with one decimal.
  const format = (ms: number | null | undefined) =>
    ms === null || ms === undefined
      ? '—'
      : ms < 3_600_000
        ? t('minutesValue', { value: Math.round(ms / 60_000) })
        : t('hoursValue', { value: hours(ms) });
  const share = (value: number | null | undefined) =>
    value === null || value === undefined ? '—' : `${Math.round(value * 1000) / 10}%`;

  // Unmet needs: the chart sums by need category; the table gives every cell (need × area × month).
  const unmetRows = unmet.data?.unmetNeeds ?? [];
  const unmetByNeed = new Map<string, { referrals: number; persons: number }>();
  for (const row of unmetRows) {
    const sum = unmetByNeed.get(row.needCategory) ?? { referrals: 0, persons: 0 };
    sum.referrals += row.referralCount;
    sum.persons += row.personCount;
    unmetByNeed.set(row.needCategory, sum);
  }
  const periodLabel = t(`period.${days}`);

  return (
    <div>
      <h1>{t('title')}</h1>
      {!coordinator && <p className="help">{t('notCoordinator')}</p>}
      <form className="console-toolbar" onSubmit={(event) => event.preventDefault()} aria-label={t('controls')}>
        <div>
          <label htmlFor="dashboard-group">{t('groupBy')}</label>
          <select
            id="dashboard-group"
            value={groupBy}
            onChange={(event) => setGroupBy(event.target.value as StatsGroupBy)}
          >
            {GROUPINGS.map((value) => (
              <option key={value} value={value}>
                {t(`group.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="dashboard-period">{t('periodLabel')}</label>
          <select id="dashboard-period" value={days} onChange={(event) => setDays(Number(event.target.value))}>
            {PERIODS.map((value) => (
              <option key={value} value={value}>
                {t(`period.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="dashboard-clock">{t('clock')}</label>
          <select
            id="dashboard-clock"
            value={clock}
            onChange={(event) => setClock(event.target.value as 'calendar' | 'business')}
          >
            <option value="calendar">{t('clock.calendar')}</option>
            <option value="business">{t('clock.business')}</option>
          </select>
        </div>
      </form>
      <ErrorAlert error={stats.error} />
      {stats.fetching && !stats.data && <p className="loading">{t('common:loading')}</p>}

      <section aria-labelledby="response-title" className="panel">
        <h2 id="response-title">{t('response.title')}</h2>
        <p className="help">{t('response.help')}</p>
        {rows.length === 0 ? (
          noFigures
        ) : (
          <ChartWithTable
            label={t('response.caption', {
              group: t(`group.${groupBy}`),
              period: periodLabel,
              clock: t(`clock.${clock}`),
            })}
            chart={
              shown.length === 0 ? (
                <p>{t('allSuppressed')}</p>
              ) : (
                <BarChart
                  labels={shown.map(groupLabel)}
                  yTitle={t('hours')}
                  summary={t('response.summary', { group: t(`group.${groupBy}`), period: periodLabel })}
                  series={[
                    {
                      label: t('response.ackP50'),
                      values: shown.map((row) => hours(measure(row, 'acknowledge')?.p50Ms)),
                    },
                    {
                      label: t('response.ackP90'),
                      values: shown.map((row) => hours(measure(row, 'acknowledge')?.p90Ms)),
                    },
                    { label: t('response.decP50'), values: shown.map((row) => hours(measure(row, 'decision')?.p50Ms)) },
                    { label: t('response.decP90'), values: shown.map((row) => hours(measure(row, 'decision')?.p90Ms)) },
                  ]}
                />
              )
            }
            table={
              <table>
                <caption>
                  {t('response.caption', {
                    group: t(`group.${groupBy}`),
                    period: periodLabel,
                    clock: t(`clock.${clock}`),
                  })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t(`group.${groupBy}`)}</th>
                    <th scope="col">{t('response.count')}</th>
                    <th scope="col">{t('response.ackP50')}</th>
                    <th scope="col">{t('response.ackP90')}</th>
                    <th scope="col">{t('response.ackP95')}</th>
                    <th scope="col">{t('response.decP50')}</th>
                    <th scope="col">{t('response.decP90')}</th>
                    <th scope="col">{t('response.decP95')}</th>
                    <th scope="col">{t('response.ackTarget')}</th>
                    <th scope="col">{t('response.decTarget')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.key}>
                      <th scope="row">{groupLabel(row)}</th>
                      <td>{row.referralCount}</td>
                      {row.suppressed ? (
                        <td colSpan={8}>{t('suppressed')}</td>
                      ) : (
                        <>
                          <td>{format(measure(row, 'acknowledge')?.p50Ms)}</td>
                          <td>{format(measure(row, 'acknowledge')?.p90Ms)}</td>
                          <td>{format(measure(row, 'acknowledge')?.p95Ms)}</td>
                          <td>{format(measure(row, 'decision')?.p50Ms)}</td>
                          <td>{format(measure(row, 'decision')?.p90Ms)}</td>
                          <td>{format(measure(row, 'decision')?.p95Ms)}</td>
                          <td>{share(row.acknowledgeTarget?.share)}</td>
                          <td>{share(row.decisionTarget?.share)}</td>
                        </>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            }
          />
        )}
      </section>

      <section aria-labelledby="backlog-title" className="panel">
        <h2 id="backlog-title">{t('backlog.title')}</h2>
        <p className="help">{t('backlog.help')}</p>
        {rows.length === 0 ? (
          noFigures
        ) : (
          <ChartWithTable
            label={t('backlog.caption', { group: t(`group.${groupBy}`), period: periodLabel })}
            chart={
              shown.length === 0 ? (
                <p>{t('allSuppressed')}</p>
              ) : (
                <BarChart
                  stacked
                  labels={shown.map(groupLabel)}
                  yTitle={t('referrals')}
                  summary={t('backlog.summary', { group: t(`group.${groupBy}`), period: periodLabel })}
                  series={AGES.map((age) => ({
                    label: t(`age.${age}`),
                    values: shown.map((row) => row.backlog?.find((bucket) => bucket.age === age)?.open ?? 0),
                  }))}
                />
              )
            }
            table={
              <table>
                <caption>{t('backlog.caption', { group: t(`group.${groupBy}`), period: periodLabel })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t(`group.${groupBy}`)}</th>
                    <th scope="col">{t('backlog.overdueAck')}</th>
                    <th scope="col">{t('backlog.overdueDecision')}</th>
                    <th scope="col">{t('backlog.overdueTotal')}</th>
                    {AGES.map((age) => (
                      <th key={age} scope="col">
                        {t('backlog.openAge', { age: t(`age.${age}`) })}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.key}>
                      <th scope="row">{groupLabel(row)}</th>
                      {row.suppressed ? (
                        <td colSpan={3 + AGES.length}>{t('suppressed')}</td>
                      ) : (
                        <>
                          <td>{row.overdue?.acknowledge ?? '—'}</td>
                          <td>{row.overdue?.decision ?? '—'}</td>
                          <td>{row.overdue?.total ?? '—'}</td>
                          {AGES.map((age) => {
                            const bucket = row.backlog?.find((b) => b.age === age);
                            return (
                              <td key={age}>
                                {bucket
                                  ? t('backlog.openValue', { open: bucket.open, awaiting: bucket.awaitingDecision })
                                  : '—'}
                              </td>
                            );
                          })}
                        </>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            }
          />
        )}
      </section>

      <section aria-labelledby="unmet-title" className="panel">
        <h2 id="unmet-title">{t('unmet.title')}</h2>
        <p className="help">{t('unmet.help')}</p>
        <ErrorAlert error={unmet.error} />
        {unmetRows.length === 0 && !unmet.fetching ? (
          <p>{t('unmet.none')}</p>
        ) : (
          <ChartWithTable
            label={t('unmet.caption', { period: periodLabel })}
            chart={
              <BarChart
                labels={[...unmetByNeed.keys()].map(needLabel)}
                yTitle={t('count')}
                summary={t('unmet.summary', { period: periodLabel })}
                series={[
                  { label: t('unmet.referrals'), values: [...unmetByNeed.values()].map((sum) => sum.referrals) },
                  { label: t('unmet.persons'), values: [...unmetByNeed.values()].map((sum) => sum.persons) },
                ]}
              />
            }
            table={
              <table>
                <caption>{t('unmet.caption', { period: periodLabel })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('unmet.need')}</th>
                    <th scope="col">{t('unmet.area')}</th>
                    <th scope="col">{t('unmet.month')}</th>
                    <th scope="col">{t('unmet.referrals')}</th>
                    <th scope="col">{t('unmet.persons')}</th>
                  </tr>
                </thead>
                <tbody>
                  {unmetRows.map((row) => (
                    <tr key={`${row.needCategory}-${row.municipalityCode ?? ''}-${row.period}`}>
                      <th scope="row">{needLabel(row.needCategory)}</th>
                      <td>{row.municipalityName ?? row.municipalityCode ?? t('unmet.noArea')}</td>
                      <td>{row.period}</td>
                      <td>{row.referralCount}</td>
                      <td>{row.personCount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            }
          />
        )}
      </section>
    </div>
  );
}
