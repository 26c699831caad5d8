import { JOB_OPTIONS, JobName, QueueName, type BusEvent } from '@tsunagu/platform';
import { Queue } from 'bullmq';
import { createAgency, type TestAgency } from './support/builders.js';
import { listenToAgencies, type AgencyEvents } from './support/bus.js';
import {
  ALL_CATEGORIES,
  CREATE_REFERRAL,
  dataOf,
  recordConsent,
  referralInput,
  registerPerson,
} from './support/referral-builders.js';
import { createOwnDatabase, type OwnDatabase } from './support/own-database.js';
import { startTestApp, uniqueSuffix, type TestApp } from './support/test-app.js';
import { startWorker, waitFor, type WorkerProcess } from './support/worker-process.js';

/**
 * Consent expiry end to end: the built worker schedules a consent's notices when it fans out
 * `consent.recorded`, then tells the agencies 14 days before and at the expiry, and at the expiry marks the open
 * referrals relying on the consent, each once; a withdrawn consent gets no notices. Seconds stand in for days
 * where they can. The file has a database of its own, so its worker relays its events only.
 */
const REDIS_URL = process.env.REDIS_URL!;
const DAY_MS = 24 * 3600 * 1000;

const REFERRAL_STATE = /* GraphQL */ `
  query ($id: ID!) {
    referral(id: $id) {
      status
      events {
        id
        type
        note
      }
      person {
        id
        redacted
      }
    }
  }
`;

const WITHDRAW = 'mutation ($id: ID!, $reason: String) { withdrawConsent(id: $id, reason: $reason) { id status } }';

describe('consent expiry (the worker process)', () => {
  let own: OwnDatabase | undefined;
  let t: TestApp;
  let worker: WorkerProcess;
  let clocks: Queue;
  let sender: TestAgency;
  let recipient: TestAgency;
  let received: AgencyEvents;

  beforeAll(async () => {
    own = await createOwnDatabase('consent-clocks');
    const { url, prefix } = own;
    t = await startTestApp({ DATABASE_URL: url, REDIS_PREFIX: prefix });
    worker = await startWorker({ DATABASE_URL: url, REDIS_PREFIX: prefix });
    clocks = new Queue(QueueName.CLOCKS, { connection: { url: REDIS_URL }, prefix: `${prefix}:bull` });
    sender = await createAgency(t, { sector: 'POVERTY' });
    recipient = await createAgency(t, {
      sector: 'HOUSING',
      needCategories: ['HOUSING'],
      serviceAreas: [{ level: 'MUNICIPALITY', code: '231100' }],
    });
    received = await listenToAgencies(REDIS_URL, prefix, [sender.id, recipient.id]);
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await received?.close();
    await clocks?.close();
    await t?.close();
    await own?.drop();
  });

  /** The consent's events received by `agencyId`. */
  function consentEvents(agencyId: string, consentId: string, type?: string): BusEvent[] {
    return received
      .events(agencyId, type)
      .filter((event) => (event.payload as { consentId?: string }).consentId === consentId);
  }

  /** The referral's events received by `agencyId`. */
  function referralEvents(agencyId: string, referralId: string, type?: string): BusEvent[] {
    return received
      .events(agencyId, type)
      .filter((event) => (event.payload as { referralId?: string }).referralId === referralId);
  }

  /** Distinct event ids (the bus is at-least-once: receivers deduplicate on the id). */
  function distinct(events: readonly BusEvent[]): string[] {
    return [...new Set(events.map((event) => event.id))];
  }

  /** Waits until the CHECK_CONSENT_EXPIRY job `jobId` completed, and returns what its handler did. */
  async function outcomeOf(jobId: string, timeoutMs = 20_000): Promise<string> {
    return waitFor(
      `CHECK_CONSENT_EXPIRY job ${jobId} to complete`,
      async () => {
        const job = await clocks.getJob(jobId);
        if (!job) return undefined;
        if (job.failedReason && job.attemptsMade >= (job.opts.attempts ?? 1)) throw new Error(job.failedReason);
        return (await job.isCompleted()) ? (job.returnvalue as { outcome: string }).outcome : undefined;
      },
      { timeoutMs, intervalMs: 200 },
    );
  }

  /** A person of the sender and a consent to refer IDENTITY and CONTACT to the recipient, expiring in `ms`. */
  async function consentExpiringIn(ms: number): Promise<{ personId: string; consentId: string; expiresAt: Date }> {
    const personId = await registerPerson(t, sender);
    const expiresAt = new Date(Date.now() + ms);
    const consentId = await recordConsent(t, sender, {
      personId,
      recipientAgencyId: recipient.id,
      dataCategories: ['IDENTITY', 'CONTACT'],
      expiresAt: expiresAt.toISOString(),
    });
    return { personId, consentId, expiresAt };
  }

  async function readReferral(id: string, agency: TestAgency) {
    const response = await t.gql<{
      referral: {
        status: string;
        events: { id: string; type: string; note: string | null }[];
        person: { id: string; redacted: string[] };
      };
    }>(REFERRAL_STATE, { variables: { id }, key: agency.key });
    return dataOf(response, 'referral').referral;
  }

  it('at expiry tells the registering and the recipient agency and marks the open referral, once each', async () => {
    const { personId, consentId, expiresAt } = await consentExpiringIn(4_000);
    const created = await t.gql<{ createReferral: { id: string; status: string } }>(CREATE_REFERRAL, {
      variables: { input: referralInput(personId, recipient.id, { send: true }) },
      key: sender.key,
    });
    const referral = dataOf(created, 'createReferral').createReferral;
    expect(referral.status).toBe('REQUESTED');
    const before = await readReferral(referral.id, recipient);
    expect(before.person.redacted).not.toContain('IDENTITY');

    await waitFor(
      'consent.expired to reach both agencies and referral.consent_expired the referral sides',
      () =>
        consentEvents(sender.id, consentId, 'consent.expired').length > 0 &&
        consentEvents(recipient.id, consentId, 'consent.expired').length > 0 &&
        referralEvents(sender.id, referral.id, 'referral.consent_expired').length > 0 &&
        referralEvents(recipient.id, referral.id, 'referral.consent_expired').length > 0,
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt.getTime());
    expect(await outcomeOf(`${consentId}:expiry:EXPIRED`)).toBe('EXPIRED');
    // The 14-day notice was already past when the consent was recorded: never scheduled, never sent.
    expect(await clocks.getJob(`${consentId}:expiry:EXPIRING_SOON`)).toBeUndefined();

    // The registering agency: recorded, then expired; the recipient agency: expired (and recorded, as named).
    const recorded = consentEvents(sender.id, consentId, 'consent.recorded');
    expect(distinct(recorded)).toHaveLength(1);
    expect(recorded[0].payload).toEqual({
      eventId: recorded[0].id,
      type: 'consent.recorded',
      consentId,
      personId,
      recipientAgencyId: recipient.id,
      recipientSector: null,
      expiresAt: expiresAt.toISOString(),
      at: expect.any(String),
    });
    const expired = consentEvents(sender.id, consentId, 'consent.expired');
    expect(distinct(expired)).toHaveLength(1);
    expect(expired[0].agencyIds).toEqual([sender.id, recipient.id]);
    expect(expired[0].payload).toMatchObject({ type: 'consent.expired', consentId, recipientAgencyId: recipient.id });
    expect(distinct(consentEvents(recipient.id, consentId, 'consent.expired'))).toEqual(distinct(expired));
    for (const agency of [sender, recipient]) {
      expect(consentEvents(agency.id, consentId, 'consent.expiring_soon')).toEqual([]);
    }

    const marked = referralEvents(recipient.id, referral.id, 'referral.consent_expired');
    expect(distinct(marked)).toHaveLength(1);
    expect(marked[0].agencyIds).toEqual([sender.id, recipient.id]);
    expect(marked[0].payload).toMatchObject({
      eventId: marked[0].id,
      type: 'referral.consent_expired',
      referralId: referral.id,
      fromAgencyId: sender.id,
      toAgencyId: recipient.id,
      consentId,
    });
    expect(distinct(referralEvents(sender.id, referral.id, 'referral.consent_expired'))).toEqual(distinct(marked));

    const after = await readReferral(referral.id, recipient);
    const history = after.events.filter((event) => event.type === 'CONSENT_EXPIRED');
    // The recipient's basis is gone, so event notes are masked for it like the person's fields (docs/api.md).
    expect(history).toEqual([{ id: marked[0].id, type: 'CONSENT_EXPIRED', note: null }]);
    expect(after.person.id).toBe(personId);
    expect(after.person.redacted).toEqual([...ALL_CATEGORIES]);

    // The job again, under a new id: nothing more.
    const again = `again-expired-${uniqueSuffix()}`;
    await clocks.add(
      JobName.CHECK_CONSENT_EXPIRY,
      { consentId, kind: 'EXPIRED' },
      { ...JOB_OPTIONS[JobName.CHECK_CONSENT_EXPIRY], jobId: again },
    );
    expect(await outcomeOf(again)).toBe('ALREADY_DONE');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(distinct(consentEvents(sender.id, consentId, 'consent.expired'))).toHaveLength(1);
    expect(distinct(consentEvents(recipient.id, consentId, 'consent.expired'))).toHaveLength(1);
    expect(distinct(referralEvents(recipient.id, referral.id, 'referral.consent_expired'))).toHaveLength(1);
    const reread = await readReferral(referral.id, sender);
    expect(reread.events.filter((event) => event.type === 'CONSENT_EXPIRED')).toHaveLength(1);
  }, 60_000);

  it('sends no expiry notices for a consent withdrawn before its expiry', async () => {
    const { consentId } = await consentExpiringIn(3_000);
    dataOf(
      await t.gql(WITHDRAW, { variables: { id: consentId, reason: '本人の申し出' }, key: sender.key }),
      'withdrawConsent',
    );
    expect(await outcomeOf(`${consentId}:expiry:EXPIRED`)).toBe('WITHDRAWN');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const agency of [sender, recipient]) {
      expect(consentEvents(agency.id, consentId, 'consent.expired')).toEqual([]);
      expect(consentEvents(agency.id, consentId, 'consent.expiring_soon')).toEqual([]);
    }
    expect(distinct(consentEvents(sender.id, consentId, 'consent.recorded'))).toHaveLength(1);
  }, 40_000);

  it('schedules the 14-day notice and tells the registering agency only, once', async () => {
    const { consentId, expiresAt } = await consentExpiringIn(14 * DAY_MS + 3_000);
    const soonId = `${consentId}:expiry:EXPIRING_SOON`;
    const job = await waitFor('the EXPIRING_SOON job to be scheduled', () => clocks.getJob(soonId));
    expect(job.name).toBe(JobName.CHECK_CONSENT_EXPIRY);
    expect(job.data).toEqual({ consentId, kind: 'EXPIRING_SOON' });
    expect(job.opts.delay).toBeGreaterThan(0);
    expect(job.opts.delay).toBeLessThanOrEqual(3_000);
    expect(Math.abs(job.timestamp + job.opts.delay! - (expiresAt.getTime() - 14 * DAY_MS))).toBeLessThan(1_000);
    const expiredJob = await clocks.getJob(`${consentId}:expiry:EXPIRED`);
    expect(expiredJob?.opts.delay).toBeGreaterThan(14 * DAY_MS - 1_000);

    // The same data without delay under a new id: it runs the handler (retried until its time, if early).
    const now = `now-expiring-soon-${uniqueSuffix()}`;
    await clocks.add(
      JobName.CHECK_CONSENT_EXPIRY,
      { consentId, kind: 'EXPIRING_SOON' },
      { ...JOB_OPTIONS[JobName.CHECK_CONSENT_EXPIRY], jobId: now },
    );
    await waitFor(
      'consent.expiring_soon to reach the registering agency',
      () => consentEvents(sender.id, consentId, 'consent.expiring_soon').length > 0,
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    const outcomes = [await outcomeOf(now), await outcomeOf(soonId)];
    expect(outcomes.sort()).toEqual(['ALREADY_DONE', 'NOTIFIED']);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const soon = consentEvents(sender.id, consentId, 'consent.expiring_soon');
    expect(distinct(soon)).toHaveLength(1);
    expect(soon[0].agencyIds).toEqual([sender.id]);
    expect(soon[0].payload).toMatchObject({ eventId: soon[0].id, type: 'consent.expiring_soon', consentId });
    expect(consentEvents(recipient.id, consentId, 'consent.expiring_soon')).toEqual([]);
    expect(consentEvents(sender.id, consentId, 'consent.expired')).toEqual([]);
  }, 60_000);
});
