import { Sector, Urgency } from '@tsunagu/directory';
import { isOpen, ReferralAction, ReferralStatus, TRANSITIONS } from '@tsunagu/referrals';
import { BacklogAge, StatsGroupBy } from '../dto/enums.js';
import {
  type DurationSummary,
  type ResponseTimeMeasure,
  type ResponseTimeStats,
  type TargetAttainment,
} from '../dto/response-time-stats.model.js';
import { ALL_MEASURE_KEYS, MEASURES, TIME_BASES, type Measure, type MeasureKey, type TimeBasis } from './measures.js';
import { jstMidnight, nextMonth, type Coverage } from '../rollup/coverage.js';

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
  /**
   * The caller's agency when groups are subject to the minimum cell (`StatsAccess.minCell`): the totals then
   * count, per group, the referrals received by other agencies (`others_count`). Null: not counted.
   */
  minCellOwnAgencyId: string | null;
}

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

/** The group of a referral's timing row `t`; WEEK and MONTH are JST, weeks from Monday (ISO). */
function groupKeyOf(groupBy: StatsGroupBy): string {
  switch (groupBy) {
    case StatsGroupBy.AGENCY:
      return 't.to_agency_id';
    case StatsGroupBy.SECTOR:
      return 'a.sector';
    case StatsGroupBy.URGENCY:
      return 't.urgency';
    case StatsGroupBy.WEEK:
      return 't.sent_week';
    case StatsGroupBy.MONTH:
      return 't.sent_month';
  }
}

/** The text of a group key (the `key` the API returns), from the key expression `key`. */
function keyText(groupBy: StatsGroupBy, key: string): string {
  switch (groupBy) {
    case StatsGroupBy.WEEK:
      return `to_char(${key}, 'YYYY-MM-DD')`;
    case StatsGroupBy.MONTH:
      return `to_char(${key}, 'YYYY-MM')`;
    case StatsGroupBy.AGENCY:
    case StatsGroupBy.SECTOR:
    case StatsGroupBy.URGENCY:
      return `${key}::text`;
  }
}

/** The column of one measure in one time basis in the query's output, e.g. `acknowledge_business`. */
export function measureColumn(measure: Measure, basis: TimeBasis): string {
  return `${measure}_${basis}`;
}

/** The `referral_timing` column holding one measure in one time basis, e.g. `t.acknowledge_business_ms`. */
function timingColumn(measure: Measure, basis: TimeBasis): string {
  return `t.${measure}_${basis}_ms`;
}

function wantedOf(plan: ResponseTimePlan): MeasureBasis[] {
  return MEASURES.flatMap((measure) =>
    TIME_BASES.filter((basis) => plan.measures.has(`${measure}.${basis}`)).map((basis) => ({ measure, basis })),
  );
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The query's "now" (the injected clock's), parameter $1. */
const NOW = '$1::timestamptz';

/** Parameters numbered in order, `now` first when the query reads it. */
function parameters(now?: Date) {
  const params: unknown[] = now ? [now] : [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  return { params, param };
}

/** A WHERE clause of all the conditions, or none. */
function whereOf(conditions: readonly string[], indent = '      '): string {
  return conditions.length ? `WHERE ${conditions.join(`\n${indent}AND `)}` : '';
}

/**
 * The monthly totals a view reads, the smallest that holds what it groups and filters by:
 * - `referral_timing_month_network` (month × week × urgency) when nothing depends on the recipient: no
 *   grouping by agency or sector, no recipient, sector or area filter, no minimum cell (which counts other
 *   agencies' referrals);
 * - otherwise `referral_timing_month` (month × week × recipient × urgency) when grouping by week, and
 *   `referral_timing_month_agency` (month × recipient × urgency, about a fifth of the rows) for the rest.
 */
type MonthTable = 'referral_timing_month' | 'referral_timing_month_agency' | 'referral_timing_month_network';

export function monthTableOf(plan: ResponseTimePlan): MonthTable {
  const byRecipient =
    plan.groupBy === StatsGroupBy.AGENCY ||
    plan.groupBy === StatsGroupBy.SECTOR ||
    plan.recipientAgencyId !== null ||
    plan.sector !== null ||
    plan.area !== null ||
    plan.minCellOwnAgencyId !== null;
  if (!byRecipient) return 'referral_timing_month_network';
  return plan.groupBy === StatsGroupBy.WEEK ? 'referral_timing_month' : 'referral_timing_month_agency';
}

/**
 * The rows in scope: FROM and WHERE over `table` as `t` (the timing rows, or the monthly totals, which have
 * the same columns for what `monthTableOf` reads them for), and the recipient `a` when needed.
 */
function scopeOf(
  plan: ResponseTimePlan,
  param: (value: unknown) => string,
  table: 'referral_timing' | MonthTable = 'referral_timing',
): { from: string; where: string[] } {
  const needsAgency = plan.groupBy === StatsGroupBy.SECTOR || plan.sector;
  const where: string[] = [];
  if (plan.from) where.push(`t.sent_at >= ${param(plan.from)}`);
  if (plan.to) where.push(`t.sent_at < ${param(plan.to)}`);
  if (plan.recipientAgencyId) where.push(`t.to_agency_id = ${param(plan.recipientAgencyId)}`);
  if (plan.sector) where.push(`a.sector = ${param(plan.sector)}`);
  if (plan.urgency) where.push(`t.urgency = ${param(plan.urgency)}`);
  if (plan.area) {
    where.push(`EXISTS (SELECT 1 FROM agency_service_area area WHERE area.agency_id = t.to_agency_id
        AND (area.municipality_code = ANY(${param(plan.area.municipalityCodes)}::char(6)[])
             OR (area.level = 'PREFECTURE' AND area.prefecture_code = ${param(plan.area.prefectureCode)})))`);
  }
  return {
    from: `${table} t${needsAgency ? '\n      JOIN agency a ON a.id = t.to_agency_id' : ''}`,
    where,
  };
}

/** A measure in one time basis, e.g. acknowledgement in business time. */
export interface MeasureBasis {
  measure: Measure;
  basis: TimeBasis;
}

/** Every measure in every time basis, as the monthly totals keep them. */
export const ALL_MEASURE_BASES: readonly MeasureBasis[] = MEASURES.flatMap((measure) =>
  TIME_BASES.map((basis) => ({ measure, basis })),
);

/**
 * The additive totals of timing rows `t`, as (column, aggregate) pairs: the referral count; for each measure
 * the count, sum (means are sum / count) and maximum of its durations; and targets met and missed. "Missed"
 * here is settled: answered late, or closed unanswered after the due time. A referral still open and
 * unanswered past its due time is counted with the open referrals (`responseTimeOpenQuery`), because that
 * depends on now. The same pairs build the monthly totals, so both agree by construction.
 */
export function totalsAggregates(measures: readonly MeasureBasis[]): { column: string; aggregate: string }[] {
  return [
    { column: 'referral_count', aggregate: 'count(*)' },
    ...measures.flatMap(({ measure, basis }) => {
      const column = measureColumn(measure, basis);
      const source = timingColumn(measure, basis);
      return [
        { column: `${column}_count`, aggregate: `count(${source})` },
        { column: `${column}_sum`, aggregate: `sum(${source})` },
        { column: `${column}_max`, aggregate: `max(${source})` },
      ];
    }),
    { column: 'acknowledge_met', aggregate: 'count(*) FILTER (WHERE t.acknowledged_at <= t.acknowledge_due_at)' },
    {
      column: 'acknowledge_missed',
      aggregate: `count(*) FILTER (WHERE t.acknowledged_at > t.acknowledge_due_at
        OR (t.acknowledged_at IS NULL AND t.closed_at IS NOT NULL AND t.acknowledge_due_at < t.closed_at))`,
    },
    { column: 'decision_met', aggregate: 'count(*) FILTER (WHERE t.decided_at <= t.decision_due_at)' },
    {
      column: 'decision_missed',
      aggregate: `count(*) FILTER (WHERE t.decided_at > t.decision_due_at
        OR (t.decided_at IS NULL AND t.closed_at IS NOT NULL AND t.decision_due_at < t.closed_at))`,
    },
  ];
}

/** How a group's totals combine across the parts of a period: maxima by max, everything else by sum. */
export function combined(column: string): string {
  return column.endsWith('_max') ? `max(${column}) AS ${column}` : `sum(${column}) AS ${column}`;
}

/**
 * The exact part of the figures, per group: the totals of `totalsAggregates` over the period, read from the
 * monthly totals for the months `coverage` allows and from the timing rows for the rest. Its counts also size
 * the percentile sample (`percentileSamples`).
 */
export function responseTimeTotalsQuery(plan: ResponseTimePlan, coverage: Coverage): SqlQuery {
  const { params, param } = parameters();
  const groupKey = groupKeyOf(plan.groupBy);
  const totals = totalsAggregates(wantedOf(plan));
  const own = plan.minCellOwnAgencyId;
  // Per group, the referrals received by other agencies than the caller's, for the minimum cell.
  const othersLive = () =>
    own ? `,\n        count(*) FILTER (WHERE t.to_agency_id <> ${param(own)}::uuid) AS others_count` : '';
  const othersMonth = () =>
    own ? `, CASE WHEN t.to_agency_id = ${param(own)}::uuid THEN 0 ELSE t.referral_count END AS others_count` : '';
  const parts: string[] = [];
  // One part per live range, each a range scan of the covering index on the sending time (ranges joined by
  // OR would be read as a bitmap of the table's pages instead, one heap page per row).
  const liveScope = coverage.live.length > 0 ? scopeOf(plan, param) : null;
  for (const range of liveScope ? coverage.live : []) {
    const scope = liveScope!;
    const bounds = [
      ...(range.from ? [`t.sent_at >= ${param(range.from)}`] : []),
      ...(range.to ? [`t.sent_at < ${param(range.to)}`] : []),
    ];
    parts.push(`SELECT ${groupKey} AS group_key, ${totals.map((total) => `${total.aggregate} AS ${total.column}`).join(',\n        ')}${othersLive()}
      FROM ${scope.from}
      ${whereOf([...scope.where, ...bounds], '        ')}
      GROUP BY ${groupKey}`);
  }
  if (coverage.months.length > 0) {
    const scope = scopeOf({ ...plan, from: null, to: null }, param, monthTableOf(plan));
    parts.push(`SELECT ${groupKey} AS group_key, ${totals.map((total) => `t.${total.column}`).join(', ')}${othersMonth()}
      FROM ${scope.from}
      ${whereOf([...scope.where, `t.sent_month = ANY(${param(coverage.months)}::date[])`], '        ')}`);
  }
  const grouped = `
    SELECT ${keyText(plan.groupBy, 'group_key')} AS key,
      ${plan.groupBy === StatsGroupBy.AGENCY ? 'group_key AS agency_id,' : ''}
      ${totals.map((total) => combined(total.column)).join(',\n      ')}${own ? ',\n      sum(others_count) AS others_count' : ''}
    FROM (
      ${parts.join('\n      UNION ALL\n      ')}
    ) parts
    GROUP BY group_key`;
  // Agencies are named (for their order) after aggregating, not once per referral.
  const sql =
    plan.groupBy === StatsGroupBy.AGENCY
      ? `SELECT grouped.*, a.code AS agency_code FROM (${grouped}) grouped JOIN agency a ON a.id = grouped.agency_id`
      : grouped;
  return { sql, params };
}

/** Open statuses, as the partial index on open referrals has them. */
const OPEN_CONDITION = `t.status IN (${list(OPEN_STATUSES)})`;

/** An instant after every due time: counted at it, every open referral with a due time is past it. */
const AFTER_EVERY_DUE_TIME = `'infinity'::timestamptz`;

/**
 * What is counted of the open referrals of a group, as of the instant `now` (SQL): each count's column in
 * the open query, its column in the monthly totals, and the condition on a timing row `t` (none: every open
 * referral). The monthly totals count at `AFTER_EVERY_DUE_TIME`, so the same conditions give both.
 */
function openCounts(now: string): { column: string; monthColumn: string; condition: string | null }[] {
  const awaiting = `t.status IN (${list(AWAITING_DECISION_STATUSES)})`;
  const overdueAcknowledge = `t.status = 'REQUESTED' AND t.acknowledge_due_at < ${now}`;
  const overdueDecision = `${awaiting} AND t.decision_due_at < ${now}`;
  return [
    { column: 'open', monthColumn: 'open_count', condition: null },
    { column: 'awaiting', monthColumn: 'open_awaiting', condition: awaiting },
    { column: 'overdue_acknowledge', monthColumn: 'open_overdue_acknowledge', condition: overdueAcknowledge },
    { column: 'overdue_decision', monthColumn: 'open_overdue_decision', condition: overdueDecision },
    {
      column: 'overdue_total',
      monthColumn: 'open_overdue_total',
      condition: `(${overdueAcknowledge}) OR (${overdueDecision})`,
    },
    {
      column: 'acknowledge_missed_open',
      monthColumn: 'open_acknowledge_missed',
      condition: `t.acknowledged_at IS NULL AND t.closed_at IS NULL AND t.acknowledge_due_at < ${now}`,
    },
    {
      column: 'decision_missed_open',
      monthColumn: 'open_decision_missed',
      condition: `t.decided_at IS NULL AND t.closed_at IS NULL AND t.decision_due_at < ${now}`,
    },
  ];
}

/**
 * The open-referral counts the monthly totals keep, as (column, aggregate) pairs over every timing row `t` of
 * a month: the counts of `responseTimeOpenQuery` once every due time has passed. They are true of a month whose
 * referrals were all sent before the oldest backlog bucket begins and whose open referrals' due times
 * (`MONTH_OPEN_DUE_MAX`) have all passed (`openSettledMonths`).
 */
export function monthlyOpenAggregates(): { column: string; aggregate: string }[] {
  return openCounts(AFTER_EVERY_DUE_TIME).map(({ monthColumn, condition }) => ({
    column: monthColumn,
    aggregate: `count(*) FILTER (WHERE ${OPEN_CONDITION}${condition ? ` AND (${condition})` : ''})`,
  }));
}

/** The latest due time of the open referrals among timing rows `t`. */
export const MONTH_OPEN_DUE_MAX = `max(greatest(t.acknowledge_due_at, t.decision_due_at)) FILTER (WHERE ${OPEN_CONDITION})`;

/**
 * The open referrals in scope, per group and backlog bucket: how many, how many await a decision, how many
 * are overdue now, and how many have missed a target without an answer yet (the part of "missed" that
 * depends on now). The months `coverage` allows (`openSettledMonths`) are read from the monthly totals, all in
 * the oldest bucket; the rest of the period from the open referrals' partial index, one range at a time.
 */
export function responseTimeOpenQuery(plan: ResponseTimePlan, coverage: Coverage): SqlQuery {
  // An empty period has neither: its one live part is the period itself, which selects nothing.
  const live = coverage.live.length + coverage.months.length > 0 ? coverage.live : [{ from: null, to: null }];
  // Only the live parts compare with now.
  const { params, param } = parameters(live.length > 0 ? plan.now : undefined);
  const groupKey = groupKeyOf(plan.groupBy);
  const counts = openCounts(NOW);
  const oldest = BACKLOG_BUCKETS.length - 1;
  const parts: string[] = [];
  if (live.length > 0) {
    const scope = scopeOf(plan, param);
    // Bucket bounds are computed here, once, rather than as timestamp arithmetic on every row.
    const bucket = `CASE ${BACKLOG_BUCKETS.slice(1)
      .map(
        (bucket, index) =>
          `WHEN t.sent_at > ${param(new Date(plan.now.getTime() - bucket.fromDays * DAY_MS))} THEN ${index}`,
      )
      .join(' ')} ELSE ${oldest} END`;
    for (const range of live) {
      const bounds = [
        ...(range.from ? [`t.sent_at >= ${param(range.from)}`] : []),
        ...(range.to ? [`t.sent_at < ${param(range.to)}`] : []),
      ];
      parts.push(`SELECT ${groupKey} AS group_key, ${bucket} AS bucket,
        ${counts.map(({ column, condition }) => `count(*)${condition ? ` FILTER (WHERE ${condition})` : ''} AS ${column}`).join(',\n        ')}
      FROM ${scope.from}
      ${whereOf([OPEN_CONDITION, ...scope.where, ...bounds], '        ')}
      GROUP BY group_key, bucket`);
    }
  }
  if (coverage.months.length > 0) {
    const scope = scopeOf({ ...plan, from: null, to: null }, param, monthTableOf(plan));
    parts.push(`SELECT ${groupKey} AS group_key, ${oldest} AS bucket,
        ${counts.map(({ column, monthColumn }) => `t.${monthColumn} AS ${column}`).join(', ')}
      FROM ${scope.from}
      ${whereOf([...scope.where, `t.sent_month = ANY(${param(coverage.months)}::date[])`, 't.open_count > 0'], '        ')}`);
  }
  const sql = `
    SELECT ${keyText(plan.groupBy, 'group_key')} AS key, bucket,
      ${counts.map(({ column }) => `sum(${column}) AS ${column}`).join(',\n      ')}
    FROM (
      ${parts.join('\n      UNION ALL\n      ')}
    ) open_parts
    GROUP BY group_key, bucket`;
  return { sql, params };
}

/** The percentiles of one group are computed from the timing rows with `sample_key < below` (256: all of them). */
export interface GroupSample {
  key: string;
  below: number;
}

/** The SQL type of each group key, so the sample bounds join on the key itself (no text per row). */
const NATIVE_KEY_TYPE: Record<StatsGroupBy, string> = {
  [StatsGroupBy.AGENCY]: 'uuid',
  [StatsGroupBy.SECTOR]: 'text',
  [StatsGroupBy.URGENCY]: 'text',
  [StatsGroupBy.WEEK]: 'date',
  [StatsGroupBy.MONTH]: 'date',
};

/** A group's key as its native value: a MONTH key (YYYY-MM) is the month's first day. */
function nativeKey(groupBy: StatsGroupBy, key: string): string {
  return groupBy === StatsGroupBy.MONTH ? `${key}-01` : key;
}

/** Every referral: `sample_key` is a byte. */
export const WHOLE_SAMPLE = 256;

/**
 * Sampled groups read at most 1/16 of their referrals, so every sampled row is in the partial index
 * `ix_referral_timing_sample` (`sample_key < 16`) and the percentiles of a whole-history view are read from
 * that index alone.
 */
export const SAMPLE_INDEX_BELOW = 16;

/**
 * How much of each group the percentiles sort. A request sorts at most about `budget` durations per measure.
 * When its groups hold no more referrals than that in all, every group gets exact percentiles. Otherwise each
 * group may use an equal share: a group whose largest measure is within its share is exact, a larger one is
 * sampled at 1/16, or at the largest smaller rate 1/2^k that fits its share, by `sample_key`: the same
 * referrals every time, a fixed sample for fixed data.
 */
export function percentileSamples(
  totals: readonly ResponseTimeRow[],
  measures: ReadonlySet<MeasureKey>,
  budget: number,
): GroupSample[] {
  const share = Math.max(1, Math.floor(budget / Math.max(1, totals.length)));
  const columns = ALL_MEASURE_KEYS.filter((key) => measures.has(key)).map((key) => {
    const [measure, basis] = key.split('.') as [Measure, TimeBasis];
    return `${measureColumn(measure, basis)}_count`;
  });
  const fits = total(totals, 'referral_count') <= budget;
  return totals.map((row) => {
    const size = Math.max(0, ...columns.map((column) => count(row[column])));
    if (fits || size <= share) return { key: String(row.key), below: WHOLE_SAMPLE };
    let below = SAMPLE_INDEX_BELOW;
    while (below > 1 && (size * below) / WHOLE_SAMPLE > share) below /= 2;
    return { key: String(row.key), below };
  });
}

/** The first day after a WEEK (YYYY-MM-DD, a Monday) or MONTH (YYYY-MM) group, as YYYY-MM-DD. */
function dayAfter(groupBy: StatsGroupBy.WEEK | StatsGroupBy.MONTH, key: string): string {
  if (groupBy === StatsGroupBy.MONTH) return nextMonth(nativeKey(groupBy, key));
  return new Date(Date.parse(`${key}T00:00:00Z`) + 7 * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The percentiles (p50, p90, p95, interpolated as percentile_cont) of the durations asked for, for the groups
 * `samples` lists and only those, over each group's sample, with the number of durations each was computed
 * from. Null when no duration is asked for: there is nothing to sort.
 *
 * A group that is one index range (an agency, the agencies of a sector, a week, a month) is read range by range
 * (`groupRangesPercentilesQuery`): its rows arrive ready for its own sorts, and the whole sample is never
 * sorted by group first, which took half the time. Groups by urgency are not ranges of any index (they are
 * few and large): their rows come from the sample index (sampled groups) or the period (exact groups), then
 * are grouped.
 */
export function responseTimePercentilesQuery(plan: ResponseTimePlan, samples: readonly GroupSample[]): SqlQuery | null {
  const wanted = wantedOf(plan);
  if (wanted.length === 0 || samples.length === 0) return null;
  const exact = samples.filter((sample) => sample.below === WHOLE_SAMPLE);
  const sampled = samples.filter((sample) => sample.below < WHOLE_SAMPLE);
  if (plan.groupBy !== StatsGroupBy.URGENCY)
    return groupRangesPercentilesQuery(plan, plan.groupBy, wanted, exact, sampled);
  const { params, param } = parameters();
  const scope = scopeOf(plan, param);
  const groupKey = groupKeyOf(plan.groupBy);
  const projection = [
    `${groupKey} AS group_key`,
    ...wanted.map(({ measure, basis }) => `${timingColumn(measure, basis)} AS ${measureColumn(measure, basis)}`),
  ].join(', ');

  const parts: string[] = [];
  if (exact.length > 0) {
    // Only the groups listed: they may be some of the urgencies only (`shareInTwo`).
    const only = `t.urgency = ANY(${param(exact.map((sample) => sample.key))}::text[])`;
    parts.push(`SELECT ${projection}
      FROM ${scope.from}
      ${whereOf([...scope.where, only], '        ')}`);
  }
  if (sampled.length > 0) {
    const keys = param(sampled.map((sample) => nativeKey(plan.groupBy, sample.key)));
    const belows = param(sampled.map((sample) => sample.below));
    parts.push(`SELECT ${projection}
      FROM ${scope.from}
      JOIN unnest(${keys}::${NATIVE_KEY_TYPE[plan.groupBy]}[], ${belows}::int[]) AS sample(key, below)
        ON sample.key = ${groupKey}
      ${whereOf([...scope.where, `t.sample_key < ${SAMPLE_INDEX_BELOW}`, 't.sample_key < sample.below'], '        ')}`);
  }

  const aggregates = [
    `${keyText(plan.groupBy, 'group_key')} AS key`,
    ...percentileAggregates(wanted, (measure, basis) => measureColumn(measure, basis)),
  ];
  const sql = `
    SELECT ${aggregates.join(',\n      ')}
    FROM (
      ${parts.join('\n      UNION ALL\n      ')}
    ) sampled_rows
    GROUP BY group_key`;
  return { sql, params };
}

/**
 * The percentiles per group, each group's rows read as the index range its key selects, as one aggregate per
 * group (`CROSS JOIN LATERAL`): through `ix_referral_timing_sample_agency` (sampled agencies, and the agencies
 * of a sampled sector), `ix_referral_timing_agency_sent` (exact ones) or the sending-time indexes (weeks and
 * months, with their sending times). Exact and sampled groups are two parts,
 * because only the sampled ones can use the partial sample indexes. A group without rows gives a row of
 * zero counts and null percentiles, read as no row.
 */
function groupRangesPercentilesQuery(
  plan: ResponseTimePlan,
  groupBy: Exclude<StatsGroupBy, StatsGroupBy.URGENCY>,
  wanted: readonly MeasureBasis[],
  exact: readonly GroupSample[],
  sampled: readonly GroupSample[],
): SqlQuery {
  const { params, param } = parameters();
  const scope = scopeOf(plan, param);
  const aggregates = percentileAggregates(wanted, timingColumn);
  const part = (groups: readonly GroupSample[], sampled: boolean): string => {
    const keys = groups.map((sample) => nativeKey(groupBy, sample.key));
    const arrays = [`${param(keys)}::${NATIVE_KEY_TYPE[groupBy]}[]`];
    const names = ['key'];
    const conditions = [...scope.where];
    switch (groupBy) {
      case StatsGroupBy.AGENCY:
        conditions.push('t.to_agency_id = sample.key');
        break;
      case StatsGroupBy.SECTOR:
        conditions.push('a.sector = sample.key');
        break;
      case StatsGroupBy.WEEK:
      case StatsGroupBy.MONTH:
        arrays.push(
          `${param(groups.map((sample) => jstMidnight(nativeKey(groupBy, sample.key))))}::timestamptz[]`,
          `${param(groups.map((sample) => jstMidnight(dayAfter(groupBy, sample.key))))}::timestamptz[]`,
        );
        names.push('sent_from', 'sent_to');
        conditions.push(
          `${groupKeyOf(groupBy)} = sample.key`,
          't.sent_at >= sample.sent_from',
          't.sent_at < sample.sent_to',
        );
        break;
    }
    if (sampled) {
      arrays.push(`${param(groups.map((sample) => sample.below))}::int[]`);
      names.push('below');
      conditions.push(`t.sample_key < ${SAMPLE_INDEX_BELOW}`, 't.sample_key < sample.below');
    }
    return `SELECT ${keyText(groupBy, 'sample.key')} AS key, p.*
      FROM unnest(${arrays.join(', ')}) AS sample(${names.join(', ')})
      CROSS JOIN LATERAL (
        SELECT ${aggregates.join(',\n          ')}
        FROM ${scope.from}
        ${whereOf(conditions, '          ')}
      ) p`;
  };
  const parts = [
    ...(exact.length > 0 ? [part(exact, false)] : []),
    ...(sampled.length > 0 ? [part(sampled, true)] : []),
  ];
  return { sql: parts.join('\n    UNION ALL\n    '), params };
}

/**
 * For each duration asked for, how many durations its percentiles come from (`_sampled`) and the p50, p90
 * and p95 (`_percentiles`, interpolated as percentile_cont), over the column `source` names. The three come as
 * a JSON array, which node-pg reads with `JSON.parse`: node-pg parses a PostgreSQL array's text character by
 * character in JavaScript, 1.7 ms for the 1,368 arrays of 171 groups against 0.4 ms as JSON.
 */
function percentileAggregates(
  wanted: readonly MeasureBasis[],
  source: (measure: Measure, basis: TimeBasis) => string,
): string[] {
  return wanted.map(({ measure, basis }) => {
    const column = measureColumn(measure, basis);
    const value = source(measure, basis);
    return `count(${value}) AS ${column}_sampled,
      to_json(percentile_cont(ARRAY[0.5, 0.9, 0.95]) WITHIN GROUP (ORDER BY ${value})) AS ${column}_percentiles`;
  });
}

/**
 * How many timing rows are in scope, counting no further than `limit` + 1: whether the whole selection fits
 * the percentile budget, at the cost of reading at most that many index entries.
 */
export function responseTimeRowsQuery(plan: ResponseTimePlan, limit: number): SqlQuery {
  const { params, param } = parameters();
  const scope = scopeOf(plan, param);
  const sql = `
    SELECT count(*)::int AS rows FROM (
      SELECT 1 FROM ${scope.from}
      ${whereOf(scope.where, '        ')}
      LIMIT ${param(limit + 1)}
    ) bounded`;
  return { sql, params };
}

/**
 * How many timing rows each group in scope has, or when `sampled`, how many of its rows are in the 1/16 sample
 * (`ix_referral_timing_sample`): enough to share the groups between two connections (`shareInTwo`) for a
 * sixteenth of the reading. A group may then have no sampled row and not be listed. Keys are native
 * (`NATIVE_KEY_TYPE`, a month as its first day), as `responseTimeExactQuery` takes them. Groups by sector are
 * counted per recipient and named after counting: the agency is joined once per recipient, not per row.
 */
export function responseTimeGroupSizesQuery(plan: ResponseTimePlan, sampled: boolean): SqlQuery {
  const { params, param } = parameters();
  const bySector = plan.groupBy === StatsGroupBy.SECTOR;
  const scope = scopeOf(bySector ? { ...plan, groupBy: StatsGroupBy.AGENCY } : plan, param);
  const inSample = sampled ? [`t.sample_key < ${SAMPLE_INDEX_BELOW}`] : [];
  const counted = `SELECT ${bySector ? 't.to_agency_id' : groupKeyOf(plan.groupBy)} AS split_key, count(*)::int AS rows
      FROM ${scope.from}
      ${whereOf([...scope.where, ...inSample], '        ')}
      GROUP BY split_key`;
  const sql = bySector
    ? `
    SELECT a.sector::text AS key, sum(counted.rows)::int AS rows
    FROM (${counted}) counted
      JOIN agency a ON a.id = counted.split_key
    GROUP BY a.sector`
    : `
    SELECT counted.split_key::text AS key, counted.rows FROM (${counted}) counted`;
  return { sql, params };
}

/**
 * Items in two shares of about equal weight, heaviest first, each to the lighter share; null when there are
 * fewer than two items to share.
 */
export function shareInTwo<T>(items: readonly T[], weight: (item: T) => number): [T[], T[]] | null {
  if (items.length < 2) return null;
  const shares: [T[], T[]] = [[], []];
  const weights = [0, 0];
  for (const item of [...items].sort((a, b) => weight(b) - weight(a))) {
    // Of two shares of equal weight, the one with fewer items: weightless items alternate.
    const lighter =
      weights[0] < weights[1] || (weights[0] === weights[1] && shares[0].length <= shares[1].length) ? 0 : 1;
    shares[lighter].push(item);
    weights[lighter] += weight(item);
  }
  return shares;
}

/**
 * A selection that fits the percentile budget, in one pass over its timing rows: the totals of
 * `responseTimeTotalsQuery` and the exact percentiles of `responseTimePercentilesQuery`, per group, in the
 * columns of both. The monthly totals are not used: reading rows is what the percentiles need anyway. The
 * statistics read groups by urgency this way; other groups are index ranges, whose percentiles are cheaper
 * read range by range than sorted out of one grouping (`StatsService.totalsAndPercentiles`).
 * `share`: only the groups of those keys (native, as `responseTimeGroupSizesQuery` gives them), or every group
 * but those (`except`); none: every group.
 */
export function responseTimeExactQuery(
  plan: ResponseTimePlan,
  share?: { keys: readonly string[]; except: boolean },
): SqlQuery {
  const { params, param } = parameters();
  const scope = scopeOf(plan, param);
  const groupKey = groupKeyOf(plan.groupBy);
  if (share) {
    const keys = `${param(share.keys)}::${NATIVE_KEY_TYPE[plan.groupBy]}[]`;
    scope.where.push(share.except ? `${groupKey} <> ALL(${keys})` : `${groupKey} = ANY(${keys})`);
  }
  const wanted = wantedOf(plan);
  const own = plan.minCellOwnAgencyId;
  const columns = [
    `${keyText(plan.groupBy, groupKey)} AS key`,
    ...(plan.groupBy === StatsGroupBy.AGENCY ? [`${groupKey} AS agency_id`] : []),
    ...totalsAggregates(wanted).map((total) => `${total.aggregate} AS ${total.column}`),
    ...(own ? [`count(*) FILTER (WHERE t.to_agency_id <> ${param(own)}::uuid) AS others_count`] : []),
    ...percentileAggregates(wanted, timingColumn),
  ];
  const grouped = `
    SELECT ${columns.join(',\n      ')}
    FROM ${scope.from}
    ${whereOf(scope.where)}
    GROUP BY ${groupKey}`;
  const sql =
    plan.groupBy === StatsGroupBy.AGENCY
      ? `SELECT grouped.*, a.code AS agency_code FROM (${grouped}) grouped JOIN agency a ON a.id = grouped.agency_id`
      : grouped;
  return { sql, params };
}

/** A result row: PostgreSQL's bigint counts arrive as strings, float8 values and arrays as numbers. */
export type ResponseTimeRow = Record<string, string | number | number[] | null>;

const count = (value: ResponseTimeRow[string]): number => Number(value ?? 0);
const total = (rows: readonly ResponseTimeRow[], column: string): number =>
  rows.reduce((sum, row) => sum + count(row[column]), 0);
const float = (value: ResponseTimeRow[string]): number | null => (value == null ? null : Number(value));

/** The result columns of one duration (`measureColumn`), named once rather than per group and request. */
interface SummaryColumns {
  count: string;
  sum: string;
  max: string;
  sampled: string;
  percentiles: string;
}

/** Each measure's time bases, with their keys and result columns. */
const BASES_OF = new Map<Measure, { basis: TimeBasis; key: MeasureKey; columns: SummaryColumns }[]>(
  MEASURES.map((measure) => [
    measure,
    TIME_BASES.map((basis) => {
      const column = measureColumn(measure, basis);
      return {
        basis,
        key: `${measure}.${basis}` as const,
        columns: {
          count: `${column}_count`,
          sum: `${column}_sum`,
          max: `${column}_max`,
          sampled: `${column}_sampled`,
          percentiles: `${column}_percentiles`,
        },
      };
    }),
  ]),
);

function summaryOf(
  row: ResponseTimeRow,
  percentileRow: ResponseTimeRow | undefined,
  columns: SummaryColumns,
): DurationSummary {
  const percentiles = (percentileRow?.[columns.percentiles] as number[] | null | undefined) ?? [null, null, null];
  const durations = count(row[columns.count]);
  return {
    count: durations,
    percentileSampleSize: count(percentileRow?.[columns.sampled] ?? null),
    p50Ms: float(percentiles[0]),
    p90Ms: float(percentiles[1]),
    p95Ms: float(percentiles[2]),
    maxMs: float(row[columns.max]),
    meanMs: durations > 0 ? Number(row[columns.sum]) / durations : null,
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
 * Whether a group's figures are withheld from the caller: it holds referrals received by other agencies than
 * the caller's (`others_count`, counted when the plan has `minCellOwnAgencyId`), at least one and fewer than
 * `minCell`. Those few referrals' times, targets and states would be other agencies' own business.
 */
export function minCellSuppressed(row: ResponseTimeRow, minCell: number): boolean {
  const others = count(row.others_count ?? null);
  return others > 0 && others < minCell;
}

/**
 * One group's figures, from its totals row, its open referrals' rows (one per backlog bucket) and its
 * percentiles row. Durations that were not asked for are left out (the GraphQL layer never reads them:
 * `requestedMeasures` listed what it reads). A `suppressed` group keeps its key and referral count only.
 */
export function readResponseTimeRow(
  row: ResponseTimeRow,
  openRows: readonly ResponseTimeRow[],
  percentileRow: ResponseTimeRow | undefined,
  groupBy: StatsGroupBy,
  measures: ReadonlySet<MeasureKey>,
  suppressed = false,
): ResponseTimeStats {
  const key = String(row.key);
  const group = {
    groupBy,
    key,
    agencyId: groupBy === StatsGroupBy.AGENCY ? key : null,
    sector: groupBy === StatsGroupBy.SECTOR ? (key as Sector) : null,
    urgency: groupBy === StatsGroupBy.URGENCY ? (key as Urgency) : null,
    periodStart: periodStartOf(groupBy, key),
    referralCount: count(row.referral_count),
  };
  if (suppressed) {
    return {
      ...group,
      suppressed: true,
      acknowledge: null,
      decision: null,
      start: null,
      completion: null,
      acknowledgeTarget: null,
      decisionTarget: null,
      overdue: null,
      backlog: null,
    };
  }
  const measureOf = (measure: Measure) => {
    const figures: Partial<Record<TimeBasis, DurationSummary>> = {};
    for (const { basis, key, columns } of BASES_OF.get(measure)!) {
      if (measures.has(key)) figures[basis] = summaryOf(row, percentileRow, columns);
    }
    return figures as ResponseTimeMeasure;
  };
  return {
    ...group,
    suppressed: false,
    acknowledge: measureOf('acknowledge'),
    decision: measureOf('decision'),
    start: measureOf('start'),
    completion: measureOf('completion'),
    acknowledgeTarget: attainmentOf(
      count(row.acknowledge_met),
      count(row.acknowledge_missed) + total(openRows, 'acknowledge_missed_open'),
    ),
    decisionTarget: attainmentOf(
      count(row.decision_met),
      count(row.decision_missed) + total(openRows, 'decision_missed_open'),
    ),
    overdue: {
      acknowledge: total(openRows, 'overdue_acknowledge'),
      decision: total(openRows, 'overdue_decision'),
      total: total(openRows, 'overdue_total'),
    },
    backlog: BACKLOG_BUCKETS.map((bucket, index) => {
      const inBucket = openRows.filter((open) => Number(open.bucket) === index);
      return { age: bucket.age, open: total(inBucket, 'open'), awaitingDecision: total(inBucket, 'awaiting') };
    }),
  };
}

/** `localeCompare`'s order, with its locale data looked up once. */
const CODE_ORDER = new Intl.Collator();

/** Groups in a stable, readable order: agencies by code, sectors and urgencies in their enum order, periods in time. */
export function sortGroups(rows: ResponseTimeRow[], groupBy: StatsGroupBy): ResponseTimeRow[] {
  const rank = (order: readonly string[]) => (row: ResponseTimeRow) => order.indexOf(String(row.key));
  switch (groupBy) {
    case StatsGroupBy.AGENCY:
      return [...rows].sort((a, b) => CODE_ORDER.compare(String(a.agency_code), String(b.agency_code)));
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
      // YYYY-MM-DD and YYYY-MM keys sort as text in time order.
      return [...rows].sort((a, b) => (String(a.key) < String(b.key) ? -1 : String(a.key) > String(b.key) ? 1 : 0));
  }
}
