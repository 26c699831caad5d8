import { FixedClock } from '@tsunagu/platform';
import { TimingMonthsService } from '@tsunagu/stats';
import { DataSource } from 'typeorm';
import { createAgency, type TestAgency } from './support/builders.js';
import { CREATE_REFERRAL, dataOf, recordConsent, referralInput, registerPerson } from './support/referral-builders.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { createMigratedDatabase, dropDatabase } from './setup/test-database.js';

/**
 * The minimum cell of responseTimeStats (STATS_RESPONSE_MIN_CELL, 5 by default): an ordinary agency may not read
 * another agency's few referrals through a network-wide grouping. A database of this file's own, so that the
 * cells hold exactly the referrals below:
 * - housing (HOUSING): one HIGH referral, acknowledged after 2 h — alone in its cell by sector or urgency;
 * - employment (EMPLOYMENT): five NORMAL referrals, each acknowledged after 1 h;
 * - observer (DISABILITY): one HIGH referral of its own, acknowledged after 3 h.
 * All are sent in June; the API's clock then stands in August, so June can be read from the monthly totals too.
 */
const HOUR = 3_600_000;

function jst(local: string): Date {
  return new Date(`${local}:00+09:00`);
}

const QUERY = /* GraphQL */ `
  query ($filter: StatsFilter, $groupBy: StatsGroupBy!) {
    responseTimeStats(filter: $filter, groupBy: $groupBy) {
      key
      referralCount
      suppressed
      acknowledge {
        calendar {
          count
          p50Ms
          maxMs
          meanMs
        }
      }
      decision {
        business {
          count
        }
      }
      acknowledgeTarget {
        met
        missed
      }
      overdue {
        total
      }
      backlog {
        open
      }
    }
  }
`;

interface Group {
  key: string;
  referralCount: number;
  suppressed: boolean;
  acknowledge: {
    calendar: { count: number; p50Ms: number | null; maxMs: number | null; meanMs: number | null };
  } | null;
  decision: unknown;
  acknowledgeTarget: unknown;
  overdue: unknown;
  backlog: unknown;
}

const WITHHELD = {
  suppressed: true,
  acknowledge: null,
  decision: null,
  acknowledgeTarget: null,
  overdue: null,
  backlog: null,
};

describe('statistics: the minimum cell of other agencies’ referrals', () => {
  const adminUrl = process.env.TSUNAGU_TEST_ADMIN_DATABASE_URL as string;
  const database = `tsunagu_stats_min_cell_${process.pid}`;
  const clock = new FixedClock(jst('2026-06-15T09:00'));
  let url: string;
  let t: TestApp;
  let sender: TestAgency;
  let housing: TestAgency;
  let employment: TestAgency;
  let observer: TestAgency;
  let coordinator: TestAgency;

  async function stats(
    groupBy: string,
    filter: Record<string, unknown> | null,
    key: string,
    app: TestApp = t,
  ): Promise<Group[]> {
    const response = await app.gql<{ responseTimeStats: Group[] }>(QUERY, { variables: { groupBy, filter }, key });
    return dataOf(response, 'responseTimeStats').responseTimeStats;
  }

  async function referral(recipient: TestAgency, urgency: string, sentAt: string, acknowledgedAt: string) {
    clock.set(jst(sentAt));
    const personId = await registerPerson(t, sender);
    await recordConsent(t, sender, { personId, recipientAgencyId: recipient.id, dataCategories: ['IDENTITY'] });
    const created = await t.gql<{ createReferral: { id: string } }>(CREATE_REFERRAL, {
      variables: {
        input: referralInput(personId, recipient.id, { send: true, urgency, sharedCategories: ['IDENTITY'] }),
      },
      key: sender.key,
    });
    const { id } = dataOf(created, 'createReferral').createReferral;
    clock.set(jst(acknowledgedAt));
    dataOf(
      await t.gql('mutation ($id: ID!) { acknowledgeReferral(id: $id) { id } }', {
        variables: { id },
        key: recipient.key,
      }),
      'acknowledgeReferral',
    );
  }

  beforeAll(async () => {
    url = await createMigratedDatabase(adminUrl, database);
    t = await startTestApp({ DATABASE_URL: url }, { clock });
    sender = await createAgency(t, { sector: 'POVERTY' });
    housing = await createAgency(t, { sector: 'HOUSING' });
    employment = await createAgency(t, { sector: 'EMPLOYMENT' });
    observer = await createAgency(t, { sector: 'DISABILITY' });
    coordinator = await createAgency(t, { sector: 'COMMUNITY_WELFARE', isHubCoordinator: true });

    await referral(housing, 'HIGH', '2026-06-15T10:00', '2026-06-15T12:00');
    for (const day of ['16', '17', '18', '19', '22']) {
      await referral(employment, 'NORMAL', `2026-06-${day}T10:00`, `2026-06-${day}T11:00`);
    }
    await referral(observer, 'HIGH', '2026-06-23T10:00', '2026-06-23T13:00');
    clock.set(jst('2026-08-03T12:00'));
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    if (url) await dropDatabase(adminUrl, database);
  });

  /** The same answers from the timing rows and from the monthly totals. */
  async function bothWays(check: () => Promise<void>): Promise<void> {
    await check();
    const months = t.app.get(TimingMonthsService);
    await months.buildAll();
    const fresh = await t.app.get(DataSource).transaction((manager) => months.freshMonths(manager));
    expect(fresh).toContain('2026-06-01');
    await check();
  }

  it('withholds another agency’s single referral behind a sector filter and an urgency grouping', async () => {
    await bothWays(async () => {
      // The hub admin sees housing's exact acknowledgement time in the cell …
      const [asAdmin] = await stats('URGENCY', { sector: 'HOUSING' }, t.adminKey);
      expect(asAdmin).toMatchObject({ key: 'HIGH', referralCount: 1, suppressed: false });
      expect(asAdmin.acknowledge!.calendar).toEqual({ count: 1, p50Ms: 2 * HOUR, maxMs: 2 * HOUR, meanMs: 2 * HOUR });
      // … an agency without the right to housing's figures sees that the cell exists, and nothing of it.
      expect(await stats('URGENCY', { sector: 'HOUSING' }, observer.key)).toEqual([
        { key: 'HIGH', referralCount: 1, ...WITHHELD },
      ]);
      expect(await stats('MONTH', { sector: 'HOUSING' }, observer.key)).toEqual([
        { key: '2026-06', referralCount: 1, ...WITHHELD },
      ]);
    });
  });

  it('shows an agency its own small cells, and a cell of five other referrals', async () => {
    await bothWays(async () => {
      const bySector = await stats('SECTOR', null, observer.key);
      expect(bySector.map((group) => [group.key, group.referralCount, group.suppressed])).toEqual([
        ['EMPLOYMENT', 5, false],
        ['DISABILITY', 1, false],
        ['HOUSING', 1, true],
      ]);
      expect(bySector[0].acknowledge!.calendar).toMatchObject({ count: 5, maxMs: HOUR });
      expect(bySector[1].acknowledge!.calendar).toMatchObject({ count: 1, maxMs: 3 * HOUR });
      // Housing sees its own cell.
      const [own] = await stats('URGENCY', { sector: 'HOUSING' }, housing.key);
      expect(own).toMatchObject({ suppressed: false, acknowledge: { calendar: { maxMs: 2 * HOUR } } });
    });
  });

  it('does not let the caller’s own referrals make up the numbers of a cell with another agency’s', async () => {
    const byUrgency = await stats('URGENCY', null, observer.key);
    expect(byUrgency).toEqual([
      expect.objectContaining({ key: 'HIGH', referralCount: 2, ...WITHHELD }), // housing's one and the observer's
      expect.objectContaining({ key: 'NORMAL', referralCount: 5, suppressed: false }),
    ]);
  });

  it('shows every cell to the hub admin and to hub coordinators', async () => {
    for (const key of [t.adminKey, coordinator.key]) {
      const byUrgency = await stats('URGENCY', null, key);
      expect(byUrgency.map((group) => [group.key, group.suppressed])).toEqual([
        ['HIGH', false],
        ['NORMAL', false],
      ]);
      expect(byUrgency[0].acknowledge!.calendar).toMatchObject({ count: 2, maxMs: 3 * HOUR, meanMs: 2.5 * HOUR });
    }
  });

  it('takes the minimum from STATS_RESPONSE_MIN_CELL', async () => {
    const strict = await startTestApp({ DATABASE_URL: url, STATS_RESPONSE_MIN_CELL: '6' }, { clock });
    try {
      const bySector = await stats('SECTOR', null, observer.key, strict);
      expect(bySector.map((group) => [group.key, group.suppressed])).toEqual([
        ['EMPLOYMENT', true],
        ['DISABILITY', false],
        ['HOUSING', true],
      ]);
    } finally {
      await strict.close();
    }
  });
});
