import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { businessMillisecondsBetween, FixedClock } from '@tsunagu/platform';
import { BusinessCalendarSeeder, StatsGroupBy, TimingMonthsService } from '@tsunagu/stats';
import { DataSource } from 'typeorm';
import { ALL_MEASURE_KEYS } from '../libs/stats/src/queries/measures.js';
import {
  responseTimeExactQuery,
  responseTimePercentilesQuery,
  WHOLE_SAMPLE,
} from '../libs/stats/src/queries/response-time.query.js';
import { analyticsSettings } from '../libs/stats/src/stats.service.js';
import { createAgency, issueKey, type TestAgency } from './support/builders.js';
import { CREATE_REFERRAL, dataOf, recordConsent, referralInput, registerPerson } from './support/referral-builders.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';
import { createMigratedDatabase, dropDatabase } from './setup/test-database.js';

/**
 * responseTimeStats and unmetNeeds on a small fixed network whose every step happens at a controlled time
 * (the API's clock is a FixedClock), against a database of this file's own so that no other file's referrals
 * change the figures. Every expected value below is worked out by hand from the timeline.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A JST wall-clock time, e.g. jst('2026-07-17T16:00'). */
function jst(local: string): Date {
  return new Date(`${local}:00+09:00`);
}

const NOW = jst('2026-08-03T12:00');
const JULY = { from: jst('2026-07-01T00:00').toISOString(), to: jst('2026-08-01T00:00').toISOString() };

const SUMMARY = 'count p50Ms p90Ms p95Ms maxMs meanMs';
const RESPONSE_TIME_STATS = /* GraphQL */ `
  query ($filter: StatsFilter, $groupBy: StatsGroupBy!) {
    responseTimeStats(filter: $filter, groupBy: $groupBy) {
      groupBy
      key
      agencyId
      agency {
        id
      }
      sector
      urgency
      periodStart
      referralCount
      acknowledge {
        ...Measure
      }
      decision {
        ...Measure
      }
      start {
        ...Measure
      }
      completion {
        ...Measure
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
  fragment Measure on ResponseTimeMeasure {
    calendar {
      ${SUMMARY}
    }
    business {
      ${SUMMARY}
    }
  }
`;
const UNMET_NEEDS = /* GraphQL */ `
  query ($filter: StatsFilter) {
    unmetNeeds(filter: $filter) {
      needCategory
      municipalityCode
      municipalityName
      period
      referralCount
      personCount
    }
  }
`;

interface Summary {
  count: number;
  p50Ms: number | null;
  p90Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  meanMs: number | null;
}
interface Measure {
  calendar: Summary;
  business: Summary;
}
interface Stats {
  groupBy: string;
  key: string;
  agencyId: string | null;
  agency: { id: string } | null;
  sector: string | null;
  urgency: string | null;
  periodStart: string | null;
  referralCount: number;
  acknowledge: Measure;
  decision: Measure;
  start: Measure;
  completion: Measure;
  acknowledgeTarget: { met: number; missed: number; share: number | null };
  decisionTarget: { met: number; missed: number; share: number | null };
  overdue: { acknowledge: number; decision: number; total: number };
  backlog: { age: string; open: number; awaitingDecision: number }[];
}
interface UnmetNeed {
  needCategory: string;
  municipalityCode: string | null;
  municipalityName: string | null;
  period: string;
  referralCount: number;
  personCount: number;
}

/** [count, p50, p90, p95, max, mean] in hours (null for an empty duration). */
type Hours = [number, number, number, number, number, number] | [0];

function expectSummary(actual: Summary, hours: Hours): void {
  if (hours.length === 1) {
    expect(actual).toEqual({ count: 0, p50Ms: null, p90Ms: null, p95Ms: null, maxMs: null, meanMs: null });
    return;
  }
  const [count, ...values] = hours;
  expect(actual.count).toBe(count);
  const fields = ['p50Ms', 'p90Ms', 'p95Ms', 'maxMs', 'meanMs'] as const;
  fields.forEach((field, index) => {
    // percentile_cont interpolates in floating point: equal to the millisecond.
    expect([field, actual[field]]).toEqual([field, expect.closeTo(values[index] * HOUR, 0)]);
  });
}

/** The same duration in calendar and business time (the whole span was business hours). */
function same(hours: Hours): { calendar: Hours; business: Hours } {
  return { calendar: hours, business: hours };
}

function expectMeasure(actual: Measure, expected: { calendar: Hours; business: Hours }): void {
  expectSummary(actual.calendar, expected.calendar);
  expectSummary(actual.business, expected.business);
}

function backlog(entries: Partial<Record<string, [number, number]>>) {
  return ['UNDER_1_DAY', 'DAYS_1_TO_3', 'DAYS_3_TO_7', 'DAYS_7_TO_30', 'OVER_30_DAYS'].map((age) => ({
    age,
    open: entries[age]?.[0] ?? 0,
    awaitingDecision: entries[age]?.[1] ?? 0,
  }));
}

describe('statistics (responseTimeStats, unmetNeeds)', () => {
  const adminUrl = process.env.TSUNAGU_TEST_ADMIN_DATABASE_URL as string;
  const database = `tsunagu_stats_${process.pid}`;
  const clock = new FixedClock(jst('2026-06-15T09:00'));
  let url: string;
  let t: TestApp;
  let sender: TestAgency;
  /** HOUSING, serves 名古屋市中川区; business-time targets. */
  let housing: TestAgency;
  /** DISABILITY, serves 豊橋市; calendar-time targets. */
  let disability: TestAgency;
  /** A hub coordinator that receives nothing itself. */
  let coordinator: TestAgency;
  let housingWithoutStats: string;
  const personIds: string[] = [];

  async function stats(
    groupBy: string,
    filter: Record<string, unknown> | null,
    key?: string,
    app: TestApp = t,
  ): Promise<Stats[]> {
    const response = await app.gql<{ responseTimeStats: Stats[] }>(RESPONSE_TIME_STATS, {
      variables: { groupBy, filter },
      key: key ?? app.adminKey,
    });
    return dataOf(response, 'responseTimeStats').responseTimeStats;
  }

  async function unmet(filter: Record<string, unknown> | null, key: string = t.adminKey, app: TestApp = t) {
    const response = await app.gql<{ unmetNeeds: UnmetNeed[] }>(UNMET_NEEDS, { variables: { filter }, key });
    return dataOf(response, 'unmetNeeds').unmetNeeds;
  }

  function errorOf(response: GraphQLResponse): { code: string; field?: string } & Record<string, unknown> {
    expect(response.body.errors).toHaveLength(1);
    return response.body.errors![0].extensions;
  }

  /** A person of the sender who consents to being referred to each recipient. */
  async function person(recipients: TestAgency[], municipalityCode = '231100'): Promise<string> {
    const personId = await registerPerson(t, sender, { municipalityCode });
    for (const recipient of recipients) {
      await recordConsent(t, sender, {
        personId,
        recipientAgencyId: recipient.id,
        dataCategories: ['IDENTITY', 'CONTACT'],
      });
    }
    personIds.push(personId);
    return personId;
  }

  async function send(
    at: string,
    personId: string,
    recipient: TestAgency,
    needCategories: string[],
    urgency = 'NORMAL',
  ): Promise<string> {
    clock.set(jst(at));
    const response = await t.gql<{ createReferral: { id: string; status: string } }>(CREATE_REFERRAL, {
      variables: { input: referralInput(personId, recipient.id, { send: true, urgency, needCategories }) },
      key: sender.key,
    });
    const referral = dataOf(response, 'createReferral').createReferral;
    expect(referral.status).toBe('REQUESTED');
    return referral.id;
  }

  async function act(at: string, recipient: TestAgency, mutation: string, id: string, args = ''): Promise<void> {
    clock.set(jst(at));
    const response = await t.gql(`mutation ($id: ID!) { ${mutation}(id: $id${args}) { id } }`, {
      variables: { id },
      key: recipient.key,
    });
    dataOf(response, mutation);
  }

  beforeAll(async () => {
    url = await createMigratedDatabase(adminUrl, database);
    t = await startTestApp({ DATABASE_URL: url }, { clock });
    sender = await createAgency(t, { sector: 'POVERTY' });
    housing = await createAgency(t, {
      sector: 'HOUSING',
      needCategories: ['HOUSING', 'INCOME', 'DEBT'],
      serviceAreas: [{ level: 'MUNICIPALITY', code: '231100' }],
      responseTargets: [
        { urgency: 'NORMAL', acknowledgeWithin: 'PT4H', decideWithin: 'P2D', businessTime: true },
        { urgency: 'HIGH', acknowledgeWithin: 'PT1H', decideWithin: 'P1D', businessTime: true },
      ],
    });
    disability = await createAgency(t, {
      sector: 'DISABILITY',
      needCategories: ['DISABILITY_SUPPORT', 'HOUSING', 'DEBT'],
      serviceAreas: [{ level: 'MUNICIPALITY', code: '232017' }],
      responseTargets: [{ urgency: 'NORMAL', acknowledgeWithin: 'PT24H', decideWithin: 'P3D', businessTime: false }],
    });
    coordinator = await createAgency(t, {
      sector: 'DISABILITY',
      isHubCoordinator: true,
      serviceAreas: [{ level: 'MUNICIPALITY', code: '231100' }],
    });
    housingWithoutStats = (await issueKey(t, { agencyId: housing.id, scopes: ['referrals:read'] })).secret;

    // The people: P1–P4 live in 名古屋市中川区 (231100), P5 in 豊橋市 (232017).
    clock.set(jst('2026-06-15T09:00'));
    const pD = await person([housing]);
    const p1 = await person([housing]);
    const pE = await person([disability]);
    const pA = await person([housing]);
    const p2 = await person([disability]);
    const p3 = await person([housing]);
    const p4 = await person([housing]);
    const p5 = await person([housing, disability], '232017');
    const pB = await person([housing]);
    const pC = await person([housing]);

    // A5: June, still in progress at the end.
    const a5 = await send('2026-06-15T10:00', pD, housing, ['HOUSING']);
    await act('2026-06-15T10:30', housing, 'acknowledgeReferral', a5);
    await act('2026-06-16T10:00', housing, 'acceptReferral', a5);
    await act('2026-06-16T11:00', housing, 'startReferral', a5);
    // A2: acknowledged in an hour, declined (no such service) a day after its decision due time.
    const a2 = await send('2026-07-13T10:00', p1, housing, ['HOUSING', 'INCOME']);
    await act('2026-07-13T11:00', housing, 'acknowledgeReferral', a2);
    // B1: accepted, never started.
    const b1 = await send('2026-07-16T09:00', pE, disability, ['DISABILITY_SUPPORT']);
    await act('2026-07-16T10:00', housing, 'declineReferral', a2, ', reason: SERVICE_NOT_AVAILABLE');
    await act('2026-07-16T13:00', disability, 'acknowledgeReferral', b1);
    await act('2026-07-17T09:00', disability, 'acceptReferral', b1);
    // A1: sent on Friday 16:00, acknowledged on Tuesday 10:00 — Monday 7/20 is 海の日 — and carried through.
    const a1 = await send('2026-07-17T16:00', pA, housing, ['HOUSING']);
    await act('2026-07-21T10:00', housing, 'acknowledgeReferral', a1);
    await act('2026-07-21T15:00', housing, 'acceptReferral', a1);
    await act('2026-07-22T10:00', housing, 'startReferral', a1);
    // Declines within the hour (acknowledged by the decline itself).
    const b2 = await send('2026-07-22T15:00', p2, disability, ['HOUSING']);
    await act('2026-07-22T16:00', disability, 'declineReferral', b2, ', reason: NO_CAPACITY');
    const a6 = await send('2026-07-23T10:00', p3, housing, ['HOUSING', 'INCOME']);
    const a7 = await send('2026-07-23T10:00', p4, housing, ['HOUSING']);
    await act('2026-07-23T11:00', housing, 'declineReferral', a6, ', reason: OUT_OF_AREA');
    await act('2026-07-23T11:00', housing, 'declineReferral', a7, ', reason: NOT_ELIGIBLE');
    // P5 is declined three times for want of debt support: three referrals, one person.
    const a8 = await send('2026-07-24T10:00', p5, housing, ['DEBT']);
    await act('2026-07-24T11:00', housing, 'declineReferral', a8, ', reason: NO_CAPACITY');
    const b3 = await send('2026-07-27T10:00', p5, disability, ['DEBT']);
    await act('2026-07-27T11:00', disability, 'declineReferral', b3, ', reason: NO_CAPACITY');
    const b4 = await send('2026-07-28T10:00', p5, disability, ['DEBT']);
    await act('2026-07-28T11:00', disability, 'declineReferral', b4, ', reason: NO_CAPACITY');
    // A3: HIGH, never answered: overdue on both due times.
    await send('2026-07-29T10:00', pB, housing, ['HOUSING'], 'HIGH');
    await act('2026-07-31T17:30', housing, 'completeReferral', a1, ', outcome: "入居済み"');
    // A4: sent this morning; not due yet.
    await send('2026-08-03T09:00', pC, housing, ['HOUSING']);

    clock.set(NOW);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    if (url) await dropDatabase(adminUrl, database);
  });

  describe('business time in SQL', () => {
    it('fills the calendar for 2000–2099 at start', async () => {
      const [calendar] = await t.app
        .get(DataSource)
        .query<{ days: number; first: string; last: string; holiday: boolean }[]>(
          `SELECT count(*)::int AS days, min(day)::text AS first, max(day)::text AS last, bool_or(is_business) FILTER (WHERE day = '2026-07-20') AS holiday FROM business_calendar`,
        );
      expect(calendar).toEqual({ days: 36_525, first: '2000-01-01', last: '2099-12-31', holiday: false });
    });

    it('agrees with businessMillisecondsBetween on random and boundary pairs', async () => {
      const span = jst('2027-01-10T00:00').getTime() - jst('2025-12-20T00:00').getTime();
      const random = () => new Date(jst('2025-12-20T00:00').getTime() + Math.floor(Math.random() * span));
      // Instants on the hour and at the edges of business hours, where an off-by-one would show.
      const edge = () => {
        const day = random();
        const base = jst(`${new Date(day.getTime() + 9 * HOUR).toISOString().slice(0, 10)}T00:00`).getTime();
        const offsets = [0, 9 * HOUR - 1, 9 * HOUR, 12 * HOUR, 17 * HOUR - 1, 17 * HOUR, DAY - 1];
        return new Date(base + offsets[Math.floor(Math.random() * offsets.length)]);
      };
      const pairs = Array.from({ length: 3000 }, (_value, index) => {
        const [a, b] = index % 3 === 0 ? [edge(), edge()] : [random(), index % 3 === 1 ? edge() : random()];
        return a <= b ? [a, b] : [b, a];
      });
      pairs.push(
        [jst('2026-07-17T16:00'), jst('2026-07-21T10:00')],
        [jst('2026-12-28T16:30'), jst('2027-01-04T09:30')],
      );

      const rows = await t.app.get(DataSource).query<{ business: number }[]>(
        `SELECT tsunagu_business_ms(p.e) - tsunagu_business_ms(p.s) AS business
           FROM unnest($1::timestamptz[], $2::timestamptz[]) WITH ORDINALITY AS p(s, e, n)
          ORDER BY p.n`,
        [pairs.map(([s]) => s.toISOString()), pairs.map(([, e]) => e.toISOString())],
      );
      const mismatches = pairs
        .map(([s, e], index) => ({
          s: s.toISOString(),
          e: e.toISOString(),
          expected: businessMillisecondsBetween(s, e),
          business: rows[index].business,
        }))
        .filter((row) => row.business !== row.expected);
      expect(mismatches).toEqual([]);
      expect(rows.at(-2)?.business).toBe(2 * HOUR);
      expect(rows.at(-1)?.business).toBe(HOUR); // 12/28 16:30–17:00 and 1/4 09:00–09:30: 12/29–1/3 closed
    });
  });

  describe('referral_timing (the stored durations the statistics read)', () => {
    /** Timing rows that differ from what the referral and the calendar give now, and the rows compared. */
    async function timingDrift(): Promise<{ compared: number; drifted: string[] }> {
      const rows = await t.app.get(DataSource).query<{ id: string; same: boolean }[]>(`
        SELECT r.id, (
          t.to_agency_id, t.urgency, t.status, t.sent_at, t.acknowledged_at, t.decided_at, t.closed_at,
          t.sent_week, t.sent_month, t.sample_key,
          t.acknowledge_calendar_ms, t.acknowledge_business_ms, t.decision_calendar_ms, t.decision_business_ms,
          t.start_calendar_ms, t.start_business_ms, t.completion_calendar_ms, t.completion_business_ms
        ) IS NOT DISTINCT FROM (
          r.to_agency_id, r.urgency, r.status, r.sent_at, r.acknowledged_at, r.decided_at, r.closed_at,
          date_trunc('week', r.sent_at AT TIME ZONE INTERVAL '+09:00')::date,
          date_trunc('month', r.sent_at AT TIME ZONE INTERVAL '+09:00')::date,
          get_byte(uuid_send(r.id), 15)::smallint,
          round(date_part('epoch', r.acknowledged_at - r.sent_at) * 1000000) / 1000,
          tsunagu_business_ms(r.acknowledged_at) - tsunagu_business_ms(r.sent_at),
          round(date_part('epoch', r.decided_at - r.sent_at) * 1000000) / 1000,
          tsunagu_business_ms(r.decided_at) - tsunagu_business_ms(r.sent_at),
          round(date_part('epoch', r.started_at - r.sent_at) * 1000000) / 1000,
          tsunagu_business_ms(r.started_at) - tsunagu_business_ms(r.sent_at),
          CASE WHEN r.status = 'COMPLETED' THEN round(date_part('epoch', r.closed_at - r.sent_at) * 1000000) / 1000 END,
          CASE WHEN r.status = 'COMPLETED' THEN tsunagu_business_ms(r.closed_at) - tsunagu_business_ms(r.sent_at) END
        ) AS same
        FROM referral r LEFT JOIN referral_timing t ON t.referral_id = r.id
        WHERE r.sent_at IS NOT NULL`);
      return { compared: rows.length, drifted: rows.filter((row) => !row.same).map((row) => row.id) };
    }

    it('holds every sent referral’s durations as the referral and the calendar give them', async () => {
      const drift = await timingDrift();
      expect(drift.compared).toBe(12);
      expect(drift.drifted).toEqual([]);
      const [{ drafts }] = await t.app
        .get(DataSource)
        .query<{ drafts: number }[]>(
          `SELECT count(*)::int AS drafts FROM referral_timing t JOIN referral r ON r.id = t.referral_id WHERE r.sent_at IS NULL`,
        );
      expect(drafts).toBe(0);
    });

    it('leaves a timing row alone when a column it is not computed from changes', async () => {
      const dataSource = t.app.get(DataSource);
      const before = await dataSource.query<{ xmin: string }[]>(
        `SELECT t.xmin::text FROM referral_timing t ORDER BY 1`,
      );
      await dataSource.query(`UPDATE referral SET routing_note = routing_note WHERE sent_at IS NOT NULL`);
      expect(await dataSource.query(`SELECT t.xmin::text FROM referral_timing t ORDER BY 1`)).toEqual(before);
    });

    it('recomputes stored business durations when the business calendar changes', async () => {
      const dataSource = t.app.get(DataSource);
      // As if the calendar in the database were an older holiday list, and durations computed on it.
      await dataSource.query(`UPDATE business_calendar SET is_business = true WHERE day = '2026-07-20'`);
      await dataSource.query(`UPDATE referral_timing SET acknowledge_business_ms = -1, completion_business_ms = -1`);
      expect((await timingDrift()).drifted).toHaveLength(12);

      expect(await t.app.get(BusinessCalendarSeeder).seed()).toMatchObject({ written: true });
      expect(await timingDrift()).toEqual({ compared: 12, drifted: [] });
      const [{ holiday }] = await dataSource.query<{ holiday: boolean }[]>(
        `SELECT NOT is_business AS holiday FROM business_calendar WHERE day = '2026-07-20'`,
      );
      expect(holiday).toBe(true);
    });
  });

  describe('reading a period', () => {
    const JULY_PLAN = (groupBy: StatsGroupBy) => ({
      groupBy,
      now: NOW,
      from: jst('2026-07-01T00:00'),
      to: jst('2026-08-01T00:00'),
      recipientAgencyId: null,
      sector: null,
      urgency: null,
      area: null,
      measures: new Set(ALL_MEASURE_KEYS),
      minCellOwnAgencyId: null,
    });

    /** The plan of a statement, with the planner told to use an index: a network this small fits in a page or
     * two, where a table scan is cheapest, and the plan shows whether the index alone answers. */
    const planOf = (query: { sql: string; params: unknown[] }) =>
      t.app.get(DataSource).transaction(async (manager) => {
        await manager.query(
          `SELECT set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true)`,
        );
        const [row] = await manager.query<{ 'QUERY PLAN': unknown }[]>(
          `EXPLAIN (FORMAT JSON) ${query.sql}`,
          query.params,
        );
        return JSON.stringify(row['QUERY PLAN']);
      });

    it('reads the totals and percentiles of a period from the sending-time index alone', async () => {
      const plan = await planOf(responseTimeExactQuery(JULY_PLAN(StatsGroupBy.WEEK)));
      expect(plan).toContain('"Node Type":"Index Only Scan"');
      expect(plan).toContain('"Index Name":"ix_referral_timing_sent"');
    });

    it("reads an agency's exact percentiles from its range of the recipient index alone", async () => {
      const samples = [housing, disability].map((agency) => ({ key: agency.id, below: WHOLE_SAMPLE }));
      const query = responseTimePercentilesQuery(JULY_PLAN(StatsGroupBy.AGENCY), samples)!;
      const plan = await planOf(query);
      expect(plan).toContain('"Node Type":"Index Only Scan"');
      expect(plan).toContain('"Index Name":"ix_referral_timing_agency_sent"');
      expect(plan).not.toContain('"Node Type":"Index Scan"');
    });
  });

  describe('percentiles of large selections', () => {
    const SAMPLED = /* GraphQL */ `
      query ($groupBy: StatsGroupBy!) {
        responseTimeStats(groupBy: $groupBy) {
          key
          acknowledge {
            calendar {
              count
              percentileSampleSize
              p50Ms
              p90Ms
              p95Ms
              maxMs
              meanMs
            }
          }
        }
      }
    `;
    type Sampled = {
      key: string;
      acknowledge: { calendar: Record<'count' | 'percentileSampleSize', number> & Record<string, number | null> };
    };

    async function sampledStats(app: TestApp, groupBy = 'URGENCY'): Promise<Sampled[]> {
      const response = await app.gql<{ responseTimeStats: Sampled[] }>(SAMPLED, {
        variables: { groupBy },
        key: app.adminKey,
      });
      return dataOf(response, 'responseTimeStats').responseTimeStats;
    }

    /** The referrals of a group, by its key, straight from `referral` ($1: the key). */
    const GROUP_OF: Record<string, string> = {
      AGENCY: 'to_agency_id = $1::uuid',
      SECTOR: 'to_agency_id IN (SELECT id FROM agency WHERE sector = $1)',
      URGENCY: 'urgency = $1',
      WEEK: "date_trunc('week', sent_at AT TIME ZONE 'Asia/Tokyo')::date = $1::date",
      MONTH: "to_char(sent_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM') = $1",
    };

    it('are exact, from every duration, while the selection is within STATS_PERCENTILE_SAMPLE', async () => {
      for (const group of await sampledStats(t)) {
        expect(group.acknowledge.calendar.percentileSampleSize).toBe(group.acknowledge.calendar.count);
      }
    });

    it('are exact for every group while the whole selection fits, however unevenly it divides', async () => {
      const exact = await sampledStats(t);
      const [{ rows }] = await t.app
        .get(DataSource)
        .query<{ rows: number }[]>('SELECT count(*)::int AS rows FROM referral_timing');
      // The whole selection is exactly the budget, and one group holds more than an equal share of it.
      const fitting = await startTestApp({ DATABASE_URL: url, STATS_PERCENTILE_SAMPLE: String(rows) }, { clock });
      try {
        const groups = await sampledStats(fitting);
        expect(groups.some((group) => group.acknowledge.calendar.count > Math.floor(rows / groups.length))).toBe(true);
        for (const [index, group] of groups.entries()) {
          expect(group.acknowledge.calendar).toEqual(exact[index].acknowledge.calendar);
          expect(group.acknowledge.calendar.percentileSampleSize).toBe(group.acknowledge.calendar.count);
        }
      } finally {
        await fitting.close();
      }
    });

    it.each(Object.keys(GROUP_OF))(
      'come from the fixed sample of referrals beyond it, counts, maxima and means staying exact (by %s)',
      async (groupBy) => {
        const exact = await sampledStats(t, groupBy);
        // A budget the selection exceeds, whose equal share keeps the smallest groups exact and samples the
        // others (all of them when they are the same size).
        const [{ rows }] = await t.app
          .get(DataSource)
          .query<{ rows: number }[]>('SELECT count(*)::int AS rows FROM referral_timing');
        const counts = exact.map((group) => group.acknowledge.calendar.count).filter((count) => count > 0);
        const [smallest, largest] = [Math.min(...counts), Math.max(...counts)];
        const budget = Math.min(rows - 1, (smallest < largest ? smallest : Math.max(1, largest - 1)) * exact.length);
        const tight = await startTestApp({ DATABASE_URL: url, STATS_PERCENTILE_SAMPLE: String(budget) }, { clock });
        try {
          const sampled = await sampledStats(tight, groupBy);
          expect(sampled.map((group) => group.key)).toEqual(exact.map((group) => group.key));
          const share = Math.max(1, Math.floor(budget / sampled.length));
          for (const [index, group] of sampled.entries()) {
            const whole = exact[index].acknowledge.calendar;
            const { count, maxMs, meanMs } = whole;
            expect(group.acknowledge.calendar).toMatchObject({ count, maxMs, meanMs });
            // The documented rule, worked out here from the referral rows themselves.
            let below = 256;
            if (count > share) {
              below = 16;
              while (below > 1 && (count * below) / 256 > share) below /= 2;
            }
            const [expected] = await t.app.get(DataSource).query<{ size: number; percentiles: number[] | null }[]>(
              `SELECT count(d)::int AS size,
                    percentile_cont(ARRAY[0.5, 0.9, 0.95]) WITHIN GROUP (ORDER BY d) AS percentiles
               FROM (SELECT round(date_part('epoch', acknowledged_at - sent_at) * 1000000) / 1000 AS d
                       FROM referral
                      WHERE sent_at IS NOT NULL AND ${GROUP_OF[groupBy]} AND get_byte(uuid_send(id), 15) < $2) sample`,
              [group.key, below],
            );
            expect(group.acknowledge.calendar.percentileSampleSize).toBe(expected.size);
            const [p50, p90, p95] = expected.percentiles ?? [null, null, null];
            expect(group.acknowledge.calendar).toMatchObject({ p50Ms: p50, p90Ms: p90, p95Ms: p95 });
            // No "fewer than all" check per group: a small sampled group may have every referral in its
            // sample by chance (two referrals at 1/16: 1 in 256), and the rule above already says which.
          }
          expect(sampled.some((group) => group.acknowledge.calendar.count > share)).toBe(true);
        } finally {
          await tight.close();
        }
      },
    );
  });

  describe('responseTimeStats', () => {
    it('measures a referral sent before a public holiday in business time (2 h, not 90 h)', async () => {
      const [a1] = await stats('AGENCY', {
        from: jst('2026-07-17T00:00').toISOString(),
        to: jst('2026-07-18T00:00').toISOString(),
      });
      expect(a1).toMatchObject({ key: housing.id, agencyId: housing.id, agency: { id: housing.id }, referralCount: 1 });
      expectMeasure(a1.acknowledge, { calendar: [1, 90, 90, 90, 90, 90], business: [1, 2, 2, 2, 2, 2] });
      expectMeasure(a1.decision, { calendar: [1, 95, 95, 95, 95, 95], business: [1, 7, 7, 7, 7, 7] });
      expectMeasure(a1.start, { calendar: [1, 114, 114, 114, 114, 114], business: [1, 10, 10, 10, 10, 10] });
      expectMeasure(a1.completion, {
        calendar: [1, 337.5, 337.5, 337.5, 337.5, 337.5],
        business: [1, 73, 73, 73, 73, 73],
      });
      expect(a1.acknowledgeTarget).toEqual({ met: 1, missed: 0, share: 1 });
      expect(a1.decisionTarget).toEqual({ met: 1, missed: 0, share: 1 });
      expect(a1.backlog).toEqual(backlog({}));
    });

    it('gives each receiving agency its percentiles, targets, overdue count and backlog (July)', async () => {
      const rows = await stats('AGENCY', JULY);
      expect(rows.map((row) => row.key).sort()).toEqual([housing.id, disability.id].sort());
      const h = rows.find((row) => row.key === housing.id)!;
      const d = rows.find((row) => row.key === disability.id)!;

      // A1 A2 A3 A6 A7 A8. Acknowledged: 90 h and four times 1 h (2 h and four times 1 h in business time).
      expect(h.referralCount).toBe(6);
      expectMeasure(h.acknowledge, {
        calendar: [5, 1, 54.4, 72.2, 90, 18.8],
        business: [5, 1, 1.6, 1.8, 2, 1.2],
      });
      // Decided: 95 h (7 h), 72 h (24 h) and three times 1 h.
      expectMeasure(h.decision, {
        calendar: [5, 1, 85.8, 90.4, 95, 34],
        business: [5, 1, 17.2, 20.6, 24, 6.8],
      });
      expectMeasure(h.start, { calendar: [1, 114, 114, 114, 114, 114], business: [1, 10, 10, 10, 10, 10] });
      expectMeasure(h.completion, {
        calendar: [1, 337.5, 337.5, 337.5, 337.5, 337.5],
        business: [1, 73, 73, 73, 73, 73],
      });
      // A3 missed both due times; A2 was decided a day late.
      expect(h.acknowledgeTarget).toEqual({ met: 5, missed: 1, share: expect.closeTo(5 / 6, 10) });
      expect(h.decisionTarget).toEqual({ met: 4, missed: 2, share: expect.closeTo(4 / 6, 10) });
      expect(h.overdue).toEqual({ acknowledge: 1, decision: 1, total: 1 });
      expect(h.backlog).toEqual(backlog({ DAYS_3_TO_7: [1, 1] })); // A3, 5 days 2 hours old

      // B1 B2 B3 B4, all within business hours.
      expect(d.referralCount).toBe(4);
      expectMeasure(d.acknowledge, same([4, 1, 3.1, 3.55, 4, 1.75]));
      expectMeasure(d.decision, {
        calendar: [4, 1, 17.1, 20.55, 24, 6.75],
        business: [4, 1, 5.9, 6.95, 8, 2.75],
      });
      expectMeasure(d.start, same([0]));
      expectMeasure(d.completion, same([0]));
      expect(d.acknowledgeTarget).toEqual({ met: 4, missed: 0, share: 1 });
      expect(d.decisionTarget).toEqual({ met: 4, missed: 0, share: 1 });
      expect(d.overdue).toEqual({ acknowledge: 0, decision: 0, total: 0 });
      expect(d.backlog).toEqual(backlog({ DAYS_7_TO_30: [1, 0] })); // B1: accepted, not started
    });

    it('counts the whole backlog by age when no period is given', async () => {
      const [h] = await stats('AGENCY', { agencyId: housing.id });
      expect(h.referralCount).toBe(8);
      expect(h.overdue.total).toBe(1); // A4 is not due before 13:00
      expect(h.backlog).toEqual(
        backlog({ UNDER_1_DAY: [1, 1], DAYS_3_TO_7: [1, 1], OVER_30_DAYS: [1, 0] }), // A4, A3, A5
      );
    });

    it('groups by urgency and sector over the whole network', async () => {
      const byUrgency = await stats('URGENCY', JULY);
      expect(byUrgency.map((row) => [row.urgency, row.referralCount])).toEqual([
        ['HIGH', 1],
        ['NORMAL', 9],
      ]);
      const [high, normal] = byUrgency;
      expectMeasure(high.acknowledge, same([0]));
      expect(high.acknowledgeTarget).toEqual({ met: 0, missed: 1, share: 0 });
      expect(high.overdue.total).toBe(1);
      // Nine acknowledgements: seven of 1 h, one of 4 h, one of 90 h.
      expectSummary(normal.acknowledge.calendar, [9, 1, 21.2, 55.6, 90, 101 / 9]);

      const bySector = await stats('SECTOR', JULY);
      expect(bySector.map((row) => [row.sector, row.referralCount, row.overdue.total])).toEqual([
        ['DISABILITY', 4, 0],
        ['HOUSING', 6, 1],
      ]);
      const housingOnly = await stats('URGENCY', { ...JULY, sector: 'HOUSING' });
      expect(housingOnly.map((row) => [row.key, row.referralCount])).toEqual([
        ['HIGH', 1],
        ['NORMAL', 5],
      ]);
    });

    it('groups by JST week (from Monday) and month of sending', async () => {
      const weeks = await stats('WEEK', JULY);
      expect(weeks.map((row) => [row.key, row.periodStart, row.referralCount])).toEqual([
        ['2026-07-13', '2026-07-13', 3],
        ['2026-07-20', '2026-07-20', 4],
        ['2026-07-27', '2026-07-27', 3],
      ]);
      const months = await stats('MONTH', null);
      expect(months.map((row) => [row.key, row.periodStart, row.referralCount])).toEqual([
        ['2026-06', '2026-06-01', 1],
        ['2026-07', '2026-07-01', 10],
        ['2026-08', '2026-08-01', 1],
      ]);
      // A5: acknowledged in 30 minutes, accepted after 24 h (8 business hours), started an hour later.
      expectMeasure(months[0].acknowledge, same([1, 0.5, 0.5, 0.5, 0.5, 0.5]));
      expectMeasure(months[0].decision, { calendar: [1, 24, 24, 24, 24, 24], business: [1, 8, 8, 8, 8, 8] });
      expectMeasure(months[0].start, { calendar: [1, 25, 25, 25, 25, 25], business: [1, 9, 9, 9, 9, 9] });
      expect(months[0].backlog).toEqual(backlog({ OVER_30_DAYS: [1, 0] }));
      expect(months[2].backlog).toEqual(backlog({ UNDER_1_DAY: [1, 1] }));
    });

    it('selects receiving agencies serving an area, a designated city including its wards', async () => {
      const rows = await stats('AGENCY', { ...JULY, municipalityCode: '231002' }); // 名古屋市 ⊃ 中川区
      expect(rows.map((row) => row.key)).toEqual([housing.id]);
      expect(await stats('AGENCY', { ...JULY, municipalityCode: '232017' })).toMatchObject([{ key: disability.id }]);
    });

    it('computes only what is asked for and still answers it', async () => {
      const response = await t.gql<{ responseTimeStats: { key: string; acknowledge: { business: Summary } }[] }>(
        `{ responseTimeStats(groupBy: SECTOR, filter: { agencyId: "${housing.id}" }) {
             key acknowledge { business { count maxMs } } } }`,
      );
      expect(dataOf(response, 'responseTimeStats').responseTimeStats).toEqual([
        { key: 'HOUSING', acknowledge: { business: { count: 6, maxMs: 2 * HOUR } } }, // A5 June, A1 2 h …
      ]);
    });
  });

  describe('who sees what', () => {
    it('gives an ordinary agency its own row only when grouping by agency', async () => {
      const own = await stats('AGENCY', JULY, disability.key);
      expect(own.map((row) => row.key)).toEqual([disability.id]);
      expect(await stats('AGENCY', { ...JULY, agencyId: disability.id }, disability.key)).toHaveLength(1);
      expect(await stats('AGENCY', JULY, sender.key)).toEqual([]); // it receives nothing
    });

    it('gives an ordinary agency the network-wide figures', async () => {
      const bySector = await stats('SECTOR', JULY, disability.key);
      expect(bySector.map((row) => [row.key, row.referralCount])).toEqual([
        ['DISABILITY', 4],
        ['HOUSING', 6],
      ]);
      const byMonth = await stats('MONTH', null, sender.key);
      expect(byMonth.map((row) => row.referralCount)).toEqual([1, 10, 1]);
    });

    it('refuses another agency’s figures to an ordinary agency, whether or not it exists', async () => {
      for (const agencyId of [housing.id, randomUUID()]) {
        for (const groupBy of ['AGENCY', 'MONTH']) {
          const response = await t.gql(RESPONSE_TIME_STATS, {
            variables: { groupBy, filter: { agencyId } },
            key: disability.key,
          });
          expect(errorOf(response)).toMatchObject({
            code: 'FORBIDDEN',
            field: 'filter.agencyId',
            reason: 'OTHER_AGENCY_STATS',
          });
        }
        const unmetResponse = await t.gql(UNMET_NEEDS, { variables: { filter: { agencyId } }, key: disability.key });
        expect(errorOf(unmetResponse)).toMatchObject({ code: 'FORBIDDEN', field: 'filter.agencyId' });
      }
    });

    it('shows every agency to a hub coordinator and to the hub admin', async () => {
      for (const key of [coordinator.key, t.adminKey]) {
        const rows = await stats('AGENCY', JULY, key);
        expect(rows.map((row) => row.key).sort()).toEqual([housing.id, disability.id].sort());
        expect((await stats('AGENCY', { ...JULY, agencyId: housing.id }, key)).map((row) => row.key)).toEqual([
          housing.id,
        ]);
      }
      const unknown = await t.gql(RESPONSE_TIME_STATS, {
        variables: { groupBy: 'AGENCY', filter: { agencyId: randomUUID() } },
      });
      expect(errorOf(unknown)).toMatchObject({ code: 'NOT_FOUND', field: 'filter.agencyId' });
    });

    it('needs the stats:read scope', async () => {
      for (const query of [RESPONSE_TIME_STATS, UNMET_NEEDS]) {
        const response = await t.gql(query, { variables: { groupBy: 'SECTOR' }, key: housingWithoutStats });
        expect(errorOf(response)).toMatchObject({ code: 'FORBIDDEN', missingScopes: ['stats:read'] });
      }
    });
  });

  describe('bad input', () => {
    it.each([
      ['a reversed period', { from: JULY.to, to: JULY.from }, 'SECTOR', 'filter.from'],
      ['an unknown sector', { sector: 'NOPE' }, 'SECTOR', 'filter.sector'],
      ['an unknown urgency', { urgency: 'SOON' }, 'SECTOR', 'filter.urgency'],
      ['a malformed municipality code', { municipalityCode: '2311' }, 'SECTOR', 'filter.municipalityCode'],
      ['an unknown municipality code', { municipalityCode: '231101' }, 'SECTOR', 'filter.municipalityCode'],
      ['a malformed agency id', { agencyId: 'housing' }, 'SECTOR', 'filter.agencyId'],
      ['a malformed instant', { from: 'last July' }, 'SECTOR', 'filter.from'],
      ['an unknown grouping', null, 'DAY', 'groupBy'],
    ])('answers BAD_USER_INPUT for %s', async (_case, filter, groupBy, field) => {
      const response = await t.gql(RESPONSE_TIME_STATS, { variables: { groupBy, filter } });
      expect(errorOf(response)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      if (groupBy !== 'DAY') {
        const unmetResponse = await t.gql(UNMET_NEEDS, { variables: { filter } });
        expect(errorOf(unmetResponse)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
    });
  });

  describe('unmetNeeds', () => {
    it('counts declines for want of a resource by need, area and month, leaving out cells of fewer than 3 people', async () => {
      const cells = await unmet(null);
      // HOUSING in 中川区: P1 (no such service), P2 (no capacity), P3 (out of area); P4's NOT_ELIGIBLE does not
      // count. INCOME there has two people (P1, P3) and DEBT in 豊橋市 one person declined three times: both hidden.
      expect(cells).toEqual([
        {
          needCategory: 'HOUSING',
          municipalityCode: '231100',
          municipalityName: '愛知県名古屋市中川区',
          period: '2026-07',
          referralCount: 3,
          personCount: 3,
        },
      ]);
      const response = await t.gql(UNMET_NEEDS, { variables: { filter: null }, key: sender.key });
      expect(dataOf(response, 'unmetNeeds')).toEqual({ unmetNeeds: cells });
      for (const personId of personIds) expect(JSON.stringify(response.body)).not.toContain(personId);
    });

    it('applies the threshold to every filtered view', async () => {
      expect(await unmet({ agencyId: housing.id })).toEqual([]); // HOUSING there: P1 and P3 only
      expect(await unmet({ agencyId: disability.id }, disability.key)).toEqual([]);
      expect(await unmet({ municipalityCode: '231002' })).toHaveLength(1); // 名古屋市 includes 中川区
      expect(await unmet({ municipalityCode: '232017' })).toEqual([]);
      expect(await unmet({ from: jst('2026-08-01T00:00').toISOString() })).toEqual([]);
    });

    it('takes the minimum cell size from STATS_MIN_CELL, counted in people rather than referrals', async () => {
      const lenient = await startTestApp({ DATABASE_URL: url, STATS_MIN_CELL: '2' }, { clock });
      try {
        const cells = await unmet(null, lenient.adminKey, lenient);
        expect(
          cells.map((cell) => [cell.needCategory, cell.municipalityCode, cell.referralCount, cell.personCount]),
        ).toEqual([
          ['HOUSING', '231100', 3, 3],
          ['INCOME', '231100', 2, 2],
        ]);
      } finally {
        await lenient.close();
      }
    });
  });

  // Last: these change the scenario (a referral is started) after every hand-computed figure above was checked.
  describe('monthly totals (referral_timing_month)', () => {
    const VIEWS: [string, Record<string, unknown> | null][] = [
      ['AGENCY', null],
      ['SECTOR', null],
      ['URGENCY', null],
      ['WEEK', null],
      ['MONTH', null],
      ['AGENCY', JULY],
      ['WEEK', JULY],
      ['MONTH', { from: jst('2026-06-20T12:00').toISOString(), to: jst('2026-07-20T00:00').toISOString() }],
      ['MONTH', { from: jst('2026-06-01T00:00').toISOString() }],
      ['URGENCY', { agencyId: null, sector: 'HOUSING' }],
      ['MONTH', { urgency: 'HIGH' }],
      ['AGENCY', { municipalityCode: '231002' }],
    ];
    const allViews = (app: TestApp = t) =>
      Promise.all(VIEWS.map(([groupBy, filter]) => stats(groupBy, filter, undefined, app)));
    const months = () => t.app.get(TimingMonthsService);
    const freshMonths = () => t.app.get(DataSource).transaction((manager) => months().freshMonths(manager));

    it('gives the same figures with the groups sorted in two shares on two connections (STATS_SHARE_ROWS)', async () => {
      const [{ rows }] = await t.app
        .get(DataSource)
        .query<{ rows: number }[]>('SELECT count(*)::int AS rows FROM referral_timing');
      // Every selection within the percentile budget (one exact query), then beyond it (totals, then sampled
      // percentiles); no monthly totals are built yet.
      for (const budget of [{}, { STATS_PERCENTILE_SAMPLE: String(Math.max(1, Math.floor(rows / 4))) }]) {
        const one = await startTestApp({ DATABASE_URL: url, ...budget }, { clock });
        const two = await startTestApp({ DATABASE_URL: url, STATS_SHARE_ROWS: '0', ...budget }, { clock });
        try {
          // Connections taken for one request: the second share's is one more, and none when no duration
          // is asked for (nothing to sort).
          const COUNTS_ONLY = /* GraphQL */ `
            query ($groupBy: StatsGroupBy!) {
              responseTimeStats(groupBy: $groupBy) {
                key
                referralCount
              }
            }
          `;
          const connections = async (app: TestApp, groupBy: string, countsOnly = false) => {
            const taken = jest.spyOn(app.app.get(DataSource), 'createQueryRunner');
            try {
              if (countsOnly) {
                const response = await app.gql(COUNTS_ONLY, { variables: { groupBy }, key: app.adminKey });
                expect(response.body.errors).toBeUndefined();
              } else {
                await stats(groupBy, null, undefined, app);
              }
              return taken.mock.calls.length;
            } finally {
              taken.mockRestore();
            }
          };
          for (const groupBy of ['AGENCY', 'URGENCY']) {
            expect(await connections(two, groupBy)).toBe((await connections(one, groupBy)) + 1);
            expect(await connections(two, groupBy, true)).toBe(await connections(one, groupBy, true));
          }
          for (const [groupBy, filter] of VIEWS) {
            expect(await stats(groupBy, filter, undefined, two)).toEqual(await stats(groupBy, filter, undefined, one));
          }
        } finally {
          await two.close();
          await one.close();
        }
      }
    });

    it('gives the same figures from the monthly totals as from the timing rows', async () => {
      const live = await allViews();
      expect(await freshMonths()).toEqual([]);
      // The clock says 2026-08-03: June and July are built, August (the current month) is not.
      expect(await months().buildAll()).toBe(2);
      expect(await freshMonths()).toEqual(['2026-06-01', '2026-07-01']);
      expect(await allViews()).toEqual(live);
      expect(await months().buildAll()).toBe(0);
    });

    it('keeps every group exact with the monthly totals too while the whole selection fits the budget', async () => {
      const dataSource = t.app.get(DataSource);
      const [{ rows }] = await dataSource.query<{ rows: number }[]>(
        'SELECT count(*)::int AS rows FROM referral_timing',
      );
      // A budget the whole selection just fits, and a group of some view holds more than an equal share of it.
      const fitting = await startTestApp({ DATABASE_URL: url, STATS_PERCENTILE_SAMPLE: String(rows) }, { clock });
      try {
        await dataSource.query('DELETE FROM referral_timing_month_built');
        const live = await allViews(fitting);
        const largest = (group: Stats) =>
          Math.max(...[group.acknowledge, group.decision, group.start, group.completion].map((m) => m.calendar.count));
        expect(live.some((view) => view.some((group) => largest(group) > Math.floor(rows / view.length)))).toBe(true);
        expect(await months().buildAll()).toBe(2);
        const fromMonths = await allViews(fitting);
        // Equal to the timing rows' figures, exact in every group: by urgency they come from one grouping of
        // every row (the exact statement), not from percentileSamples.
        expect(fromMonths).toEqual(live);
      } finally {
        await fitting.close();
      }
    });

    it('plans the statistics without parallel workers unless STATS_PARALLEL_WORKERS allows them', async () => {
      const planned = (parallelWorkers: number) =>
        t.app.get(DataSource).transaction(async (manager) => {
          const settings = analyticsSettings(parallelWorkers);
          await manager.query(settings.sql, settings.params);
          // Parallel plans made as cheap as they can be, so only the worker limit decides.
          await manager.query(`SET LOCAL parallel_setup_cost = 0`);
          await manager.query(`SET LOCAL parallel_tuple_cost = 0`);
          await manager.query(`SET LOCAL min_parallel_table_scan_size = 0`);
          const plan = await manager.query<{ 'QUERY PLAN': string }[]>(
            'EXPLAIN SELECT urgency, count(*) FROM referral_timing GROUP BY urgency',
          );
          return plan.map((line) => line['QUERY PLAN']).join('\n');
        });
      expect(await planned(0)).not.toContain('Gather');
      expect(await planned(2)).toContain('Gather');
    });

    it('reads the views that neither group nor filter by recipient from the network-wide totals', async () => {
      const dataSource = t.app.get(DataSource);
      await months().buildAll();
      const [before] = await stats('MONTH', JULY);
      const [beforeHousing] = await stats('MONTH', { ...JULY, sector: 'HOUSING' });
      // A count changed in the network-wide totals shows in the network view only; the sector view reads the
      // totals per recipient.
      await dataSource.query(
        `UPDATE referral_timing_month_network SET referral_count = referral_count + 100
          WHERE sent_month = '2026-07-01' AND ctid = (SELECT min(ctid) FROM referral_timing_month_network
                                                      WHERE sent_month = '2026-07-01')`,
      );
      try {
        expect((await stats('MONTH', JULY))[0].referralCount).toBe(before.referralCount + 100);
        expect(await stats('MONTH', { ...JULY, sector: 'HOUSING' })).toEqual([beforeHousing]);
      } finally {
        await dataSource.query('DELETE FROM referral_timing_month_built');
      }
    });

    it('stops using a month whose referrals changed since it was built, until it is built again', async () => {
      const dataSource = t.app.get(DataSource);
      await months().buildAll();
      const [{ id }] = await dataSource.query<{ id: string }[]>(
        `SELECT referral_id AS id FROM referral_timing WHERE status = 'ACCEPTED' AND sent_month = '2026-07-01'`,
      );
      const [before] = await stats('MONTH', JULY);
      await act('2026-08-03T12:00', disability, 'startReferral', id);
      expect(await freshMonths()).toEqual(['2026-06-01']);
      const afterChange = await allViews();
      // The same period with no monthly totals at all: the timing rows only.
      const [{ built }] = await dataSource.query<{ built: string[] }[]>(
        `SELECT array_agg(to_char(sent_month, 'YYYY-MM-DD')) AS built FROM referral_timing_month_built`,
      );
      await dataSource.query('DELETE FROM referral_timing_month_built');
      expect(await allViews()).toEqual(afterChange);
      const [after] = await stats('MONTH', JULY);
      expect(after.start.calendar.count).toBe(before.start.calendar.count + 1); // B1 has started

      expect(built.sort()).toEqual(['2026-06-01', '2026-07-01']);
      expect(await months().buildAll()).toBe(2);
      expect(await freshMonths()).toEqual(['2026-06-01', '2026-07-01']);
      expect(await allViews()).toEqual(afterChange);
    });

    it('counts the open referrals of months settled by now from the monthly totals, and only of those', async () => {
      const dataSource = t.app.get(DataSource);
      const overThirtyDays = async () => {
        const [h] = await stats('AGENCY', { agencyId: housing.id });
        return h.backlog.find((bucket) => bucket.age === 'OVER_30_DAYS');
      };
      // Seven weeks on: June and July were sent more than 30 days ago and their due times have passed.
      clock.set(jst('2026-09-20T09:00'));
      try {
        await dataSource.query('DELETE FROM referral_timing_month_built');
        const live = await allViews();
        expect(await overThirtyDays()).toEqual({ age: 'OVER_30_DAYS', open: 3, awaitingDecision: 2 }); // A5 A3 A4
        expect(await months().buildAll()).toBe(3); // June, July, August
        expect(await allViews()).toEqual(live);

        // They are read from the monthly totals: a count changed there (A3's row, July) shows.
        const a3Row = `sent_month = '2026-07-01' AND to_agency_id = $1 AND urgency = 'HIGH'`;
        await dataSource.query(`UPDATE referral_timing_month_agency SET open_count = open_count + 100 WHERE ${a3Row}`, [
          housing.id,
        ]);
        expect(await overThirtyDays()).toEqual({ age: 'OVER_30_DAYS', open: 103, awaitingDecision: 2 });
        // Not while one of the month's open referrals still has a due time ahead.
        await dataSource.query(
          `UPDATE referral_timing_month_built SET open_due_max = $1 WHERE sent_month = '2026-07-01'`,
          [jst('2026-09-20T10:00')],
        );
        expect(await overThirtyDays()).toEqual({ age: 'OVER_30_DAYS', open: 3, awaitingDecision: 2 });
        // Nor a month sent less than 30 days ago: August, whose totals are built too, is read from its rows.
        await dataSource.query(
          `UPDATE referral_timing_month_agency SET open_count = open_count + 100 WHERE sent_month = '2026-08-01'`,
        );
        expect(await overThirtyDays()).toEqual({ age: 'OVER_30_DAYS', open: 3, awaitingDecision: 2 });
      } finally {
        clock.set(NOW);
        await dataSource.query('DELETE FROM referral_timing_month_built');
      }
      expect(await months().buildAll()).toBe(2);
    });

    it('forgets the build of a month whose timing rows are deleted', async () => {
      const dataSource = t.app.get(DataSource);
      await months().buildAll();
      expect(await freshMonths()).toEqual(['2026-06-01', '2026-07-01']);
      // Inside a transaction that is then rolled back, so the scenario keeps its referrals.
      const rolledBack = new Error('rolled back');
      await expect(
        dataSource.transaction(async (manager) => {
          await manager.query(`DELETE FROM referral_timing WHERE sent_month = '2026-06-01'`);
          expect(await months().freshMonths(manager)).toEqual(['2026-07-01']);
          throw rolledBack;
        }),
      ).rejects.toBe(rolledBack);
      expect(await freshMonths()).toEqual(['2026-06-01', '2026-07-01']);
    });
  });
});
