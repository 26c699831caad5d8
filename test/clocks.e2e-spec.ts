import { JOB_OPTIONS, JobName, QueueName, type BusEvent } from '@tsunagu/platform';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { createAgency, type TestAgency } from './support/builders.js';
import { deleteRedisKeys, listenToAgencies, type AgencyEvents } from './support/bus.js';
import { CREATE_REFERRAL, consentedPair, dataOf, referralInput } from './support/referral-builders.js';
import { startTestApp, uniqueSuffix, type TestApp } from './support/test-app.js';
import { startWorker, waitFor, type WorkerProcess } from './support/worker-process.js';
import { createMigratedDatabase, dropDatabase } from './setup/test-database.js';

/**
 * The referral SLA clocks end to end: the built worker schedules them when it fans out `referral.sent`, then
 * reminds, marks overdue and escalates, each once; a referral that moved on triggers nothing. Short targets
 * (seconds) stand in for hours. The file has a database of its own, so its worker relays its events only.
 */
const REDIS_URL = process.env.REDIS_URL!;
const ACK_MS = 3_000;
const DECIDE_MS = 6_000;

type Clock = 'ACKNOWLEDGE' | 'DECISION';

interface ReferralRow {
  acknowledge_reminded_at: Date | null;
  acknowledge_breached_at: Date | null;
  decision_reminded_at: Date | null;
  decision_breached_at: Date | null;
}

const REFERRAL_STATE = /* GraphQL */ `
  query ($id: ID!) {
    referral(id: $id) {
      status
      overdue
      events {
        id
        type
        note
      }
    }
  }
`;

describe('referral SLA clocks (the worker process)', () => {
  const adminUrl = process.env.TSUNAGU_TEST_ADMIN_DATABASE_URL as string;
  const database = `tsunagu_clocks_${process.pid}`;
  const prefix = `tsunagu-clocks-${uniqueSuffix().toLowerCase()}`;
  let t: TestApp;
  let worker: WorkerProcess;
  let clocks: Queue;
  let sender: TestAgency;
  let recipient: TestAgency;
  let coordinator: TestAgency;
  let elsewhere: TestAgency;
  let received: AgencyEvents;

  beforeAll(async () => {
    const url = await createMigratedDatabase(adminUrl, database);
    t = await startTestApp({ DATABASE_URL: url, REDIS_PREFIX: prefix });
    worker = await startWorker({ DATABASE_URL: url, REDIS_PREFIX: prefix });
    clocks = new Queue(QueueName.CLOCKS, { connection: { url: REDIS_URL }, prefix: `${prefix}:bull` });
    sender = await createAgency(t, { sector: 'POVERTY' });
    recipient = await createAgency(t, {
      sector: 'HOUSING',
      needCategories: ['HOUSING'],
      serviceAreas: [{ level: 'MUNICIPALITY', code: '231100' }],
      responseTargets: [{ urgency: 'EMERGENCY', acknowledgeWithin: 'PT3S', decideWithin: 'PT6S', businessTime: false }],
    });
    // The hub coordinator of the recipient's ward, and one of another prefecture (never told).
    coordinator = await createAgency(t, {
      sector: 'DISABILITY',
      isHubCoordinator: true,
      serviceAreas: [{ level: 'MUNICIPALITY', code: '231100' }],
    });
    elsewhere = await createAgency(t, {
      sector: 'DISABILITY',
      isHubCoordinator: true,
      serviceAreas: [{ level: 'PREFECTURE', code: '130001' }],
    });
    received = await listenToAgencies(REDIS_URL, prefix, [sender.id, recipient.id, coordinator.id, elsewhere.id]);
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await received?.close();
    await clocks?.close();
    await t?.close();
    await dropDatabase(adminUrl, database);
    await deleteRedisKeys(REDIS_URL, prefix);
  });

  /** An EMERGENCY referral from sender to recipient, sent now. */
  async function sendReferral(): Promise<{ id: string; acknowledgeDueAt: string; decisionDueAt: string }> {
    const { personId } = await consentedPair(t, sender, recipient);
    const response = await t.gql<{
      createReferral: { id: string; status: string; acknowledgeDueAt: string; decisionDueAt: string };
    }>(CREATE_REFERRAL, {
      variables: { input: referralInput(personId, recipient.id, { send: true, urgency: 'EMERGENCY' }) },
      key: sender.key,
    });
    const referral = dataOf(response, 'createReferral').createReferral;
    expect(referral.status).toBe('REQUESTED');
    return referral;
  }

  /** The referral's events, of the referral only, received by `agencyId`. */
  function eventsOf(agencyId: string, referralId: string, type?: string, clock?: Clock): BusEvent[] {
    return received
      .events(agencyId, type, clock ? (payload) => payload.clock === clock : undefined)
      .filter((event) => (event.payload as { referralId?: string }).referralId === referralId);
  }

  /** Distinct event ids (the bus is at-least-once: receivers deduplicate on the id). */
  function distinct(events: readonly BusEvent[]): string[] {
    return [...new Set(events.map((event) => event.id))];
  }

  async function row(referralId: string): Promise<ReferralRow> {
    const [found] = await t.app
      .get(DataSource)
      .query<ReferralRow[]>(
        `SELECT "acknowledge_reminded_at", "acknowledge_breached_at", "decision_reminded_at", "decision_breached_at" FROM "referral" WHERE "id" = $1`,
        [referralId],
      );
    return found;
  }

  async function outboxCount(referralId: string): Promise<number> {
    const [{ count }] = await t.app
      .get(DataSource)
      .query<{ count: string }[]>(`SELECT count(*) FROM "outbox_event" WHERE "aggregate_id" = $1`, [referralId]);
    return Number(count);
  }

  /** Waits until the CHECK_DUE job `jobId` completed, and returns what its handler did. */
  async function outcomeOf(jobId: string, timeoutMs = 15_000): Promise<string> {
    return waitFor(
      `CHECK_DUE job ${jobId} to complete`,
      async () => {
        const job = await clocks.getJob(jobId);
        if (!job) return undefined;
        if (job.failedReason && job.attemptsMade >= (job.opts.attempts ?? 1)) throw new Error(job.failedReason);
        return (await job.isCompleted()) ? (job.returnvalue as { outcome: string }).outcome : undefined;
      },
      { timeoutMs, intervalMs: 200 },
    );
  }

  let overdueReferralId: string;

  it('reminds the recipient, then marks overdue, tells both and escalates to the hub coordinator, once per clock', async () => {
    const referral = await sendReferral();
    overdueReferralId = referral.id;
    const sentAt = Date.now();
    expect(new Date(referral.decisionDueAt).getTime() - new Date(referral.acknowledgeDueAt).getTime()).toBe(
      DECIDE_MS - ACK_MS,
    );

    for (const clock of ['ACKNOWLEDGE', 'DECISION'] as const) {
      await waitFor(
        `the ${clock} breach to reach the sender, the recipient and the coordinator`,
        () =>
          eventsOf(recipient.id, referral.id, 'referral.overdue', clock).length > 0 &&
          eventsOf(sender.id, referral.id, 'referral.overdue', clock).length > 0 &&
          eventsOf(coordinator.id, referral.id, 'referral.escalated', clock).length > 0,
        { timeoutMs: DECIDE_MS + 8_000, intervalMs: 100 },
      );
    }
    // Both breach jobs have run by now; a further moment lets any stray duplicate show up.
    expect(await outcomeOf(`${referral.id}:DECISION:BREACH`)).toBe('BREACHED');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(DECIDE_MS);

    for (const clock of ['ACKNOWLEDGE', 'DECISION'] as const) {
      // The recipient: reminded, before the breach, then overdue; each one event.
      const dueSoon = eventsOf(recipient.id, referral.id, 'referral.due_soon', clock);
      const overdue = eventsOf(recipient.id, referral.id, 'referral.overdue', clock);
      expect(distinct(dueSoon)).toHaveLength(1);
      expect(distinct(overdue)).toHaveLength(1);
      const all = eventsOf(recipient.id, referral.id);
      expect(all.indexOf(dueSoon[0])).toBeLessThan(all.indexOf(overdue[0]));
      expect(dueSoon[0].agencyIds).toEqual([recipient.id]);
      expect(overdue[0].payload).toMatchObject({
        eventId: overdue[0].id,
        type: 'referral.overdue',
        referralId: referral.id,
        fromAgencyId: sender.id,
        toAgencyId: recipient.id,
        urgency: 'EMERGENCY',
        clock,
      });
      // The sender: the breach, once (the same event), never the reminder.
      expect(distinct(eventsOf(sender.id, referral.id, 'referral.overdue', clock))).toEqual(distinct(overdue));
      expect(eventsOf(sender.id, referral.id, 'referral.due_soon')).toEqual([]);
      // The coordinator of the area: the escalation, once; nothing else of the referral.
      expect(distinct(eventsOf(coordinator.id, referral.id, 'referral.escalated', clock))).toHaveLength(1);
    }
    expect(new Set(eventsOf(coordinator.id, referral.id).map((event) => event.type))).toEqual(
      new Set(['referral.escalated']),
    );
    // A coordinator of another prefecture hears nothing.
    expect(eventsOf(elsewhere.id, referral.id)).toEqual([]);

    const state = await row(referral.id);
    expect(state.acknowledge_reminded_at).not.toBeNull();
    expect(state.acknowledge_breached_at).not.toBeNull();
    expect(state.decision_reminded_at).not.toBeNull();
    expect(state.decision_breached_at).not.toBeNull();

    const { referral: read } = dataOf(
      await t.gql<{
        referral: { status: string; overdue: boolean; events: { id: string; type: string; note: string | null }[] };
      }>(REFERRAL_STATE, { variables: { id: referral.id }, key: sender.key }),
      'referral',
    );
    expect(read.status).toBe('REQUESTED');
    expect(read.overdue).toBe(true);
    const clockEvents = read.events
      .filter((event) => ['DUE_SOON', 'OVERDUE', 'ESCALATED'].includes(event.type))
      .map((event) => [event.type, event.note]);
    expect(clockEvents).toEqual(
      expect.arrayContaining([
        ['DUE_SOON', 'ACKNOWLEDGE'],
        ['OVERDUE', 'ACKNOWLEDGE'],
        ['ESCALATED', 'ACKNOWLEDGE'],
        ['DUE_SOON', 'DECISION'],
        ['OVERDUE', 'DECISION'],
        ['ESCALATED', 'DECISION'],
      ]),
    );
    expect(clockEvents).toHaveLength(6);
    // The bus events are the history's events (same ids).
    const overdueIds = read.events.filter((event) => event.type === 'OVERDUE').map((event) => event.id);
    expect(new Set(overdueIds)).toEqual(new Set(distinct(eventsOf(sender.id, referral.id, 'referral.overdue'))));

    const listed = dataOf(
      await t.gql<{ referrals: { edges: { node: { id: string } }[] } }>(
        'query { referrals(filter: { box: OUTBOX, overdue: true }, first: 50) { edges { node { id } } } }',
        { key: sender.key },
      ),
      'referrals',
    );
    expect(listed.referrals.edges.map((edge) => edge.node.id)).toContain(referral.id);
  }, 40_000);

  it('changes nothing more when a breach job runs again', async () => {
    expect(overdueReferralId).toBeDefined();
    const before = await row(overdueReferralId);
    const outboxBefore = await outboxCount(overdueReferralId);
    for (const clock of ['ACKNOWLEDGE', 'DECISION'] as const) {
      const jobId = `again-${clock.toLowerCase()}-${uniqueSuffix()}`;
      await clocks.add(
        JobName.CHECK_DUE,
        { referralId: overdueReferralId, clock, step: 'BREACH' },
        { ...JOB_OPTIONS[JobName.CHECK_DUE], jobId },
      );
      expect(await outcomeOf(jobId)).toBe('ALREADY_DONE');
      const remind = `again-remind-${clock.toLowerCase()}-${uniqueSuffix()}`;
      await clocks.add(
        JobName.CHECK_DUE,
        { referralId: overdueReferralId, clock, step: 'REMIND' },
        { ...JOB_OPTIONS[JobName.CHECK_DUE], jobId: remind },
      );
      expect(await outcomeOf(remind)).toBe('ALREADY_DONE');
    }
    expect(await row(overdueReferralId)).toEqual(before);
    expect(await outboxCount(overdueReferralId)).toBe(outboxBefore);
    for (const clock of ['ACKNOWLEDGE', 'DECISION'] as const) {
      expect(distinct(eventsOf(recipient.id, overdueReferralId, 'referral.overdue', clock))).toHaveLength(1);
      expect(distinct(eventsOf(coordinator.id, overdueReferralId, 'referral.escalated', clock))).toHaveLength(1);
    }
  }, 40_000);

  it('triggers nothing for a referral acknowledged and accepted before its due times', async () => {
    const referral = await sendReferral();
    for (const action of ['acknowledgeReferral', 'acceptReferral']) {
      dataOf(
        await t.gql(`mutation ($id: ID!) { ${action}(id: $id) { status } }`, {
          variables: { id: referral.id },
          key: recipient.key,
        }),
        action,
      );
    }
    // Every scheduled step runs (the last at the decision due time) and finds the referral moved on.
    for (const clock of ['ACKNOWLEDGE', 'DECISION'] as const) {
      expect(await outcomeOf(`${referral.id}:${clock}:BREACH`, DECIDE_MS + 8_000)).toBe('MOVED_ON');
      const remind = await clocks.getJob(`${referral.id}:${clock}:REMIND`);
      if (remind) expect(await outcomeOf(remind.id!)).toBe('MOVED_ON');
    }
    expect(await row(referral.id)).toEqual({
      acknowledge_reminded_at: null,
      acknowledge_breached_at: null,
      decision_reminded_at: null,
      decision_breached_at: null,
    });
    const { referral: read } = dataOf(
      await t.gql<{ referral: { status: string; overdue: boolean; events: { type: string }[] } }>(REFERRAL_STATE, {
        variables: { id: referral.id },
        key: sender.key,
      }),
      'referral',
    );
    expect(read.status).toBe('ACCEPTED');
    expect(read.overdue).toBe(false);
    expect(read.events.map((event) => event.type)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^(DUE_SOON|OVERDUE|ESCALATED)$/)]),
    );
    for (const agency of [sender, recipient, coordinator]) {
      const clockEvents = eventsOf(agency.id, referral.id).filter((event) =>
        ['referral.due_soon', 'referral.overdue', 'referral.escalated'].includes(event.type),
      );
      expect(clockEvents).toEqual([]);
    }
  }, 40_000);
});
