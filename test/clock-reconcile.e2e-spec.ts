import { JobName, Metrics, QueueName } from '@tsunagu/platform';
import {
  ClockReconciler,
  ConsentExpiryClockSource,
  EXPIRING_SOON_BEFORE_MS,
  REMIND_AT_FRACTION,
  ReferralClockSource,
} from '@tsunagu/notifications';
import { Queue, type Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { createAgency, type TestAgency } from './support/builders.js';
import { deleteRedisKeys } from './support/bus.js';
import {
  CREATE_REFERRAL,
  consentedPair,
  dataOf,
  recordConsent,
  referralInput,
  registerPerson,
} from './support/referral-builders.js';
import { createOwnDatabase, type OwnDatabase } from './support/own-database.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { startWorker, waitFor, type WorkerProcess } from './support/worker-process.js';

/**
 * The clocks survive a Redis that lost them: the fan-out schedules them, the test's Redis keys are deleted (a
 * Redis restarted empty), and the reconciler re-creates, from PostgreSQL, exactly the jobs that must still fire,
 * with the same ids and due times, once; a breach that fell due while they were gone fires. The file has a
 * database and a Redis prefix of its own: deleting "Redis" deletes only this file's keys.
 */
const REDIS_URL = process.env.REDIS_URL!;
const DAY_MS = 24 * 3600 * 1000;
/** The fast recipient's acknowledgement target: its reminder point (80%) must not pass before the keys go. */
const FAST_ACK_MS = 12_000;

type Clock = 'ACKNOWLEDGE' | 'DECISION';

/** A clock job as the reconciler must re-create it: its name, due time and data. */
interface ExpectedJob {
  name: JobName;
  at: number;
  data: object;
}

interface ReferralTimes {
  sent_at: Date;
  acknowledge_due_at: Date;
  decision_due_at: Date;
  acknowledge_breached_at: Date | null;
}

describe('clock reconciliation (PostgreSQL re-creates the clock jobs Redis lost)', () => {
  let own: OwnDatabase | undefined;
  let url: string;
  let prefix: string;
  let t: TestApp;
  let worker: WorkerProcess | undefined;
  let clocks: Queue;
  let sender: TestAgency;
  let slow: TestAgency;
  let fast: TestAgency;
  let metrics: Metrics;
  let reconciler: ClockReconciler;

  /** Referral A (due in days), referral B (acknowledgement due in seconds), consents C (30 days) and D (seconds). */
  const ids = { a: '', b: '', c: '', d: '' };
  let expiresC: Date;
  let expiresD: Date;

  beforeAll(async () => {
    own = await createOwnDatabase('clock-reconcile');
    ({ url, prefix } = own);
    t = await startTestApp({ DATABASE_URL: url, REDIS_PREFIX: prefix });
    clocks = new Queue(QueueName.CLOCKS, { connection: { url: REDIS_URL }, prefix: `${prefix}:bull` });
    metrics = Metrics.forProcess();
    reconciler = new ClockReconciler(
      t.app.get(DataSource),
      clocks,
      [new ReferralClockSource(), new ConsentExpiryClockSource()],
      metrics,
      { CLOCK_RECONCILE_LOOKBACK: 7 * DAY_MS },
    );
    sender = await createAgency(t, { sector: 'POVERTY' });
    slow = await createAgency(t, {
      sector: 'HOUSING',
      needCategories: ['HOUSING'],
      serviceAreas: [{ level: 'MUNICIPALITY', code: '231100' }],
      responseTargets: [{ urgency: 'EMERGENCY', acknowledgeWithin: 'P1D', decideWithin: 'P2D', businessTime: false }],
    });
    fast = await createAgency(t, {
      sector: 'HOUSING',
      needCategories: ['HOUSING'],
      serviceAreas: [{ level: 'MUNICIPALITY', code: '231100' }],
      responseTargets: [{ urgency: 'EMERGENCY', acknowledgeWithin: 'PT12S', decideWithin: 'P1D', businessTime: false }],
    });
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await clocks?.close();
    await t?.close();
    await own?.drop();
  });

  async function sendReferral(to: TestAgency): Promise<string> {
    const { personId } = await consentedPair(t, sender, to);
    const response = await t.gql<{ createReferral: { id: string; status: string } }>(CREATE_REFERRAL, {
      variables: { input: referralInput(personId, to.id, { send: true, urgency: 'EMERGENCY' }) },
      key: sender.key,
    });
    const referral = dataOf(response, 'createReferral').createReferral;
    expect(referral.status).toBe('REQUESTED');
    return referral.id;
  }

  async function consentExpiringAt(expiresAt: Date): Promise<string> {
    const personId = await registerPerson(t, sender);
    return recordConsent(t, sender, {
      personId,
      recipientAgencyId: slow.id,
      dataCategories: ['IDENTITY', 'CONTACT'],
      expiresAt: expiresAt.toISOString(),
    });
  }

  async function times(referralId: string): Promise<ReferralTimes> {
    const [row] = await t.app
      .get(DataSource)
      .query<ReferralTimes[]>(
        `SELECT "sent_at", "acknowledge_due_at", "decision_due_at", "acknowledge_breached_at" FROM "referral" WHERE "id" = $1`,
        [referralId],
      );
    return row;
  }

  const remindAt = (sentAt: Date, due: Date) =>
    sentAt.getTime() + REMIND_AT_FRACTION * (due.getTime() - sentAt.getTime());

  /** The job a referral SLA clock must have, by job id. */
  const slaJob = (referralId: string, clock: Clock, step: 'REMIND' | 'BREACH', at: number): [string, ExpectedJob] => [
    `${referralId}:${clock}:${step}`,
    { name: JobName.CHECK_DUE, at, data: { referralId, clock, step } },
  ];

  /** The job a consent expiry notice must have, by job id. */
  const expiryJob = (consentId: string, kind: 'EXPIRING_SOON' | 'EXPIRED', at: number): [string, ExpectedJob] => [
    `${consentId}:expiry:${kind}`,
    { name: JobName.CHECK_CONSENT_EXPIRY, at, data: { consentId, kind } },
  ];

  /** Every job of the CLOCKS queue, in any state, by id. */
  async function allJobs(): Promise<Map<string, Job>> {
    const jobs = await clocks.getJobs(['delayed', 'waiting', 'active', 'completed', 'failed', 'prioritized']);
    return new Map(jobs.map((job) => [job.id!, job]));
  }

  /** Deletes every Redis key of this file's queues: what a Redis restarted empty leaves of them. */
  async function emptyRedis(): Promise<void> {
    await deleteRedisKeys(REDIS_URL, `${prefix}:bull`);
    expect(await allJobs()).toEqual(new Map());
  }

  it('re-creates exactly the missing clock jobs, same ids and due times, and nothing on a second run', async () => {
    worker = await startWorker({ DATABASE_URL: url, REDIS_PREFIX: prefix });
    ids.a = await sendReferral(slow);
    ids.b = await sendReferral(fast);
    expiresC = new Date(Date.now() + 30 * DAY_MS);
    ids.c = await consentExpiringAt(expiresC);
    expiresD = new Date(Date.now() + 4_000);
    ids.d = await consentExpiringAt(expiresD);

    const scheduled = [
      `${ids.a}:ACKNOWLEDGE:REMIND`,
      `${ids.a}:ACKNOWLEDGE:BREACH`,
      `${ids.a}:DECISION:REMIND`,
      `${ids.a}:DECISION:BREACH`,
      `${ids.b}:ACKNOWLEDGE:REMIND`,
      `${ids.b}:ACKNOWLEDGE:BREACH`,
      `${ids.b}:DECISION:REMIND`,
      `${ids.b}:DECISION:BREACH`,
      `${ids.c}:expiry:EXPIRING_SOON`,
      `${ids.c}:expiry:EXPIRED`,
      `${ids.d}:expiry:EXPIRED`,
    ];
    // The fan-out scheduled them all (consent D's 14-day notice was already past: never scheduled).
    await waitFor(
      'the fan-out to schedule every clock',
      async () => {
        const jobs = await allJobs();
        return scheduled.every((id) => jobs.has(id));
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    expect([...(await allJobs()).keys()].sort()).toEqual([...scheduled].sort());
    await worker.stop();
    worker = undefined;

    // Redis loses everything; meanwhile B's acknowledgement and D's expiry fall due, unprocessed.
    await emptyRedis();
    const b = await times(ids.b);
    expect(b.acknowledge_breached_at).toBeNull();
    await waitFor(
      'B to be due and D to expire',
      () => Date.now() > Math.max(b.acknowledge_due_at.getTime(), expiresD.getTime()),
      {
        timeoutMs: FAST_ACK_MS + 10_000,
        intervalMs: 100,
      },
    );

    const now = new Date();
    const result = await reconciler.reconcile(now);
    // A: all four; B: the acknowledgement breach (due: at once; its reminder is moot) and the decision's two;
    // C: both notices; D: the expiry (at once).
    expect(result).toEqual({
      'referral-sla': { checked: 7, recreated: 7 },
      'consent-expiry': { checked: 3, recreated: 3 },
    });
    const a = await times(ids.a);
    const expected = new Map<string, ExpectedJob>([
      slaJob(ids.a, 'ACKNOWLEDGE', 'REMIND', remindAt(a.sent_at, a.acknowledge_due_at)),
      slaJob(ids.a, 'ACKNOWLEDGE', 'BREACH', a.acknowledge_due_at.getTime()),
      slaJob(ids.a, 'DECISION', 'REMIND', remindAt(a.sent_at, a.decision_due_at)),
      slaJob(ids.a, 'DECISION', 'BREACH', a.decision_due_at.getTime()),
      slaJob(ids.b, 'ACKNOWLEDGE', 'BREACH', now.getTime()),
      slaJob(ids.b, 'DECISION', 'REMIND', remindAt(b.sent_at, b.decision_due_at)),
      slaJob(ids.b, 'DECISION', 'BREACH', b.decision_due_at.getTime()),
      expiryJob(ids.c, 'EXPIRING_SOON', expiresC.getTime() - EXPIRING_SOON_BEFORE_MS),
      expiryJob(ids.c, 'EXPIRED', expiresC.getTime()),
      expiryJob(ids.d, 'EXPIRED', now.getTime()),
    ]);
    const jobs = await allJobs();
    expect([...jobs.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [id, { name, at, data }] of expected) {
      const job = jobs.get(id)!;
      expect({ id, name: job.name, data: job.data as object, dueAt: job.timestamp + job.delay }).toEqual({
        id,
        name,
        data,
        dueAt: Math.trunc(at),
      });
      // The scheduling code's retry and retention policy.
      expect(job.opts.attempts).toBe(10);
    }
    const recreated = await metrics.clocksRecreated.get();
    expect(Object.fromEntries(recreated.values.map((value) => [value.labels.kind, value.value]))).toEqual({
      'referral-sla': 7,
      'consent-expiry': 3,
    });

    // A second run finds every job in place: nothing added, nothing doubled.
    expect(await reconciler.reconcile()).toEqual({
      'referral-sla': { checked: 7, recreated: 0 },
      'consent-expiry': { checked: 3, recreated: 0 },
    });
    expect([...(await allJobs()).keys()].sort()).toEqual([...expected.keys()].sort());
  }, 90_000);

  it('skips a round while another instance holds the reconciliation lock', async () => {
    await t.app.get(DataSource).transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('tsunagu.clock_reconcile', 0))`);
      expect(await reconciler.reconcile()).toBeNull();
    });
  });

  it('in the worker: re-creates them at start and periodically (a failed-for-good one too), and the breach that fell due meanwhile fires', async () => {
    await emptyRedis();
    worker = await startWorker({ DATABASE_URL: url, REDIS_PREFIX: prefix, CLOCK_RECONCILE_INTERVAL_MS: '1000' });

    // B's breach and D's expiry, due while Redis was empty, run once the worker re-created them.
    await waitFor(
      'B to be marked overdue and D expired',
      async () => {
        const [row] = await t.app.get(DataSource).query<{ breached: boolean; expired: boolean }[]>(
          `SELECT (SELECT "acknowledge_breached_at" IS NOT NULL FROM "referral" WHERE "id" = $1) AS "breached",
                    EXISTS (SELECT 1 FROM "consent_notice" WHERE "consent_id" = $2 AND "kind" = 'EXPIRED') AS "expired"`,
          [ids.b, ids.d],
        );
        return row.breached && row.expired;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    const overdue = await t.app
      .get(DataSource)
      .query<{ type: string; note: string }[]>(
        `SELECT "type", "note" FROM "referral_event" WHERE "referral_id" = $1 AND "type" = 'OVERDUE'`,
        [ids.b],
      );
    expect(overdue).toEqual([{ type: 'OVERDUE', note: 'ACKNOWLEDGE' }]);
    expect((await clocks.getJob(`${ids.b}:ACKNOWLEDGE:BREACH`))?.returnvalue).toEqual({ outcome: 'BREACHED' });
    expect((await clocks.getJob(`${ids.d}:expiry:EXPIRED`))?.returnvalue).toEqual({ outcome: 'EXPIRED' });

    // A job lost while the worker runs (an evicted key) comes back at the next periodic round.
    const lost = `${ids.a}:DECISION:BREACH`;
    const before = await clocks.getJob(lost);
    expect(before).toBeDefined();
    await before!.remove();
    expect(await clocks.getJob(lost)).toBeUndefined();
    const back = await waitFor(`${lost} to be re-created`, () => clocks.getJob(lost), {
      timeoutMs: 15_000,
      intervalMs: 200,
    });
    expect(back.timestamp + back.delay).toBe((await times(ids.a)).decision_due_at.getTime());
    expect(await back.getState()).toBe('delayed');

    // A clock job that failed for good (here: a breach run before its due time, one attempt) is replaced.
    const failing = `${ids.a}:ACKNOWLEDGE:BREACH`;
    await (await clocks.getJob(failing))!.remove();
    await clocks.add(
      JobName.CHECK_DUE,
      { referralId: ids.a, clock: 'ACKNOWLEDGE', step: 'BREACH' },
      { jobId: failing, attempts: 1, removeOnFail: false },
    );
    const acknowledgeDue = (await times(ids.a)).acknowledge_due_at.getTime();
    const replaced = await waitFor(
      `${failing} to fail, then be re-created`,
      async () => {
        const job = await clocks.getJob(failing);
        return job && job.timestamp + job.delay === acknowledgeDue && (await job.getState()) === 'delayed' && job;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    expect(replaced.opts.attempts).toBe(10);
    expect(replaced.attemptsMade).toBe(0);
  }, 90_000);
});
