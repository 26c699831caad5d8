import { JOB_OPTIONS, JobName, QueueName, Scope, type BusEvent } from '@tsunagu/platform';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { createAgency, issueKey, type TestAgency } from './support/builders.js';
import { deleteRedisKeys } from './support/bus.js';
import {
  CREATE_REFERRAL,
  dataOf,
  personInput,
  recordConsent,
  referralInput,
  registerPerson,
} from './support/referral-builders.js';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from './support/smtp-sink.js';
import { startTestApp, uniqueSuffix, type TestApp } from './support/test-app.js';
import { startWorker, waitFor, type WorkerProcess } from './support/worker-process.js';
import { createMigratedDatabase, dropDatabase } from './setup/test-database.js';

/**
 * E-mail notices end to end: the built worker, started with SMTP_URL pointing at a real SMTP server on
 * loopback, mails the agencies whose EMAIL preferences carry an event; the API sets those preferences and lists
 * the agency's own notices. The file has a database of its own, so its worker relays its events only.
 */
const REDIS_URL = process.env.REDIS_URL!;
const PUBLIC_URL = 'https://tsunagu.example.jp/console';
const MAIL_FROM = 'Tsunagu テスト <no-reply@tsunagu.example.jp>';

/** A person registered with data distinctive enough that any trace of it in a mail would be found. */
const PERSON = personInput({
  familyName: '蔵之介',
  givenName: '竜胆',
  familyNameKana: 'クラノスケ',
  givenNameKana: 'リンドウ',
  birthDate: '1969-07-21',
  phone: '090-8765-4321',
  email: 'rindou.kuranosuke@example.org',
  address: '名古屋市中川区幻町7-7-7',
  householdNotes: '姉と二人で暮らしている',
});
const SUMMARY = '消費者金融からの借入が膨らみ住まいを失うおそれ';

const PREFERENCES = /* GraphQL */ `
  query {
    notificationPreferences {
      channel
      eventTypes
      isDefault
      defaultEventTypes
      updatedAt
    }
  }
`;
const SET_PREFERENCES = /* GraphQL */ `
  mutation ($input: SetNotificationPreferencesInput!) {
    setNotificationPreferences(input: $input) {
      channel
      eventTypes
      isDefault
      updatedAt
    }
  }
`;
const RESET_PREFERENCES = /* GraphQL */ `
  mutation ($channel: NotificationChannel!) {
    resetNotificationPreferences(channel: $channel) {
      channel
      eventTypes
      isDefault
      updatedAt
    }
  }
`;
const EMAIL_DELIVERIES = /* GraphQL */ `
  query ($filter: EmailDeliveryFilter, $first: Int, $after: String) {
    emailDeliveries(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          eventId
          eventType
          recipient
          status
          attempts
          lastError
          messageId
          createdAt
          sentAt
        }
      }
    }
  }
`;

interface Preference {
  channel: string;
  eventTypes: string[];
  isDefault: boolean;
  defaultEventTypes?: string[];
  updatedAt: string | null;
}

interface DeliveryNode {
  id: string;
  eventId: string;
  eventType: string;
  recipient: string;
  status: string;
  attempts: number;
  lastError: string | null;
  messageId: string | null;
  createdAt: string;
  sentAt: string | null;
}

interface DeliveryRow {
  id: string;
  agency_id: string;
  status: string;
  attempts: number;
  message_id: string | null;
  last_error: string | null;
  sent_at: Date | null;
}

interface MailAgency extends TestAgency {
  email: string;
  name: string;
}

describe('e-mail notices (the worker process and a local SMTP server)', () => {
  const adminUrl = process.env.TSUNAGU_TEST_ADMIN_DATABASE_URL as string;
  const database = `tsunagu_email_${process.pid}`;
  const prefix = `tsunagu-email-${uniqueSuffix().toLowerCase()}`;
  let t: TestApp;
  let worker: WorkerProcess;
  let sink: SmtpSink;
  let events: Queue;
  let mail: Queue;

  beforeAll(async () => {
    const url = await createMigratedDatabase(adminUrl, database);
    sink = await startSmtpSink();
    t = await startTestApp({ DATABASE_URL: url, REDIS_PREFIX: prefix });
    worker = await startWorker({
      DATABASE_URL: url,
      REDIS_PREFIX: prefix,
      SMTP_URL: sink.url,
      MAIL_FROM,
      PUBLIC_URL,
    });
    const connection = { url: REDIS_URL };
    events = new Queue(QueueName.EVENTS, { connection, prefix: `${prefix}:bull` });
    mail = new Queue(QueueName.MAIL, { connection, prefix: `${prefix}:bull` });
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await events?.close();
    await mail?.close();
    await t?.close();
    await sink?.close();
    await dropDatabase(adminUrl, database);
    await deleteRedisKeys(REDIS_URL, prefix);
  });

  async function mailAgency(name: string, overrides: Record<string, unknown> = {}): Promise<MailAgency> {
    const email = `window-${uniqueSuffix().toLowerCase()}@example.jp`;
    const agency = await createAgency(t, { name, contactEmail: email, ...overrides });
    return { ...agency, email, name };
  }

  /** A referral of a newly registered person from `sender` to `recipient`, sent at once. */
  async function sendReferral(sender: TestAgency, recipient: TestAgency, urgency = 'NORMAL'): Promise<string> {
    const personId = await registerPerson(t, sender, PERSON);
    await recordConsent(t, sender, {
      personId,
      recipientAgencyId: recipient.id,
      dataCategories: ['IDENTITY', 'CONTACT'],
    });
    const response = await t.gql<{ createReferral: { id: string; status: string } }>(CREATE_REFERRAL, {
      variables: { input: referralInput(personId, recipient.id, { send: true, urgency, summary: SUMMARY }) },
      key: sender.key,
    });
    const referral = dataOf(response, 'createReferral').createReferral;
    expect(referral.status).toBe('REQUESTED');
    return referral.id;
  }

  async function transition(agency: TestAgency, referralId: string, action: string): Promise<void> {
    dataOf(
      await t.gql(`mutation ($id: ID!) { ${action}(id: $id) { status } }`, {
        variables: { id: referralId },
        key: agency.key,
      }),
      action,
    );
  }

  function db(): DataSource {
    return t.app.get(DataSource);
  }

  /** The id of the referral's history event of `type` (the outbox event and the fan-out job share it). */
  async function eventIdOf(referralId: string, type: string): Promise<string> {
    const [row] = await db().query<{ id: string }[]>(
      `SELECT "id" FROM "referral_event" WHERE "referral_id" = $1 AND "type" = $2`,
      [referralId, type],
    );
    if (!row) throw new Error(`no ${type} event on ${referralId}`);
    return row.id;
  }

  /** Waits until the event's fan-out (every channel, e-mail included) has run. */
  async function fannedOut(eventId: string): Promise<BusEvent> {
    return waitFor(
      `the fan-out of ${eventId}`,
      async () => {
        const job = await events.getJob(eventId);
        return job && (await job.isCompleted()) ? (job.data as BusEvent) : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    );
  }

  async function deliveriesOf(eventId: string): Promise<DeliveryRow[]> {
    return db().query<DeliveryRow[]>(
      `SELECT "id", "agency_id", "status", "attempts", "message_id", "last_error", "sent_at"
         FROM "email_delivery" WHERE "event_id" = $1 ORDER BY "agency_id"`,
      [eventId],
    );
  }

  /**
   * The event's delivery rows once none is PENDING any more. The SMTP server holds a mail as soon as its DATA
   * ends, a moment before the worker hears the server's answer and records the row as SENT.
   */
  async function settledDeliveriesOf(eventId: string): Promise<DeliveryRow[]> {
    return waitFor(`the deliveries of ${eventId} to be settled`, async () => {
      const rows = await deliveriesOf(eventId);
      return rows.length > 0 && rows.every((row) => row.status !== 'PENDING') && rows;
    });
  }

  async function mailTo(agency: MailAgency, count = 1): Promise<ReceivedMail[]> {
    return waitFor(
      `${count} mail(s) to ${agency.email}`,
      () => sink.mailsTo(agency.email).length >= count && sink.mailsTo(agency.email),
      {
        timeoutMs: 15_000,
        intervalMs: 100,
      },
    );
  }

  /** Everything a reader or a mail system could see: the raw message and every decoded part. */
  function everythingIn(received: ReceivedMail): string {
    const headers = [...received.parsed.headers.entries()].map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
    return [received.raw, received.parsed.subject, received.parsed.text, received.parsed.html || '', ...headers].join(
      '\n',
    );
  }

  describe('a sent referral', () => {
    let sender: MailAgency;
    let recipient: MailAgency;
    let referralId: string;
    let sentEvent: BusEvent;

    beforeAll(async () => {
      sender = await mailAgency('中川区自立相談支援センター（メール試験）');
      recipient = await mailAgency('名古屋市居住支援法人（メール試験）', { sector: 'HOUSING' });
      referralId = await sendReferral(sender, recipient, 'HIGH');
      sentEvent = await fannedOut(await eventIdOf(referralId, 'SENT'));
    });

    it("mails the recipient's contact address once, in Japanese, naming the referral and where to look", async () => {
      const [received] = await mailTo(recipient);
      const { parsed } = received;
      expect(parsed.subject).toBe(`[Tsunagu] 【緊急度: 高】新しい紹介が届きました（${sender.name}から）`);
      expect(parsed.from?.value).toEqual([{ address: 'no-reply@tsunagu.example.jp', name: 'Tsunagu テスト' }]);
      expect(received.to).toEqual([recipient.email]);
      expect(parsed.text).toContain(`${recipient.name} ご担当者様`);
      expect(parsed.text).toContain(`${sender.name}から新しい紹介が届きました`);
      expect(parsed.text).toContain(`紹介ID: ${referralId}`);
      expect(parsed.text).toContain('緊急度: 高');
      expect(parsed.text).toContain(PUBLIC_URL);
      expect(parsed.text).toMatch(/日時: \d{4}年\d{1,2}月\d{1,2}日\(.\) \d{2}:\d{2} \(JST\)/);
      expect(parsed.headers.get('x-tsunagu-event-id')).toBe(sentEvent.id);
      expect(parsed.headers.get('x-tsunagu-event-type')).toBe('referral.sent');
      expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');

      // The sender caused the event: no mail for it. One delivery row, SENT after one attempt.
      const rows = await settledDeliveriesOf(sentEvent.id);
      expect(rows).toEqual([
        expect.objectContaining({ agency_id: recipient.id, status: 'SENT', attempts: 1, last_error: null }),
      ]);
      expect(rows[0].message_id).toBe(parsed.messageId);
      expect(rows[0].sent_at).not.toBeNull();
      expect(sink.mailsTo(sender.email)).toEqual([]);
    });

    it("carries none of the person's registered data, nor the referral's summary", async () => {
      const [received] = await mailTo(recipient);
      const everything = everythingIn(received);
      const personal = Object.values(PERSON).filter((value): value is string => typeof value === 'string');
      expect(personal.length).toBeGreaterThanOrEqual(15);
      for (const value of [...personal, SUMMARY]) expect(everything).not.toContain(value);
      // The check can see Japanese text: the agency's name, decoded, is there.
      expect(everything).toContain(recipient.name);
    });

    it('sends no second mail when the fan-out runs again or the send job is duplicated', async () => {
      const [row] = await settledDeliveriesOf(sentEvent.id);
      const again = `again-${uniqueSuffix()}`;
      await events.add(JobName.FAN_OUT_EVENT, sentEvent, { ...JOB_OPTIONS[JobName.FAN_OUT_EVENT], jobId: again });
      await fannedOut(again);
      const duplicate = `duplicate-${uniqueSuffix()}`;
      await mail.add(
        JobName.SEND_EMAIL,
        { deliveryId: row.id, event: sentEvent },
        { ...JOB_OPTIONS[JobName.SEND_EMAIL], jobId: duplicate },
      );
      const outcome = await waitFor(`SEND_EMAIL ${duplicate}`, async () => {
        const job = await mail.getJob(duplicate);
        return job && (await job.isCompleted()) ? (job.returnvalue as { outcome: string }).outcome : undefined;
      });
      expect(outcome).toBe('ALREADY_SENT');
      expect(sink.mailsTo(recipient.email)).toHaveLength(1);
      expect(await deliveriesOf(sentEvent.id)).toEqual([expect.objectContaining({ id: row.id, attempts: 1 })]);
    });

    it("lists the notice in the recipient agency's emailDeliveries, and in no one else's", async () => {
      const [received] = await mailTo(recipient);
      await settledDeliveriesOf(sentEvent.id);
      const listed = dataOf(
        await t.gql<{ emailDeliveries: { totalCount: number; edges: { node: DeliveryNode }[] } }>(EMAIL_DELIVERIES, {
          variables: { filter: { eventType: 'referral.sent' } },
          key: recipient.key,
        }),
        'emailDeliveries',
      ).emailDeliveries;
      expect(listed.totalCount).toBe(1);
      expect(listed.edges[0].node).toMatchObject({
        eventId: sentEvent.id,
        eventType: 'referral.sent',
        recipient: recipient.email,
        status: 'SENT',
        attempts: 1,
        lastError: null,
        messageId: received.parsed.messageId,
      });
      expect(listed.edges[0].node.sentAt).not.toBeNull();

      const senders = dataOf(
        await t.gql<{ emailDeliveries: { totalCount: number } }>(EMAIL_DELIVERIES, { key: sender.key }),
        'emailDeliveries',
      );
      expect(senders.emailDeliveries.totalCount).toBe(0);
    });
  });

  describe('preferences decide who is mailed', () => {
    it('mails per EMAIL preference: the default set, an opt-out and an opt-in', async () => {
      const sender = await mailAgency('送り手センター（設定試験）');
      const optedOut = await mailAgency('受け手A（referral.sent を止めた）');
      const byDefault = await mailAgency('受け手B（既定のまま）');
      dataOf(
        await t.gql(SET_PREFERENCES, {
          variables: { input: { channel: 'EMAIL', eventTypes: ['referral.sent', 'referral.accepted'] } },
          key: sender.key,
        }),
        'setNotificationPreferences',
      );
      dataOf(
        await t.gql(SET_PREFERENCES, {
          variables: { input: { channel: 'EMAIL', eventTypes: ['referral.overdue', 'referral.escalated'] } },
          key: optedOut.key,
        }),
        'setNotificationPreferences',
      );

      // Opted out of referral.sent: the fan-out runs, no delivery, no mail.
      const first = await sendReferral(sender, optedOut);
      const firstSent = (await fannedOut(await eventIdOf(first, 'SENT'))).id;
      expect(await deliveriesOf(firstSent)).toEqual([]);

      // The default set carries referral.sent but not referral.acknowledged; the sender opted into
      // referral.accepted and is mailed when the recipient accepts, the recipient (who acted) is not.
      const second = await sendReferral(sender, byDefault);
      const [sentMail] = await mailTo(byDefault);
      expect(sentMail.parsed.subject).toContain('新しい紹介が届きました');
      await transition(byDefault, second, 'acknowledgeReferral');
      await transition(byDefault, second, 'acceptReferral');
      const [acceptedMail] = await mailTo(sender);
      expect(acceptedMail.parsed.subject).toBe(`[Tsunagu] 紹介が受諾されました（${byDefault.name}）`);
      expect(acceptedMail.parsed.text).toContain(`紹介ID: ${second}`);
      expect(acceptedMail.parsed.text).toContain('状態: 受付済み → 受諾');

      const acknowledged = await fannedOut(await eventIdOf(second, 'ACKNOWLEDGED'));
      expect(await deliveriesOf(acknowledged.id)).toEqual([]);
      const accepted = await fannedOut(await eventIdOf(second, 'ACCEPTED'));
      expect((await deliveriesOf(accepted.id)).map((row) => row.agency_id)).toEqual([sender.id]);
      expect(sink.mailsTo(sender.email)).toHaveLength(1);
      expect(sink.mailsTo(byDefault.email)).toHaveLength(1);
      expect(sink.mailsTo(optedOut.email)).toEqual([]);
    });

    it("pages through an agency's notices, newest first", async () => {
      const sender = await mailAgency('送り手センター（一覧試験）');
      const recipient = await mailAgency('受け手（一覧試験）');
      dataOf(
        await t.gql(SET_PREFERENCES, {
          variables: { input: { channel: 'EMAIL', eventTypes: ['referral.*'] } },
          key: sender.key,
        }),
        'setNotificationPreferences',
      );
      const referralId = await sendReferral(sender, recipient);
      for (const action of ['acknowledgeReferral', 'acceptReferral', 'startReferral']) {
        await transition(recipient, referralId, action);
      }
      await mailTo(sender, 3);
      const page = async (after: string | null) =>
        dataOf(
          await t.gql<{
            emailDeliveries: {
              totalCount: number;
              pageInfo: { hasNextPage: boolean; endCursor: string | null };
              edges: { node: DeliveryNode }[];
            };
          }>(EMAIL_DELIVERIES, { variables: { first: 2, after }, key: sender.key }),
          'emailDeliveries',
        ).emailDeliveries;
      const first = await page(null);
      expect(first.totalCount).toBe(3);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = await page(first.pageInfo.endCursor);
      expect(second.pageInfo.hasNextPage).toBe(false);
      const nodes = [...first.edges, ...second.edges].map((edge) => edge.node);
      expect(nodes.map((node) => node.eventType).sort()).toEqual([
        'referral.accepted',
        'referral.acknowledged',
        'referral.started',
      ]);
      // Newest first (fan-outs run concurrently, so the rows' own creation times order them, not the events').
      const times = nodes.map((node) => Date.parse(node.createdAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      const foreign = await t.gql(EMAIL_DELIVERIES, { variables: { after: 'bm90LWEtY3Vyc29y' }, key: sender.key });
      expect(foreign.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    });

    it('mails nothing to an agency without a contact address', async () => {
      const sender = await mailAgency('送り手センター（宛先なし試験）');
      const silent = await createAgency(t, { name: '連絡先のない機関', contactEmail: null });
      const referralId = await sendReferral(sender, silent);
      const sent = await fannedOut(await eventIdOf(referralId, 'SENT'));
      expect(await deliveriesOf(sent.id)).toEqual([]);
    });
  });

  describe('an SMTP server that refuses', () => {
    it('retries a temporary refusal (451 to RCPT TO) and sends once, with both attempts logged', async () => {
      const sender = await mailAgency('送り手センター（再送試験）');
      const recipient = await mailAgency('受け手（一時拒否）');
      const refused = sink.refuseNext(recipient.email, 1, {
        stage: 'RCPT',
        code: 451,
        message: '4.7.1 Greylisted, please try again later',
      });
      const referralId = await sendReferral(sender, recipient);
      const eventId = (await fannedOut(await eventIdOf(referralId, 'SENT'))).id;

      const [failedOnce] = await waitFor(
        'the first attempt to be refused and logged',
        async () => {
          const rows = await deliveriesOf(eventId);
          return rows.length === 1 && rows[0].attempts === 1 && rows;
        },
        { timeoutMs: 15_000 },
      );
      expect(refused()).toBe(1);
      expect(failedOnce.status).toBe('PENDING');
      expect(failedOnce.last_error).toContain('451');
      expect(sink.mailsTo(recipient.email)).toEqual([]);

      // The retry waits out its backoff (a minute); the test moves it forward instead of sleeping.
      const job = await waitFor('the SEND_EMAIL job to wait for its retry', async () => {
        const found = await mail.getJob(failedOnce.id);
        return found && (await found.getState()) === 'delayed' && found;
      });
      await job.promote();

      const [received] = await mailTo(recipient);
      expect(received.parsed.text).toContain(`紹介ID: ${referralId}`);
      const [row] = await waitFor('the delivery to be SENT', async () => {
        const rows = await deliveriesOf(eventId);
        return rows[0]?.status === 'SENT' && rows;
      });
      expect(row.attempts).toBe(2);
      expect(row.last_error).toContain('451');
      expect(row.message_id).toBe(received.parsed.messageId);
      expect(sink.mailsTo(recipient.email)).toHaveLength(1);
    });

    it('marks a permanent refusal (550 to DATA) FAILED at once, visible in emailDeliveries', async () => {
      const sender = await mailAgency('送り手センター（恒久拒否試験）');
      const recipient = await mailAgency('受け手（恒久拒否）');
      sink.refuseNext(recipient.email, 1, { stage: 'DATA', code: 550, message: '5.7.1 Message rejected' });
      const referralId = await sendReferral(sender, recipient);
      const eventId = (await fannedOut(await eventIdOf(referralId, 'SENT'))).id;

      const [row] = await waitFor('the delivery to be FAILED', async () => {
        const rows = await deliveriesOf(eventId);
        return rows[0]?.status === 'FAILED' && rows;
      });
      expect(row.attempts).toBe(1);
      expect(row.last_error).toContain('550');
      // Not retried: the job is kept as failed after its one attempt.
      await waitFor('the SEND_EMAIL job to be kept as failed', async () => (await mail.getJob(row.id))?.isFailed());
      expect(sink.mailsTo(recipient.email)).toEqual([]);

      const failed = dataOf(
        await t.gql<{ emailDeliveries: { totalCount: number; edges: { node: DeliveryNode }[] } }>(EMAIL_DELIVERIES, {
          variables: { filter: { status: 'FAILED' } },
          key: recipient.key,
        }),
        'emailDeliveries',
      ).emailDeliveries;
      expect(failed.totalCount).toBe(1);
      expect(failed.edges[0].node).toMatchObject({ eventId, status: 'FAILED', attempts: 1, sentAt: null });
      expect(failed.edges[0].node.lastError).toContain('550');
    });
  });

  describe('the preference operations', () => {
    let agency: MailAgency;

    beforeAll(async () => {
      agency = await mailAgency('設定を試す機関');
    });

    async function preferencesOf(key: string): Promise<Preference[]> {
      return dataOf(
        await t.gql<{ notificationPreferences: Preference[] }>(PREFERENCES, { key }),
        'notificationPreferences',
      ).notificationPreferences;
    }

    it('reads the defaults of every channel for an agency that has not chosen', async () => {
      const defaults = [
        'referral.sent',
        'referral.overdue',
        'referral.escalated',
        'consent.expiring_soon',
        'webhook.disabled',
        'task.assigned',
        'task.overdue',
        'task.escalated',
        'plan.review_due',
      ];
      expect(await preferencesOf(agency.key)).toEqual([
        { channel: 'WEBHOOK', eventTypes: ['*'], isDefault: true, defaultEventTypes: ['*'], updatedAt: null },
        { channel: 'EMAIL', eventTypes: defaults, isDefault: true, defaultEventTypes: defaults, updatedAt: null },
      ]);
    });

    it('sets a choice (duplicates dropped), an empty one, and resets to the default', async () => {
      const set = dataOf(
        await t.gql<{ setNotificationPreferences: Preference }>(SET_PREFERENCES, {
          variables: { input: { channel: 'EMAIL', eventTypes: ['referral.*', 'consent.expired', 'referral.*'] } },
          key: agency.key,
        }),
        'setNotificationPreferences',
      ).setNotificationPreferences;
      expect(set).toMatchObject({ channel: 'EMAIL', eventTypes: ['referral.*', 'consent.expired'], isDefault: false });
      expect(set.updatedAt).not.toBeNull();
      const [webhook, email] = await preferencesOf(agency.key);
      expect(webhook).toMatchObject({ channel: 'WEBHOOK', isDefault: true });
      expect(email).toMatchObject({ eventTypes: ['referral.*', 'consent.expired'], isDefault: false });

      const none = dataOf(
        await t.gql<{ setNotificationPreferences: Preference }>(SET_PREFERENCES, {
          variables: { input: { channel: 'EMAIL', eventTypes: [] } },
          key: agency.key,
        }),
        'setNotificationPreferences',
      ).setNotificationPreferences;
      expect(none).toMatchObject({ eventTypes: [], isDefault: false });
      expect((await preferencesOf(agency.key))[1]).toMatchObject({ eventTypes: [], isDefault: false });

      const reset = dataOf(
        await t.gql<{ resetNotificationPreferences: Preference }>(RESET_PREFERENCES, {
          variables: { channel: 'EMAIL' },
          key: agency.key,
        }),
        'resetNotificationPreferences',
      ).resetNotificationPreferences;
      expect(reset).toMatchObject({ channel: 'EMAIL', isDefault: true, updatedAt: null });
      expect(reset.eventTypes).toContain('referral.sent');
      expect((await preferencesOf(agency.key))[1]).toMatchObject({ isDefault: true });
    });

    it("keeps one agency's choice to itself", async () => {
      const other = await mailAgency('別の機関');
      dataOf(
        await t.gql(SET_PREFERENCES, {
          variables: { input: { channel: 'WEBHOOK', eventTypes: ['referral.accepted'] } },
          key: other.key,
        }),
        'setNotificationPreferences',
      );
      expect((await preferencesOf(other.key))[0]).toMatchObject({
        eventTypes: ['referral.accepted'],
        isDefault: false,
      });
      expect((await preferencesOf(agency.key))[0]).toMatchObject({ eventTypes: ['*'], isDefault: true });
    });

    it('refuses an unknown event type or pattern with BAD_USER_INPUT naming the item, changing nothing', async () => {
      for (const [eventTypes, field] of [
        [['referral.sent', 'referral.teleported'], 'input.eventTypes.1'],
        [['nothing.*'], 'input.eventTypes.0'],
        [['referral.accepted', 'consent.expired', 'referral.s*'], 'input.eventTypes.2'],
      ] as const) {
        const response = await t.gql(SET_PREFERENCES, {
          variables: { input: { channel: 'EMAIL', eventTypes } },
          key: agency.key,
        });
        expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
      const unknownChannel = await t.gql(SET_PREFERENCES, {
        variables: { input: { channel: 'PIGEON', eventTypes: [] } },
        key: agency.key,
      });
      expect(unknownChannel.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect((await preferencesOf(agency.key))[1]).toMatchObject({ isDefault: true });
    });

    it('needs directory:read to read, directory:write to change, and an agency key', async () => {
      const readOnly = await issueKey(t, { agencyId: agency.id, scopes: [Scope.DIRECTORY_READ] });
      const noDirectory = await issueKey(t, { agencyId: agency.id, scopes: [Scope.REFERRALS_READ] });
      expect(await preferencesOf(readOnly.secret)).toHaveLength(2);

      const refusals = [
        await t.gql(PREFERENCES, { key: noDirectory.secret }),
        await t.gql(PREFERENCES, { key: t.adminKey }),
        await t.gql(EMAIL_DELIVERIES, { key: t.adminKey }),
        await t.gql(EMAIL_DELIVERIES, { key: noDirectory.secret }),
        ...(await Promise.all(
          [readOnly.secret, t.adminKey].flatMap((key) => [
            t.gql(SET_PREFERENCES, { variables: { input: { channel: 'EMAIL', eventTypes: [] } }, key }),
            t.gql(RESET_PREFERENCES, { variables: { channel: 'EMAIL' }, key }),
          ]),
        )),
      ];
      for (const response of refusals) expect(response.body.errors?.[0].extensions.code).toBe('FORBIDDEN');
      for (const response of [refusals[1], refusals[2]]) {
        expect(response.body.errors?.[0].extensions.reason).toBe('AGENCY_KEY_REQUIRED');
      }
      expect((await t.gql(PREFERENCES, { key: null })).body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      expect((await preferencesOf(agency.key))[1]).toMatchObject({ isDefault: true });
    });
  });
});
