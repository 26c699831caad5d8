import { Sector, Urgency } from '@tsunagu/directory';
import { isOpen, ReferralAction, ReferralStatus, TRANSITIONS } from '@tsunagu/referrals';
import { businessMsBetween, calendarJoin, calendarMsBetween } from '../calendar/business-time.sql.js';
import { BacklogAge, StatsGroupBy } from '../dto/enums.js';
import {
  type DurationSummary,
  type ResponseTimeMeasure,
  type ResponseTimeStats,
  type TargetAttainment,
} from '../dto/response-time-stats.model.js';
import { MEASURE_END, MEASURES, TIME_BASES, type Measure, type MeasureKey, type TimeBasis } from './measures.js';

/** Referrals sent and not in a terminal status: the state machine's open statuses but DRAFT. */
export const OPEN_STATUSES: readonly ReferralStatus[] = Object.values(ReferralStatus).filter(
  (status) => status !== ReferralStatus.DRAFT && isOpen(status),
);
/** Referrals the recipient can still accept or decline. */
export const AWAITING_DECISION_STATUSES: readonly ReferralStatus[] =
  TRANSITIONS.find((rule) => rule.action === ReferralAction.ACCEPT)?.from ?? [];

/** Backlog buckets, youngest first: each is [lower bound, next bucket's bound) of the age since sending. */
export const BACKLOG_BUCKETS: readonly { age: BacklogAge; fromDays: number }[] = [
  { age: BacklogAge.UNDER_1_DAY, fromDays: 0 },
  { age: BacklogAge.DAYS_1_TO_3, fromDays: 1 },
  { age: BacklogAge.DAYS_3_TO_7, fromDays: 3 },
  { age: BacklogAge.DAYS_7_TO_30, fromDays: 7 },
  { age: BacklogAge.OVER_30_DAYS, fromDays: 30 },
];

/** Where the filter's municipality is: its own code and overlapping ones, and its prefecture. */
export interface AreaFilter {
  municipalityCodes: string[];
  prefectureCode: string;
}

export interface ResponseTimePlan {
  groupBy: StatsGroupBy;
  now: Date;
  from: Date | null;
  to: Date | null;
  recipientAgencyId: string | null;
  sector: Sector | null;
  urgency: Urgency | null;
  area: AreaFilter | null;
  measures: ReadonlySet<MeasureKey>;
}

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

/** The group of a referral; WEEK and MONTH are JST, weeks from Monday (ISO). */
function groupKeyOf(groupBy: StatsGroupBy): string {
  switch (groupBy) {
    case StatsGroupBy.AGENCY:
      return 'r.to_agency_id';
    case StatsGroupBy.SECTOR:
      return 'a.sector';
    case StatsGroupBy.URGENCY:
      return 'r.urgency';
    case StatsGroupBy.WEEK:
      return `date_trunc('week', r.sent_at AT TIME ZONE INTERVAL '+09:00')`;
    case StatsGroupBy.MONTH:
      return `date_trunc('month', r.sent_at AT TIME ZONE INTERVAL '+09:00')`;
  }
}

function keyText(groupBy: StatsGroupBy): string {
  switch (groupBy) {
    case StatsGroupBy.WEEK:
      return `to_char(group_key, 'YYYY-MM-DD')`;
    case StatsGroupBy.MONTH:
      return `to_char(group_key, 'YYYY-MM')`;
    case StatsGroupBy.AGENCY:
    case StatsGroupBy.SECTOR:
    case StatsGroupBy.URGENCY:
      return 'group_key::text';
  }
}

/** The column of one measure in one time basis, e.g. `acknowledge_business`. */
export function measureColumn(measure: Measure, basis: TimeBasis): string {
  return `${measure}_${basis}`;
}

/** The query's "now" (the injected clock's), parameter $1. */
const NOW = '$1::timestamptz';

/**
 * One query, one pass over the referrals in scope: the inner query computes each referral's durations and
 * flags once (OFFSET 0 keeps PostgreSQL from re-evaluating them inside every aggregate), the outer one
 * aggregates per group. The calendar is joined only for the business durations that are asked for.
 */
export function responseTimeQuery(plan: ResponseTimePlan): SqlQuery {
  const params: unknown[] = [plan.now];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };

  const fromParam = plan.from ? param(plan.from) : null;
  const wanted = MEASURES.flatMap((measure) =>
    TIME_BASES.filter((basis) => plan.measures.has(`${measure}.${basis}`)).map((basis) => ({ measure, basis })),
  );
  const businessEnds = [...new Set(wanted.filter((entry) => entry.basis === 'business').map((entry) => entry.measure))];
  // Every timestamp of a referral in scope lies between its sending (at or after `from`) and now; a day's
  // margin keeps a timestamp written by an instance whose clock runs a little ahead.
  const within = businessEnds.length ? { from: fromParam, to: `${NOW} + interval '1 day'` } : undefined;
  const joins = businessEnds.length
    ? [
        calendarJoin('cal_sent', 'r.sent_at', within),
        ...businessEnds.map((measure) => calendarJoin(`cal_${measure}`, MEASURE_END[measure], within)),
      ]
    : [];

  const open = list(OPEN_STATUSES);
  const awaiting = list(AWAITING_DECISION_STATUSES);
  const backlogCase = BACKLOG_BUCKETS.slice(1)
    .map((bucket, index) => `WHEN r.sent_at > ${NOW} - interval '${bucket.fromDays} days' THEN ${index}`)
    .join(' ');

  const columns = [
    `${groupKeyOf(plan.groupBy)} AS group_key`,
    ...(plan.groupBy === StatsGroupBy.AGENCY ? ['a.code AS agency_code'] : []),
    ...wanted.map(({ measure, basis }) => {
      const value =
        basis === 'calendar'
          ? calendarMsBetween('r.sent_at', MEASURE_END[measure])
          : businessMsBetween('cal_sent', 'r.sent_at', `cal_${measure}`, MEASURE_END[measure]);
      return `${value} AS ${measureColumn(measure, basis)}`;
    }),
    'r.acknowledged_at <= r.acknowledge_due_at AS acknowledge_met',
    `(r.acknowledged_at > r.acknowledge_due_at
       OR (r.acknowledged_at IS NULL AND r.acknowledge_due_at < COALESCE(r.closed_at, ${NOW}))) AS acknowledge_missed`,
    'r.decided_at <= r.decision_due_at AS decision_met',
    `(r.decided_at > r.decision_due_at
       OR (r.decided_at IS NULL AND r.decision_due_at < COALESCE(r.closed_at, ${NOW}))) AS decision_missed`,
    `(r.status = 'REQUESTED' AND r.acknowledge_due_at < ${NOW}) AS overdue_acknowledge`,
    `(r.status IN (${awaiting}) AND r.decision_due_at < ${NOW}) AS overdue_decision`,
    `CASE WHEN r.status IN (${open}) THEN CASE ${backlogCase} ELSE ${BACKLOG_BUCKETS.length - 1} END END AS backlog_bucket`,
    `r.status IN (${awaiting}) AS awaiting_decision`,
  ];

  const where = ['r.sent_at IS NOT NULL'];
  if (fromParam) where.push(`r.sent_at >= ${fromParam}`);
  if (plan.to) where.push(`r.sent_at < ${param(plan.to)}`);
  if (plan.recipientAgencyId) where.push(`r.to_agency_id = ${param(plan.recipientAgencyId)}`);
  if (plan.sector) where.push(`a.sector = ${param(plan.sector)}`);
  if (plan.urgency) where.push(`r.urgency = ${param(plan.urgency)}`);
  if (plan.area) {
    where.push(`EXISTS (SELECT 1 FROM agency_service_area area WHERE area.agency_id = r.to_agency_id
        AND (area.municipality_code = ANY(${param(plan.area.municipalityCodes)}::char(6)[])
             OR (area.level = 'PREFECTURE' AND area.prefecture_code = ${param(plan.area.prefectureCode)})))`);
  }

  const aggregates = [
    `${keyText(plan.groupBy)} AS key`,
    ...(plan.groupBy === StatsGroupBy.AGENCY ? ['min(agency_code) AS agency_code'] : []),
    'count(*) AS referral_count',
    ...wanted.map(({ measure, basis }) => {
      const column = measureColumn(measure, basis);
      return `count(${column}) AS ${column}_count,
      percentile_cont(ARRAY[0.5, 0.9, 0.95]) WITHIN GROUP (ORDER BY ${column}) AS ${column}_percentiles,
      max(${column}) AS ${column}_max,
      avg(${column}) AS ${column}_mean`;
    }),
    ...['acknowledge_met', 'acknowledge_missed', 'decision_met', 'decision_missed'].map(
      (flag) => `count(*) FILTER (WHERE ${flag}) AS ${flag}`,
    ),
    'count(*) FILTER (WHERE overdue_acknowledge) AS overdue_acknowledge',
    'count(*) FILTER (WHERE overdue_decision) AS overdue_decision',
    'count(*) FILTER (WHERE overdue_acknowledge OR overdue_decision) AS overdue_total',
    ...BACKLOG_BUCKETS.map(
      (_bucket, index) => `count(*) FILTER (WHERE backlog_bucket = ${index}) AS backlog_${index}_open,
      count(*) FILTER (WHERE backlog_bucket = ${index} AND awaiting_decision) AS backlog_${index}_awaiting`,
    ),
  ];

  const sql = `
    SELECT ${aggregates.join(',\n      ')}
    FROM (
      SELECT ${columns.join(',\n        ')}
      FROM referral r
      JOIN agency a ON a.id = r.to_agency_id
      ${joins.join('\n      ')}
      WHERE ${where.join('\n        AND ')}
      OFFSET 0
    ) measured
    GROUP BY group_key
    ORDER BY group_key`;
  return { sql, params };
}

/** A result row: PostgreSQL's bigint counts arrive as strings, float8 values and arrays as numbers. */
export type ResponseTimeRow = Record<string, string | number | number[] | null>;

const count = (value: ResponseTimeRow[string]): number => Number(value ?? 0);
const float = (value: ResponseTimeRow[string]): number | null => (value == null ? null : Number(value));

function summaryOf(row: ResponseTimeRow, column: string): DurationSummary {
  const percentiles = (row[`${column}_percentiles`] as number[] | null) ?? [null, null, null];
  return {
    count: count(row[`${column}_count`]),
    p50Ms: float(percentiles[0]),
    p90Ms: float(percentiles[1]),
    p95Ms: float(percentiles[2]),
    maxMs: float(row[`${column}_max`]),
    meanMs: float(row[`${column}_mean`]),
  };
}

function attainmentOf(met: number, missed: number): TargetAttainment {
  return { met, missed, share: met + missed > 0 ? met / (met + missed) : null };
}

/** The first day of a WEEK or MONTH group. */
function periodStartOf(groupBy: StatsGroupBy, key: string): string | null {
  if (groupBy === StatsGroupBy.WEEK) return key;
  if (groupBy === StatsGroupBy.MONTH) return `${key}-01`;
  return null;
}

/**
 * One group's figures. Durations that were not asked for are left out (the GraphQL layer never reads them:
 * `requestedMeasures` listed what it reads).
 */
export function readResponseTimeRow(
  row: ResponseTimeRow,
  groupBy: StatsGroupBy,
  measures: ReadonlySet<MeasureKey>,
): ResponseTimeStats {
  const key = String(row.key);
  const measureOf = (measure: Measure) =>
    Object.fromEntries(
      TIME_BASES.filter((basis) => measures.has(`${measure}.${basis}`)).map((basis) => [
        basis,
        summaryOf(row, measureColumn(measure, basis)),
      ]),
    ) as unknown as ResponseTimeMeasure;
  return {
    groupBy,
    key,
    agencyId: groupBy === StatsGroupBy.AGENCY ? key : null,
    sector: groupBy === StatsGroupBy.SECTOR ? (key as Sector) : null,
    urgency: groupBy === StatsGroupBy.URGENCY ? (key as Urgency) : null,
    periodStart: periodStartOf(groupBy, key),
    referralCount: count(row.referral_count),
    acknowledge: measureOf('acknowledge'),
    decision: measureOf('decision'),
    start: measureOf('start'),
    completion: measureOf('completion'),
    acknowledgeTarget: attainmentOf(count(row.acknowledge_met), count(row.acknowledge_missed)),
    decisionTarget: attainmentOf(count(row.decision_met), count(row.decision_missed)),
    overdue: {
      acknowledge: count(row.overdue_acknowledge),
      decision: count(row.overdue_decision),
      total: count(row.overdue_total),
    },
    backlog: BACKLOG_BUCKETS.map((bucket, index) => ({
      age: bucket.age,
      open: count(row[`backlog_${index}_open`]),
      awaitingDecision: count(row[`backlog_${index}_awaiting`]),
    })),
  };
}

/** Groups in a stable, readable order: agencies by code, sectors and urgencies in their enum order, periods in time. */
export function sortGroups(rows: ResponseTimeRow[], groupBy: StatsGroupBy): ResponseTimeRow[] {
  const rank = (order: readonly string[]) => (row: ResponseTimeRow) => order.indexOf(String(row.key));
  switch (groupBy) {
    case StatsGroupBy.AGENCY:
      return [...rows].sort((a, b) => String(a.agency_code).localeCompare(String(b.agency_code)));
    case StatsGroupBy.SECTOR: {
      const of = rank(Object.values(Sector));
      return [...rows].sort((a, b) => of(a) - of(b));
    }
    case StatsGroupBy.URGENCY: {
      const of = rank(Object.values(Urgency));
      return [...rows].sort((a, b) => of(a) - of(b));
    }
    case StatsGroupBy.WEEK:
    case StatsGroupBy.MONTH:
      return rows;
  }
}
