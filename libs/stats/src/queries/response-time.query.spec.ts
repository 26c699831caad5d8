import { Sector, Urgency } from '@tsunagu/directory';
import { BacklogAge, StatsGroupBy } from '../dto/enums.js';
import { type Coverage } from '../rollup/coverage.js';
import { ALL_MEASURE_KEYS, type MeasureKey } from './measures.js';
import {
  AWAITING_DECISION_STATUSES,
  BACKLOG_BUCKETS,
  monthlyOpenAggregates,
  OPEN_STATUSES,
  percentileSamples,
  minCellSuppressed,
  monthTableOf,
  readResponseTimeRow,
  responseTimeExactQuery,
  responseTimeOpenQuery,
  responseTimePercentilesQuery,
  responseTimeRowsQuery,
  responseTimeGroupSizesQuery,
  responseTimeTotalsQuery,
  shareInTwo,
  sortGroups,
  type ResponseTimePlan,
} from './response-time.query.js';

const NOW = new Date('2026-08-03T12:00:00+09:00');
const DAY = 24 * 60 * 60 * 1000;
const AGENCY = '11111111-1111-4111-8111-111111111111';

function plan(overrides: Partial<ResponseTimePlan> = {}): ResponseTimePlan {
  return {
    groupBy: StatsGroupBy.SECTOR,
    now: NOW,
    from: null,
    to: null,
    recipientAgencyId: null,
    sector: null,
    urgency: null,
    area: null,
    measures: new Set<MeasureKey>(),
    minCellOwnAgencyId: null,
    ...overrides,
  };
}

/** Everything read from the timing rows: no monthly totals used. */
function live(p: ResponseTimePlan): Coverage {
  return { months: [], live: [{ from: p.from, to: p.to }] };
}

describe('responseTimeRowsQuery, responseTimeGroupSizesQuery, shareInTwo and responseTimeExactQuery', () => {
  it('counts the rows in scope no further than one past the budget', () => {
    const from = new Date('2026-07-01T00:00:00+09:00');
    const query = responseTimeRowsQuery(plan({ from, sector: Sector.HOUSING }), 100);
    expect(query.params).toEqual([from, 'HOUSING', 101]);
    expect(query.sql).toContain('LIMIT $3');
    expect(query.sql).toContain('JOIN agency a ON a.id = t.to_agency_id');
  });

  it("counts each group's rows, or those in the 1/16 sample, groups by sector per recipient", () => {
    const from = new Date('2026-07-01T00:00:00+09:00');
    const urgencies = responseTimeGroupSizesQuery(plan({ groupBy: StatsGroupBy.URGENCY, from }), true);
    expect(urgencies.params).toEqual([from]);
    expect(urgencies.sql).toContain('SELECT t.urgency AS split_key, count(*)::int AS rows');
    expect(urgencies.sql).toContain('t.sample_key < 16');
    expect(urgencies.sql).not.toContain('JOIN agency');
    expect(responseTimeGroupSizesQuery(plan({ groupBy: StatsGroupBy.URGENCY }), false).sql).not.toContain('sample_key');

    const sectors = responseTimeGroupSizesQuery(plan({ groupBy: StatsGroupBy.SECTOR }), false);
    expect(sectors.sql).toContain('SELECT t.to_agency_id AS split_key');
    expect(sectors.sql.match(/JOIN agency a/g)).toHaveLength(1);
    expect(sectors.sql).toMatch(/JOIN agency a ON a\.id = counted\.split_key\s+GROUP BY a\.sector/);
  });

  it('shares items in two of about equal weight, heaviest first, and nothing to share below two items', () => {
    const weight = (item: { rows: number }) => item.rows;
    const items = [5, 40, 10, 30, 20].map((rows) => ({ rows }));
    const shares = shareInTwo(items, weight);
    expect(shares?.map((share) => share.map(weight))).toEqual([
      [40, 10, 5],
      [30, 20],
    ]);
    expect(shares?.flat()).toHaveLength(items.length);
    expect(
      shareInTwo(
        [0, 0, 0, 0].map((rows) => ({ rows })),
        weight,
      )?.map((share) => share.length),
    ).toEqual([2, 2]);
    expect(shareInTwo([{ rows: 7 }], weight)).toBeNull();
    expect(shareInTwo([], weight)).toBeNull();
  });

  it('reads the groups of a share by their native keys, or every group but those', () => {
    const months = responseTimeExactQuery(plan({ groupBy: StatsGroupBy.MONTH }), {
      keys: ['2026-07-01'],
      except: false,
    });
    expect(months.sql).toContain('t.sent_month = ANY($1::date[])');
    expect(months.params).toEqual([['2026-07-01']]);
    const sectors = responseTimeExactQuery(plan(), { keys: ['HOUSING', 'EMPLOYMENT'], except: true });
    expect(sectors.sql).toContain('a.sector <> ALL($1::text[])');
    expect(responseTimeExactQuery(plan()).sql).not.toMatch(/ANY\(|ALL\(/);
  });

  it('reads the totals and the exact percentiles of the durations asked for in one grouping of the rows', () => {
    const own = '11111111-1111-4111-8111-111111111111';
    const from = new Date('2026-07-01T00:00:00+09:00');
    const query = responseTimeExactQuery(
      plan({
        groupBy: StatsGroupBy.AGENCY,
        from,
        measures: new Set(['decision.business']),
        minCellOwnAgencyId: own,
      }),
    );
    expect(query.params).toEqual([from, own]);
    expect(query.sql).toContain('sum(t.decision_business_ms) AS decision_business_sum');
    expect(query.sql).toContain('count(t.decision_business_ms) AS decision_business_sampled');
    expect(query.sql).toContain(
      'to_json(percentile_cont(ARRAY[0.5, 0.9, 0.95]) WITHIN GROUP (ORDER BY t.decision_business_ms)) AS decision_business_percentiles',
    );
    expect(query.sql).not.toContain('acknowledge_calendar_ms');
    expect(query.sql).toContain('count(*) FILTER (WHERE t.to_agency_id <> $2::uuid) AS others_count');
    expect(query.sql).toContain('GROUP BY t.to_agency_id');
    expect(query.sql).toContain('a.code AS agency_code');
    expect(query.sql).not.toContain('referral_timing_month');
  });
});

describe('responseTimeTotalsQuery', () => {
  it('aggregates only the durations asked for, from the stored timing columns', () => {
    const calendarOnly = responseTimeTotalsQuery(
      plan({ measures: new Set(['acknowledge.calendar']) }),
      live(plan()),
    ).sql;
    expect(calendarOnly).toContain('sum(t.acknowledge_calendar_ms) AS acknowledge_calendar_sum');
    expect(calendarOnly).not.toContain('decision_calendar');
    expect(calendarOnly).not.toContain('business_calendar');
    expect(calendarOnly).not.toContain('percentile_cont');

    const all = responseTimeTotalsQuery(plan({ measures: new Set(ALL_MEASURE_KEYS) }), live(plan())).sql;
    expect(all.match(/max\(t\.\w+_ms\)/g)).toHaveLength(8);
  });

  it('passes every filter value as a parameter', () => {
    const from = new Date('2026-07-01T00:00:00+09:00');
    const to = new Date('2026-08-01T00:00:00+09:00');
    const filtered = plan({
      from,
      to,
      recipientAgencyId: '11111111-1111-4111-8111-111111111111',
      sector: Sector.HOUSING,
      urgency: Urgency.HIGH,
      area: { municipalityCodes: ['231100', '231002'], prefectureCode: '230006' },
    });
    const query = responseTimeTotalsQuery(filtered, live(filtered));
    expect(query.params).toEqual([
      from,
      to,
      '11111111-1111-4111-8111-111111111111',
      'HOUSING',
      'HIGH',
      ['231100', '231002'],
      '230006',
      from,
      to,
    ]);
    expect(query.sql).toContain('t.sent_at >= $1');
    expect(query.sql).toContain('t.sent_at < $2');
    expect(query.sql).toContain('t.to_agency_id = $3');
    expect(query.sql).toContain('a.sector = $4');
    expect(query.sql).toContain('t.urgency = $5');
    expect(query.sql).toMatch(/AND t\.sent_at >= \$8\s+AND t\.sent_at < \$9/);
    expect(query.sql).not.toContain('HOUSING');
  });

  it('reads covered months from the monthly totals and the rest of the period from the timing rows', () => {
    const from = new Date('2026-05-15T00:00:00+09:00');
    const to = new Date('2026-08-10T00:00:00+09:00');
    const covered = plan({ groupBy: StatsGroupBy.WEEK, from, to, measures: new Set(['decision.business']) });
    const query = responseTimeTotalsQuery(covered, {
      months: ['2026-06-01', '2026-07-01'],
      live: [
        { from, to: new Date('2026-06-01T00:00:00+09:00') },
        { from: new Date('2026-08-01T00:00:00+09:00'), to },
      ],
    });
    expect(query.sql).toContain('FROM referral_timing t');
    // Each live range is its own part (an index range scan), never ranges joined by OR (a bitmap of the table).
    expect(query.sql).toMatch(/AND t\.sent_at >= \$3\s+AND t\.sent_at < \$4\s+GROUP BY t\.sent_week/);
    expect(query.sql).toMatch(/AND t\.sent_at >= \$5\s+AND t\.sent_at < \$6\s+GROUP BY t\.sent_week/);
    expect(query.sql).not.toContain(' OR (t.sent_at');
    expect(query.sql.match(/FROM referral_timing t\b/g)).toHaveLength(2);
    expect(query.sql).toContain('FROM referral_timing_month_network t');
    expect(query.sql).toContain('t.sent_month = ANY($7::date[])');
    expect(query.sql).toContain('UNION ALL');
    // Maxima combine by max, counts and sums by sum.
    expect(query.sql).toContain('max(decision_business_max) AS decision_business_max');
    expect(query.sql).toContain('sum(decision_business_sum) AS decision_business_sum');
    expect(query.sql).toContain('sum(acknowledge_missed) AS acknowledge_missed');
    expect(query.params.at(-1)).toEqual(['2026-06-01', '2026-07-01']);

    const whole = responseTimeTotalsQuery(covered, { months: ['2026-06-01'], live: [] });
    expect(whole.sql).not.toContain('FROM referral_timing t');
    expect(whole.sql).not.toContain('UNION ALL');
  });

  it('counts other agencies’ referrals per group, in the timing rows and the monthly totals, for the minimum cell', () => {
    const own = '11111111-1111-4111-8111-111111111111';
    const counted = plan({ groupBy: StatsGroupBy.URGENCY, minCellOwnAgencyId: own });
    const query = responseTimeTotalsQuery(counted, { months: ['2026-06-01'], live: [{ from: null, to: null }] });
    expect(query.sql).toMatch(/count\(\*\) FILTER \(WHERE t\.to_agency_id <> \$\d+::uuid\) AS others_count/);
    expect(query.sql).toMatch(
      /CASE WHEN t\.to_agency_id = \$\d+::uuid THEN 0 ELSE t\.referral_count END AS others_count/,
    );
    expect(query.sql).toContain('sum(others_count) AS others_count');
    expect(query.params.filter((value) => value === own)).toHaveLength(2);

    const uncounted = responseTimeTotalsQuery(plan(), { months: ['2026-06-01'], live: [{ from: null, to: null }] });
    expect(uncounted.sql).not.toContain('others_count');
  });

  it('counts as missed only what is settled; unanswered referrals past due are counted with the open ones', () => {
    const { sql } = responseTimeTotalsQuery(plan(), live(plan()));
    expect(sql).toContain(
      't.acknowledged_at IS NULL AND t.closed_at IS NOT NULL AND t.acknowledge_due_at < t.closed_at',
    );
    expect(sql).not.toContain('$1::timestamptz');
    const open = responseTimeOpenQuery(plan(), live(plan())).sql;
    expect(open).toContain(
      't.acknowledged_at IS NULL AND t.closed_at IS NULL AND t.acknowledge_due_at < $1::timestamptz',
    );
  });

  it.each([
    [StatsGroupBy.AGENCY, 'GROUP BY t.to_agency_id'],
    [StatsGroupBy.SECTOR, 'GROUP BY a.sector'],
    [StatsGroupBy.URGENCY, 'GROUP BY t.urgency'],
    [StatsGroupBy.WEEK, 'GROUP BY t.sent_week'],
    [StatsGroupBy.MONTH, 'GROUP BY t.sent_month'],
  ])('groups %s by %s', (groupBy, grouping) => {
    expect(responseTimeTotalsQuery(plan({ groupBy }), live(plan())).sql).toContain(grouping);
  });

  it('joins the agencies per referral only when a sector is involved, and names agencies after grouping', () => {
    expect(responseTimeTotalsQuery(plan({ groupBy: StatsGroupBy.URGENCY }), live(plan())).sql).not.toContain(
      'JOIN agency',
    );
    expect(
      responseTimeTotalsQuery(plan({ groupBy: StatsGroupBy.URGENCY, sector: Sector.DEBT }), live(plan())).sql,
    ).toContain('JOIN agency a ON a.id = t.to_agency_id');
    expect(responseTimeTotalsQuery(plan({ groupBy: StatsGroupBy.AGENCY }), live(plan())).sql).toContain(
      'grouped JOIN agency a ON a.id = grouped.agency_id',
    );
  });

  it('counts as open the sent referrals the state machine has not closed', () => {
    expect(OPEN_STATUSES).toEqual(['REQUESTED', 'RECEIVED', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD']);
    expect(AWAITING_DECISION_STATUSES).toEqual(['REQUESTED', 'RECEIVED']);
  });
});

describe('responseTimeOpenQuery', () => {
  it('reads open referrals only, with the backlog bounds as parameters computed from now', () => {
    const query = responseTimeOpenQuery(plan(), live(plan()));
    expect(query.sql).toContain(`WHERE t.status IN ('REQUESTED', 'RECEIVED', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD')`);
    expect(query.sql).not.toContain('referral_timing_month');
    expect(query.params).toEqual([
      NOW,
      new Date(NOW.getTime() - 1 * DAY),
      new Date(NOW.getTime() - 3 * DAY),
      new Date(NOW.getTime() - 7 * DAY),
      new Date(NOW.getTime() - 30 * DAY),
    ]);
    expect(query.sql).toContain('GROUP BY group_key, bucket');
  });

  it('reads the smallest monthly totals that hold what the view groups and filters by', () => {
    const table = (overrides: Partial<ResponseTimePlan>) => monthTableOf(plan(overrides));
    for (const groupBy of [StatsGroupBy.URGENCY, StatsGroupBy.WEEK, StatsGroupBy.MONTH]) {
      expect(table({ groupBy })).toBe('referral_timing_month_network');
      expect(table({ groupBy, urgency: Urgency.HIGH })).toBe('referral_timing_month_network');
    }
    expect(table({ groupBy: StatsGroupBy.AGENCY })).toBe('referral_timing_month_agency');
    expect(table({ groupBy: StatsGroupBy.SECTOR })).toBe('referral_timing_month_agency');
    expect(table({ groupBy: StatsGroupBy.MONTH, recipientAgencyId: AGENCY })).toBe('referral_timing_month_agency');
    expect(table({ groupBy: StatsGroupBy.MONTH, sector: Sector.HOUSING })).toBe('referral_timing_month_agency');
    expect(table({ groupBy: StatsGroupBy.MONTH, minCellOwnAgencyId: AGENCY })).toBe('referral_timing_month_agency');
    expect(table({ groupBy: StatsGroupBy.WEEK, recipientAgencyId: AGENCY })).toBe('referral_timing_month');
    expect(table({ groupBy: StatsGroupBy.WEEK, area: { municipalityCodes: ['231002'], prefectureCode: '23' } })).toBe(
      'referral_timing_month',
    );
  });

  it('reads settled months from the monthly totals, all in the oldest bucket, and the rest from the open referrals', () => {
    const from = new Date('2026-05-15T00:00:00+09:00');
    const coverage = {
      months: ['2026-06-01', '2026-07-01'],
      live: [
        { from, to: new Date('2026-06-01T00:00:00+09:00') },
        { from: new Date('2026-08-01T00:00:00+09:00'), to: null },
      ],
    };
    const byAgency = responseTimeOpenQuery(plan({ groupBy: StatsGroupBy.AGENCY, from }), coverage);
    // One part per live range, then the months: 4 is the index of OVER_30_DAYS.
    expect(byAgency.sql.match(/FROM referral_timing t\b/g)).toHaveLength(2);
    expect(byAgency.sql).toContain('FROM referral_timing_month_agency t');
    expect(byAgency.sql).toMatch(
      /SELECT t\.to_agency_id AS group_key, 4 AS bucket,\s+t\.open_count AS open, t\.open_awaiting AS awaiting/,
    );
    expect(byAgency.sql).toContain('t.open_count > 0');
    expect(byAgency.sql).toContain('sum(overdue_total) AS overdue_total');
    expect(byAgency.params.at(-1)).toEqual(['2026-06-01', '2026-07-01']);
    expect(BACKLOG_BUCKETS[4].age).toBe('OVER_30_DAYS');

    const byWeek = responseTimeOpenQuery(plan({ groupBy: StatsGroupBy.WEEK, from }), coverage);
    expect(byWeek.sql).toContain('FROM referral_timing_month_network t');
    const byWeekOfOne = responseTimeOpenQuery(
      plan({ groupBy: StatsGroupBy.WEEK, from, recipientAgencyId: AGENCY }),
      coverage,
    );
    expect(byWeekOfOne.sql).toContain('FROM referral_timing_month t');

    // Months alone do not compare with now, so now is not a parameter (PostgreSQL could not type it).
    const monthsOnly = responseTimeOpenQuery(plan(), { months: ['2026-06-01'], live: [] });
    expect(monthsOnly.sql).not.toContain('$2');
    expect(monthsOnly.params).toEqual([['2026-06-01']]);

    // A period with neither months nor live ranges (from = to) reads the period itself, which is empty.
    const empty = responseTimeOpenQuery(plan({ from, to: from }), { months: [], live: [] });
    expect(empty.sql).toContain('FROM referral_timing t');
  });
});

describe('monthlyOpenAggregates', () => {
  it('counts a month’s open referrals as the open query does once every due time has passed', () => {
    const aggregates = monthlyOpenAggregates();
    const open = responseTimeOpenQuery(plan(), live(plan())).sql;
    expect(aggregates.map((aggregate) => aggregate.column)).toEqual([
      'open_count',
      'open_awaiting',
      'open_overdue_acknowledge',
      'open_overdue_decision',
      'open_overdue_total',
      'open_acknowledge_missed',
      'open_decision_missed',
    ]);
    // Each is the open query's own condition on an open referral, with "now" after every due time.
    for (const [index, { aggregate }] of aggregates.entries()) {
      if (index === 0) continue;
      const [, condition] = /^count\(\*\) FILTER \(WHERE t\.status IN \([^)]*\) AND \((.*)\)\)$/s.exec(aggregate) ?? [];
      // Every count but "awaiting" compares a due time.
      if (index > 1) expect(condition).toContain(`'infinity'::timestamptz`);
      expect(open).toContain(`FILTER (WHERE ${condition.replaceAll(`'infinity'::timestamptz`, '$1::timestamptz')})`);
    }
    expect(aggregates[0].aggregate).toBe(
      `count(*) FILTER (WHERE t.status IN ('REQUESTED', 'RECEIVED', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD'))`,
    );
    expect(aggregates[2].aggregate).toContain(`t.acknowledge_due_at < 'infinity'::timestamptz`);
  });
});

describe('percentileSamples', () => {
  const measures = new Set<MeasureKey>(['acknowledge.calendar', 'decision.calendar']);
  const row = (key: string, acknowledged: number, decided: number, referrals = Math.max(acknowledged, decided)) => ({
    key,
    referral_count: String(referrals),
    acknowledge_calendar_count: String(acknowledged),
    decision_calendar_count: String(decided),
  });

  it('keeps every referral of groups within their share of the budget', () => {
    expect(percentileSamples([row('a', 40, 50), row('b', 10, 0)], measures, 100)).toEqual([
      { key: 'a', below: 256 },
      { key: 'b', below: 256 },
    ]);
  });

  it('keeps every referral of every group when all of them fit the budget, however unequal the groups', () => {
    // Shares of 50, but 90 + 5 referrals in all fit the budget of 100.
    expect(percentileSamples([row('a', 90, 20), row('b', 5, 5)], measures, 100)).toEqual([
      { key: 'a', below: 256 },
      { key: 'b', below: 256 },
    ]);
    // 101 referrals do not, even with fewer durations: the group over its share is sampled.
    expect(percentileSamples([row('a', 90, 20), row('b', 5, 5, 11)], measures, 100)).toEqual([
      { key: 'a', below: 16 },
      { key: 'b', below: 256 },
    ]);
  });

  it('samples a larger group at 1/16, halved until its largest measure fits its share', () => {
    // Shares of 50: 2,000 durations -> 1/64 (31.25; 1/32 would be 62.5); 120 -> 1/16 (7.5), the largest
    // rate in the sample index; 50 -> all.
    expect(percentileSamples([row('a', 2000, 10), row('b', 20, 120)], measures, 100)).toEqual([
      { key: 'a', below: 4 },
      { key: 'b', below: 16 },
    ]);
    expect(percentileSamples([row('c', 50, 50), row('d', 1, 1)], measures, 100)).toEqual([
      { key: 'c', below: 256 },
      { key: 'd', below: 256 },
    ]);
  });

  it('never samples below 1 in 256', () => {
    expect(percentileSamples([row('a', 10_000_000, 0)], measures, 1)).toEqual([{ key: 'a', below: 1 }]);
  });
});

describe('responseTimePercentilesQuery', () => {
  const all = plan({ groupBy: StatsGroupBy.MONTH, measures: new Set(ALL_MEASURE_KEYS) });
  const JULY_FROM = new Date('2026-07-01T00:00:00+09:00');
  const AUGUST_FROM = new Date('2026-08-01T00:00:00+09:00');

  it('sorts only the durations asked for, and nothing when none is', () => {
    const one = responseTimePercentilesQuery(plan({ measures: new Set(['completion.business']) }), [
      { key: 'HOUSING', below: 256 },
    ]);
    expect(one?.sql.match(/percentile_cont/g)).toHaveLength(1);
    expect(one?.sql).toContain('ORDER BY t.completion_business_ms');
    expect(
      responseTimePercentilesQuery(all, [{ key: '2026-07', below: 256 }])?.sql.match(/percentile_cont/g),
    ).toHaveLength(8);
    expect(responseTimePercentilesQuery(plan(), [{ key: 'HOUSING', below: 256 }])).toBeNull();
  });

  it('reads each group as its own range, one aggregate per group, never sorting the rows by group first', () => {
    const query = responseTimePercentilesQuery(all, [{ key: '2026-07', below: 256 }]);
    expect(query?.sql).toContain(
      'FROM unnest($1::date[], $2::timestamptz[], $3::timestamptz[]) AS sample(key, sent_from, sent_to)',
    );
    expect(query?.sql).toContain('CROSS JOIN LATERAL');
    expect(query?.sql).toMatch(
      /WHERE t\.sent_month = sample\.key\s+AND t\.sent_at >= sample\.sent_from\s+AND t\.sent_at < sample\.sent_to/,
    );
    expect(query?.sql).not.toContain('GROUP BY');
    expect(query?.sql).not.toContain('sample_key');
    expect(query?.sql).not.toContain('UNION ALL');
    expect(query?.params).toEqual([['2026-07-01'], [JULY_FROM], [AUGUST_FROM]]);

    const weeks = responseTimePercentilesQuery({ ...all, groupBy: StatsGroupBy.WEEK }, [
      { key: '2026-06-29', below: 256 },
    ]);
    expect(weeks?.sql).toContain("to_char(sample.key, 'YYYY-MM-DD') AS key");
    expect(weeks?.params).toEqual([
      ['2026-06-29'],
      [new Date('2026-06-29T00:00:00+09:00')],
      [new Date('2026-07-06T00:00:00+09:00')],
    ]);

    const agencies = responseTimePercentilesQuery({ ...all, groupBy: StatsGroupBy.AGENCY }, [
      { key: AGENCY, below: 256 },
    ]);
    expect(agencies?.sql).toContain('FROM unnest($1::uuid[]) AS sample(key)');
    expect(agencies?.sql).toContain('t.to_agency_id = sample.key');
    const sectors = responseTimePercentilesQuery({ ...all, groupBy: StatsGroupBy.SECTOR }, [
      { key: 'HOUSING', below: 256 },
    ]);
    expect(sectors?.sql).toContain('JOIN agency a ON a.id = t.to_agency_id');
    expect(sectors?.sql).toContain('a.sector = sample.key');
  });

  it('reads sampled groups from the sample indexes, each with its own bound, and exact groups apart', () => {
    const query = responseTimePercentilesQuery(all, [
      { key: '2026-05', below: 8 },
      { key: '2026-06', below: 16 },
    ]);
    expect(query?.sql).not.toContain('UNION ALL');
    expect(query?.sql).toContain('AS sample(key, sent_from, sent_to, below)');
    expect(query?.sql).toContain('t.sample_key < 16');
    expect(query?.sql).toContain('t.sample_key < sample.below');
    expect(query?.params).toEqual([
      ['2026-05-01', '2026-06-01'],
      [new Date('2026-05-01T00:00:00+09:00'), new Date('2026-06-01T00:00:00+09:00')],
      [new Date('2026-06-01T00:00:00+09:00'), JULY_FROM],
      [8, 16],
    ]);

    const agencies = responseTimePercentilesQuery({ ...all, groupBy: StatsGroupBy.AGENCY }, [
      { key: AGENCY, below: 256 },
      { key: '22222222-2222-4222-8222-222222222222', below: 16 },
    ]);
    const [exact, sampled] = agencies!.sql.split('UNION ALL');
    expect(exact).toContain('FROM unnest($1::uuid[]) AS sample(key)');
    expect(exact).not.toContain('sample_key');
    expect(sampled).toContain('FROM unnest($2::uuid[], $3::int[]) AS sample(key, below)');
    expect(sampled).toContain('t.sample_key < sample.below');
    expect(agencies?.params).toEqual([[AGENCY], ['22222222-2222-4222-8222-222222222222'], [16]]);
  });

  it('groups urgencies, which no index ranges, from the sample index and the period', () => {
    const urgencies = plan({ groupBy: StatsGroupBy.URGENCY, measures: new Set(ALL_MEASURE_KEYS) });
    const sampled = responseTimePercentilesQuery(urgencies, [
      { key: 'HIGH', below: 256 },
      { key: 'NORMAL', below: 16 },
    ]);
    expect(sampled?.sql).toContain('t.urgency = ANY($1::text[])');
    expect(sampled?.sql).toContain('JOIN unnest($2::text[], $3::int[]) AS sample(key, below)');
    expect(sampled?.sql).toContain('ON sample.key = t.urgency');
    expect(sampled?.sql).toContain('GROUP BY group_key');
    expect(sampled?.params).toEqual([['HIGH'], ['NORMAL'], [16]]);

    // Only the urgencies listed, even when all are exact: a share of the groups (`shareInTwo`) lists some.
    const exact = responseTimePercentilesQuery(urgencies, [{ key: 'HIGH', below: 256 }]);
    expect(exact?.sql).not.toContain('sample_key');
    expect(exact?.sql).not.toContain('UNION ALL');
    expect(exact?.sql).toContain('t.urgency = ANY($1::text[])');
    expect(exact?.params).toEqual([['HIGH']]);
  });
});

describe('readResponseTimeRow', () => {
  const row = {
    key: '2026-07',
    referral_count: '4',
    acknowledge_calendar_count: '3',
    acknowledge_calendar_max: 7_800_000,
    acknowledge_calendar_sum: 15_000_000,
    acknowledge_business_count: '0',
    acknowledge_business_max: null,
    acknowledge_business_sum: null,
    acknowledge_met: '2',
    acknowledge_missed: '1',
    decision_met: '0',
    decision_missed: '0',
  };
  const open = [
    {
      key: '2026-07',
      bucket: 1,
      open: '2',
      awaiting: '1',
      overdue_acknowledge: '1',
      overdue_decision: '1',
      overdue_total: '1',
    },
    {
      key: '2026-07',
      bucket: 4,
      open: '1',
      awaiting: '0',
      overdue_acknowledge: '0',
      overdue_decision: '0',
      overdue_total: '0',
    },
  ];
  const percentiles = {
    key: '2026-07',
    acknowledge_calendar_sampled: '3',
    acknowledge_calendar_percentiles: [3_600_000, 7_200_000, 7_500_000],
    acknowledge_business_sampled: '0',
    acknowledge_business_percentiles: null,
  };
  const measures = new Set<MeasureKey>(['acknowledge.calendar', 'acknowledge.business']);
  const stats = readResponseTimeRow(row, open, percentiles, StatsGroupBy.MONTH, measures);

  it('reads counts, percentiles and means (sum / count), with nulls for an empty duration', () => {
    expect(stats).toMatchObject({ key: '2026-07', periodStart: '2026-07-01', referralCount: 4, agencyId: null });
    expect(stats.acknowledge!.calendar).toEqual({
      count: 3,
      percentileSampleSize: 3,
      p50Ms: 3_600_000,
      p90Ms: 7_200_000,
      p95Ms: 7_500_000,
      maxMs: 7_800_000,
      meanMs: 5_000_000,
    });
    expect(stats.acknowledge!.business).toEqual({
      count: 0,
      percentileSampleSize: 0,
      p50Ms: null,
      p90Ms: null,
      p95Ms: null,
      maxMs: null,
      meanMs: null,
    });
    expect(stats.decision).toEqual({});
  });

  it('gives a target share only when some outcome is known', () => {
    expect(stats.acknowledgeTarget).toEqual({ met: 2, missed: 1, share: 2 / 3 });
    expect(stats.decisionTarget).toEqual({ met: 0, missed: 0, share: null });
  });

  it('lists every backlog bucket in age order and adds up the overdue referrals', () => {
    expect(stats.backlog).toEqual([
      { age: BacklogAge.UNDER_1_DAY, open: 0, awaitingDecision: 0 },
      { age: BacklogAge.DAYS_1_TO_3, open: 2, awaitingDecision: 1 },
      { age: BacklogAge.DAYS_3_TO_7, open: 0, awaitingDecision: 0 },
      { age: BacklogAge.DAYS_7_TO_30, open: 0, awaitingDecision: 0 },
      { age: BacklogAge.OVER_30_DAYS, open: 1, awaitingDecision: 0 },
    ]);
    expect(stats.overdue).toEqual({ acknowledge: 1, decision: 1, total: 1 });
  });

  it('leaves percentiles null for a group with no percentile row', () => {
    const alone = readResponseTimeRow(row, [], undefined, StatsGroupBy.MONTH, measures);
    expect(alone.acknowledge!.calendar).toMatchObject({
      count: 3,
      percentileSampleSize: 0,
      p50Ms: null,
      meanMs: 5_000_000,
    });
    expect(alone.backlog!.every((bucket) => bucket.open === 0)).toBe(true);
  });

  it('withholds every figure of a suppressed group but its key and referral count', () => {
    const withheld = readResponseTimeRow(row, open, percentiles, StatsGroupBy.MONTH, measures, true);
    expect(withheld).toEqual({
      groupBy: StatsGroupBy.MONTH,
      key: '2026-07',
      agencyId: null,
      sector: null,
      urgency: null,
      periodStart: '2026-07-01',
      referralCount: 4,
      suppressed: true,
      acknowledge: null,
      decision: null,
      start: null,
      completion: null,
      acknowledgeTarget: null,
      decisionTarget: null,
      overdue: null,
      backlog: null,
    });
    expect(stats.suppressed).toBe(false);
  });
});

describe('minCellSuppressed', () => {
  it.each([
    [{ referral_count: '1', others_count: '1' }, true],
    [{ referral_count: '4', others_count: '4' }, true],
    [{ referral_count: '12', others_count: '1' }, true], // the caller's own eleven do not hide the other one
    [{ referral_count: '5', others_count: '5' }, false],
    [{ referral_count: '3', others_count: '0' }, false], // only the caller's own referrals
    [{ referral_count: '1' }, false], // not counted: no minimum cell for this caller
  ])('%j with a minimum of 5: %s', (row, suppressed) => {
    expect(minCellSuppressed(row, 5)).toBe(suppressed);
  });
});

describe('sortGroups', () => {
  it('orders agencies by code and urgencies and sectors as their enums', () => {
    const agencies = [
      { key: 'b', agency_code: 'T-B' },
      { key: 'a', agency_code: 'T-A' },
    ];
    expect(sortGroups(agencies, StatsGroupBy.AGENCY).map((row) => row.key)).toEqual(['a', 'b']);
    const urgencies = ['LOW', 'EMERGENCY', 'NORMAL', 'HIGH'].map((key) => ({ key }));
    expect(sortGroups(urgencies, StatsGroupBy.URGENCY).map((row) => row.key)).toEqual([
      'EMERGENCY',
      'HIGH',
      'NORMAL',
      'LOW',
    ]);
    const sectors = ['HOUSING', 'POVERTY', 'DISABILITY'].map((key) => ({ key }));
    expect(sortGroups(sectors, StatsGroupBy.SECTOR).map((row) => row.key)).toEqual([
      'POVERTY',
      'DISABILITY',
      'HOUSING',
    ]);
  });

  it('orders weeks and months in time', () => {
    const months = ['2026-08', '2025-12', '2026-07'].map((key) => ({ key }));
    expect(sortGroups(months, StatsGroupBy.MONTH).map((row) => row.key)).toEqual(['2025-12', '2026-07', '2026-08']);
    const weeks = ['2026-07-13', '2026-06-29'].map((key) => ({ key }));
    expect(sortGroups(weeks, StatsGroupBy.WEEK).map((row) => row.key)).toEqual(['2026-06-29', '2026-07-13']);
  });
});
