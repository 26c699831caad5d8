import { Sector, Urgency } from '@tsunagu/directory';
import { BacklogAge, StatsGroupBy } from '../dto/enums.js';
import { ALL_MEASURE_KEYS, type MeasureKey } from './measures.js';
import {
  AWAITING_DECISION_STATUSES,
  OPEN_STATUSES,
  readResponseTimeRow,
  responseTimeQuery,
  sortGroups,
  type ResponseTimePlan,
} from './response-time.query.js';

const NOW = new Date('2026-08-03T12:00:00+09:00');

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
    ...overrides,
  };
}

describe('responseTimeQuery', () => {
  it('computes only the durations asked for, and joins the calendar only for business time', () => {
    const calendarOnly = responseTimeQuery(plan({ measures: new Set(['acknowledge.calendar']) })).sql;
    expect(calendarOnly).toContain('AS acknowledge_calendar');
    expect(calendarOnly).not.toContain('decision_calendar');
    expect(calendarOnly).not.toContain('business_calendar');

    const business = responseTimeQuery(plan({ measures: new Set(['completion.business']) })).sql;
    expect(business).toContain('LEFT JOIN business_calendar cal_sent');
    expect(business).toContain('LEFT JOIN business_calendar cal_completion');
    expect(business).not.toContain('cal_acknowledge');
    expect(business.match(/percentile_cont/g)).toHaveLength(1);

    const all = responseTimeQuery(plan({ measures: new Set(ALL_MEASURE_KEYS) })).sql;
    expect(all.match(/percentile_cont/g)).toHaveLength(8);
    expect(all.match(/LEFT JOIN business_calendar/g)).toHaveLength(5);
  });

  it('passes every filter value as a parameter, now first', () => {
    const from = new Date('2026-07-01T00:00:00+09:00');
    const to = new Date('2026-08-01T00:00:00+09:00');
    const query = responseTimeQuery(
      plan({
        from,
        to,
        recipientAgencyId: '11111111-1111-4111-8111-111111111111',
        sector: Sector.HOUSING,
        urgency: Urgency.HIGH,
        area: { municipalityCodes: ['231100', '231002'], prefectureCode: '230006' },
      }),
    );
    expect(query.params).toEqual([
      NOW,
      from,
      to,
      '11111111-1111-4111-8111-111111111111',
      'HOUSING',
      'HIGH',
      ['231100', '231002'],
      '230006',
    ]);
    expect(query.sql).toContain('r.sent_at >= $2');
    expect(query.sql).toContain('r.sent_at < $3');
    expect(query.sql).toContain('r.to_agency_id = $4');
    expect(query.sql).toContain('a.sector = $5');
    expect(query.sql).toContain('r.urgency = $6');
    expect(query.sql).not.toContain('HOUSING');
  });

  it.each([
    [StatsGroupBy.AGENCY, 'r.to_agency_id AS group_key'],
    [StatsGroupBy.SECTOR, 'a.sector AS group_key'],
    [StatsGroupBy.URGENCY, 'r.urgency AS group_key'],
    [StatsGroupBy.WEEK, `date_trunc('week', r.sent_at AT TIME ZONE INTERVAL '+09:00') AS group_key`],
    [StatsGroupBy.MONTH, `date_trunc('month', r.sent_at AT TIME ZONE INTERVAL '+09:00') AS group_key`],
  ])('groups %s by %s', (groupBy, key) => {
    expect(responseTimeQuery(plan({ groupBy })).sql).toContain(key);
  });

  it('counts as open the sent referrals the state machine has not closed', () => {
    expect(OPEN_STATUSES).toEqual(['REQUESTED', 'RECEIVED', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD']);
    expect(AWAITING_DECISION_STATUSES).toEqual(['REQUESTED', 'RECEIVED']);
  });
});

describe('readResponseTimeRow', () => {
  const row = {
    key: '2026-07',
    referral_count: '4',
    acknowledge_calendar_count: '3',
    acknowledge_calendar_percentiles: [3_600_000, 7_200_000, 7_500_000],
    acknowledge_calendar_max: 7_800_000,
    acknowledge_calendar_mean: 5_000_000,
    acknowledge_business_count: '0',
    acknowledge_business_percentiles: null,
    acknowledge_business_max: null,
    acknowledge_business_mean: null,
    acknowledge_met: '2',
    acknowledge_missed: '1',
    decision_met: '0',
    decision_missed: '0',
    overdue_acknowledge: '1',
    overdue_decision: '1',
    overdue_total: '1',
    backlog_0_open: '0',
    backlog_0_awaiting: '0',
    backlog_1_open: '2',
    backlog_1_awaiting: '1',
    backlog_2_open: '0',
    backlog_2_awaiting: '0',
    backlog_3_open: '0',
    backlog_3_awaiting: '0',
    backlog_4_open: '1',
    backlog_4_awaiting: '0',
  };
  const measures = new Set<MeasureKey>(['acknowledge.calendar', 'acknowledge.business']);
  const stats = readResponseTimeRow(row, StatsGroupBy.MONTH, measures);

  it('reads counts, percentiles and means, with nulls for an empty duration', () => {
    expect(stats).toMatchObject({ key: '2026-07', periodStart: '2026-07-01', referralCount: 4, agencyId: null });
    expect(stats.acknowledge.calendar).toEqual({
      count: 3,
      p50Ms: 3_600_000,
      p90Ms: 7_200_000,
      p95Ms: 7_500_000,
      maxMs: 7_800_000,
      meanMs: 5_000_000,
    });
    expect(stats.acknowledge.business).toEqual({
      count: 0,
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

  it('lists every backlog bucket in age order', () => {
    expect(stats.backlog).toEqual([
      { age: BacklogAge.UNDER_1_DAY, open: 0, awaitingDecision: 0 },
      { age: BacklogAge.DAYS_1_TO_3, open: 2, awaitingDecision: 1 },
      { age: BacklogAge.DAYS_3_TO_7, open: 0, awaitingDecision: 0 },
      { age: BacklogAge.DAYS_7_TO_30, open: 0, awaitingDecision: 0 },
      { age: BacklogAge.OVER_30_DAYS, open: 1, awaitingDecision: 0 },
    ]);
    expect(stats.overdue).toEqual({ acknowledge: 1, decision: 1, total: 1 });
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
});
