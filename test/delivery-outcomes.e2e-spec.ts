import { randomUUID } from 'node:crypto';
import { appendToOutbox, QueueName } from '@tsunagu/platform';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { createAgency, type TestAgency } from './support/builders.js';
import { deleteRedisKeys, listenToAgencies, type AgencyEvents } from './support/bus.js';
import { dataOf } from './support/referral-builders.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';
import { startTestApp, uniqueSuffix, type TestApp } from './support/test-app.js';
import { answers, startWebhookSink, type WebhookSink } from './support/webhook-sink.js';
import { startWorker, waitFor, type WorkerProcess } from './support/worker-process.js';
import { createMigratedDatabase, dropDatabase, ownerUrl } from './setup/test-database.js';

/**
 * What PostgreSQL knows of each event's delivery (issue 11), with the built worker, a real SMTP server, a
 * webhook receiver and a live subscriber: an event whose job Redis lost is relayed again after the grace period
 * and reaches every channel once; a failing channel is retried alone; a webhook attempt is recorded before its
 * POST; database errors do not use up a delivery's attempts. Faults are injected with triggers the owner role
 * adds (and drops) in this file's own database, for the one event a test is about.
 */
const REDIS_URL = process.env.REDIS_URL!;
const SETTINGS = {
  OUTBOX_REDELIVERY_GRACE_MS: '1500',
  WEBHOOK_MAX_ATTEMPTS: '2',
  WEBHOOK_RETRY_WINDOW: 'PT2S',
  WEBHOOK_TIMEOUT_MS: '3000',
};
const REGISTER = /* GraphQL */ `
  mutation ($input: RegisterWebhookInput!) {
    registerWebhook(input: $input) {
      webhook {
        id
      }
    }
  }
`;

interface OutboxState {
  relayed_at: Date | null;
  fanned_out_channels: string[];
  fanned_out_at: Date | null;
}

interface AttemptRow {
  number: number;
  state: string;
  succeeded: boolean;
  error: string | null;
}

const CHANNELS = ['live', 'clocks', 'consent-clocks', 'task-clocks', 'email', 'webhooks'];

describe('delivery outcomes in PostgreSQL (the worker process)', () => {
  const adminUrl = process.env.TSUNAGU_TEST_ADMIN_DATABASE_URL as string;
  const database = `tsunagu_outcomes_${process.pid}`;
  const prefix = `tsunagu-outcomes-${uniqueSuffix().toLowerCase()}`;
  let t: TestApp;
  let worker: WorkerProcess;
  let smtp: SmtpSink;
  let hooks: WebhookSink;
  let live: AgencyEvents;
  let owner: pg.Client;
  let redis: Redis;
  let events: Queue;
  let webhooks: Queue;
  let agency: TestAgency;
  const email = `outcomes-${uniqueSuffix().toLowerCase()}@example.jp`;

  beforeAll(async () => {
    const url = await createMigratedDatabase(adminUrl, database);
    owner = new pg.Client({ connectionString: ownerUrl(url) });
    await owner.connect();
    smtp = await startSmtpSink();
    hooks = await startWebhookSink(answers.ok());
    t = await startTestApp({ DATABASE_URL: url, REDIS_PREFIX: prefix, ...SETTINGS });
    worker = await startWorker({ DATABASE_URL: url, REDIS_PREFIX: prefix, SMTP_URL: smtp.url, ...SETTINGS });
    agency = await createAgency(t, { name: '届け先相談支援センター', contactEmail: email });
    dataOf(
      await t.gql(REGISTER, { variables: { input: { url: hooks.url, events: ['*'] } }, key: agency.key }),
      'registerWebhook',
    );
    live = await listenToAgencies(REDIS_URL, prefix, [agency.id]);
    redis = new Redis(REDIS_URL);
    const connection = { url: REDIS_URL };
    events = new Queue(QueueName.EVENTS, { connection, prefix: `${prefix}:bull` });
    webhooks = new Queue(QueueName.WEBHOOKS, { connection, prefix: `${prefix}:bull` });
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await live?.close();
    await events?.close();
    await webhooks?.close();
    redis?.disconnect();
    await t?.close();
    await hooks?.close();
    await smtp?.close();
    await owner?.end();
    await dropDatabase(adminUrl, database);
    await deleteRedisKeys(REDIS_URL, prefix);
  });

  const db = () => t.app.get(DataSource);

  /**
   * A `webhook.disabled` event for the test agency: live, e-mail (by default) and webhook (`*`) all carry it. The
   * id may be chosen beforehand, for a fault injected before the commit.
   */
  async function commitEvent(id: string = randomUUID()): Promise<string> {
    await db().transaction((manager) =>
      appendToOutbox(manager, [
        {
          id,
          type: 'webhook.disabled',
          aggregateId: randomUUID(),
          agencyIds: [agency.id],
          payload: { endpointId: randomUUID(), host: 'partner.example.jp', consecutiveDeadLetters: 5 },
          occurredAt: new Date(),
        },
      ]),
    );
    return id;
  }

  async function outbox(id: string): Promise<OutboxState> {
    const [row] = await db().query<OutboxState[]>(
      `SELECT "relayed_at", "fanned_out_channels", "fanned_out_at" FROM "outbox_event" WHERE "id" = $1`,
      [id],
    );
    return row;
  }

  const liveCount = (id: string) => live.events(agency.id).filter((event) => event.id === id).length;
  const mailCount = (id: string) =>
    smtp.mailsTo(email).filter((mail) => mail.parsed.headers.get('x-tsunagu-event-id') === id).length;

  async function deliveryOf(eventId: string): Promise<{ id: string; status: string; attempts: number }> {
    return waitFor('the webhook delivery row', async () => {
      const [row] = await db().query<{ id: string; status: string; attempts: number }[]>(
        `SELECT "id", "status", "attempts" FROM "webhook_delivery" WHERE "event_id" = $1`,
        [eventId],
      );
      return row;
    });
  }

  async function attemptsOf(deliveryId: string): Promise<AttemptRow[]> {
    return db().query<AttemptRow[]>(
      `SELECT "number", "state", "succeeded", "error" FROM "webhook_attempt" WHERE "delivery_id" = $1 ORDER BY "number"`,
      [deliveryId],
    );
  }

  /** A trigger (of the owner) on `table` that fails `operation` for rows matching `condition`; returns its removal. */
  async function failWhile(table: string, operation: string, condition: string): Promise<() => Promise<void>> {
    const name = `test_fail_${uniqueSuffix().toLowerCase()}`;
    await owner.query(`
      CREATE FUNCTION "${name}"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF ${condition} THEN RAISE EXCEPTION 'injected failure' USING ERRCODE = '08006'; END IF;
        RETURN NEW;
      END $$`);
    await owner.query(
      `CREATE TRIGGER "${name}" BEFORE ${operation} ON "${table}" FOR EACH ROW EXECUTE FUNCTION "${name}"()`,
    );
    return async () => {
      await owner.query(`DROP TRIGGER "${name}" ON "${table}"`);
      await owner.query(`DROP FUNCTION "${name}"()`);
    };
  }

  /** Fails `operation` on the webhook attempts of the delivery of event `eventId`; returns the removal. */
  const failAttemptsOf = (eventId: string, operation: 'INSERT' | 'UPDATE') =>
    failWhile(
      'webhook_attempt',
      operation,
      `NEW."delivery_id" IN (SELECT "id" FROM "webhook_delivery" WHERE "event_id" = '${eventId}')`,
    );

  it('re-enqueues an event relayed and then lost from Redis after the grace period, once on every channel', async () => {
    await events.pause();
    let id: string;
    try {
      id = await commitEvent();
      await waitFor('the event to be relayed', async () => (await outbox(id)).relayed_at !== null);
      // Redis loses the job: its keys go (a Redis restarted empty), while PostgreSQL says it was relayed.
      expect(await events.getJob(id)).toBeDefined();
      await events.remove(id);
      expect(await redis.keys(`${prefix}:bull:${QueueName.EVENTS}:${id}*`)).toEqual([]);
      expect(await events.getJob(id)).toBeUndefined();
    } finally {
      await events.resume();
    }
    expect((await outbox(id)).fanned_out_at).toBeNull();

    await waitFor('the event to be fanned out', async () => (await outbox(id)).fanned_out_at !== null, {
      timeoutMs: 30_000,
    });
    await waitFor('the mail and the webhook', () => mailCount(id) === 1 && hooks.requestsOf(id).length === 1);
    expect([...(await outbox(id)).fanned_out_channels].sort()).toEqual([...CHANNELS].sort());
    expect(worker.output()).toMatch(
      /1 event\(s\) relayed 1500 ms ago or more had no recorded fan-out and no job in Redis/,
    );
    // A few grace periods later, nothing was delivered again.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(liveCount(id)).toBe(1);
    expect(mailCount(id)).toBe(1);
    expect(hooks.requestsOf(id)).toHaveLength(1);
  }, 60_000);

  it('queues again the webhook and e-mail jobs Redis lost after the fan-out, and delivers each once', async () => {
    const mail = new Queue(QueueName.MAIL, { connection: { url: REDIS_URL }, prefix: `${prefix}:bull` });
    await Promise.all([mail.pause(), webhooks.pause()]);
    let id: string;
    try {
      id = await commitEvent();
      await waitFor('the fan-out to be done', async () => (await outbox(id)).fanned_out_at !== null);
      const [emailRow] = await db().query<{ id: string }[]>(`SELECT "id" FROM "email_delivery" WHERE "event_id" = $1`, [
        id,
      ]);
      const webhookRow = await deliveryOf(id);
      // Both jobs go (a Redis restarted empty); the rows stay PENDING.
      expect(await mail.getJob(emailRow.id)).toBeDefined();
      expect(await webhooks.getJob(webhookRow.id)).toBeDefined();
      await mail.remove(emailRow.id);
      await webhooks.remove(webhookRow.id);
      expect(await redis.keys(`${prefix}:bull:*:${emailRow.id}*`)).toEqual([]);
      expect(await redis.keys(`${prefix}:bull:*:${webhookRow.id}*`)).toEqual([]);
    } finally {
      await Promise.all([mail.resume(), webhooks.resume()]);
    }
    // A timeout says what was seen: a delivery missing, or one made twice.
    await waitFor(
      'the mail and the webhook',
      async () => {
        const [mails, requests] = [mailCount(id), hooks.requestsOf(id).length];
        if (mails === 1 && requests === 1) return true;
        const [mailRow] = await db().query<{ id: string; status: string; attempts: number; last_error: string }[]>(
          `SELECT "id", "status", "attempts", "last_error" FROM "email_delivery" WHERE "event_id" = $1`,
          [id],
        );
        const job = mailRow && (await mail.getJob(mailRow.id));
        const jobState = job ? `${await job.getState()}, ${job.attemptsMade} made, ${job.failedReason}` : 'none';
        throw new Error(
          `${mails} mail(s) (delivery ${mailRow?.status}, ${mailRow?.attempts} attempt(s), ${mailRow?.last_error}; ` +
            `job ${jobState}), ${requests} webhook request(s) (delivery ${(await deliveryOf(id)).status}); ` +
            `worker said: ${worker.output().slice(-2000)}`,
        );
      },
      { timeoutMs: 30_000 },
    ).finally(() => mail.close());
    expect((await deliveryOf(id)).status).toBe('SUCCEEDED');
    // A few grace periods later, nothing was sent again.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(mailCount(id)).toBe(1);
    expect(hooks.requestsOf(id)).toHaveLength(1);
    expect(liveCount(id)).toBe(1);
  }, 60_000);

  it('retries a failing channel alone: the live subscriber and the webhook receiver get the event once', async () => {
    const id = randomUUID();
    // The e-mail channel cannot write its delivery row for this event (PostgreSQL refuses it).
    const restore = await failWhile('email_delivery', 'INSERT', `NEW."event_id" = '${id}'`);
    try {
      await commitEvent(id);
      await waitFor('the fan-out job to have failed twice', async () => {
        const job = await events.getJob(id);
        return job !== undefined && job.attemptsMade >= 2;
      });
      const state = await outbox(id);
      expect(state.fanned_out_channels).not.toContain('email');
      expect(state.fanned_out_channels).toEqual(expect.arrayContaining(['live', 'webhooks']));
      expect(state.fanned_out_at).toBeNull();
    } finally {
      await restore();
    }
    await waitFor('the event to be fanned out', async () => (await outbox(id)).fanned_out_at !== null, {
      timeoutMs: 30_000,
    });
    await waitFor('the mail', () => mailCount(id) === 1);
    await waitFor('the webhook', () => hooks.requestsOf(id).length === 1);
    expect(liveCount(id)).toBe(1);
    expect(hooks.requestsOf(id)).toHaveLength(1);
  }, 60_000);

  it('records the attempt as SENDING before the POST, while the receiver holds the request', async () => {
    let held = 0;
    hooks.respondWith((request, previous) => {
      const eventId = request.headers['tsunagu-event-id'];
      const before = previous.filter((earlier) => earlier.headers['tsunagu-event-id'] === eventId).length;
      if (before === 0) {
        held += 1;
        return { hang: true };
      }
      return { status: 200, body: 'ok' };
    });
    try {
      const id = await commitEvent();
      await waitFor('the receiver to hold the request', () => held === 1 && hooks.requestsOf(id).length === 1);
      const delivery = await deliveryOf(id);
      expect(await attemptsOf(delivery.id)).toEqual([{ number: 1, state: 'SENDING', succeeded: false, error: null }]);
      expect(delivery.attempts).toBe(1);

      // The POST times out: the attempt is closed as failed, and the next one succeeds.
      await waitFor('the delivery to succeed', async () => (await deliveryOf(id)).status === 'SUCCEEDED', {
        timeoutMs: 30_000,
      });
      expect(await attemptsOf(delivery.id)).toEqual([
        { number: 1, state: 'FAILED', succeeded: false, error: 'timed out after 3000 ms' },
        { number: 2, state: 'SUCCEEDED', succeeded: true, error: null },
      ]);
    } finally {
      hooks.respondWith(answers.ok());
    }
  }, 60_000);

  it('does not use up the attempts of a delivery on database errors', async () => {
    const id = randomUUID();
    // PostgreSQL fails every attempt of this event's delivery before its POST (the SENDING row cannot be written).
    const restore = await failAttemptsOf(id, 'INSERT');
    let deliveryId: string;
    try {
      await commitEvent(id);
      deliveryId = (await deliveryOf(id)).id;
      // More runs than the delivery has attempts (2), none of them counted.
      await waitFor(
        'three runs of the delivery job',
        async () => {
          const job = await webhooks.getJob(deliveryId);
          return job !== undefined && job.attemptsStarted >= 3;
        },
        { timeoutMs: 30_000 },
      );
      const job = (await webhooks.getJob(deliveryId))!;
      expect(job.attemptsMade).toBe(0);
      expect(hooks.requestsOf(id)).toHaveLength(0);
      expect(await deliveryOf(id)).toEqual({ id: deliveryId, status: 'PENDING', attempts: 0 });
    } finally {
      await restore();
    }
    await waitFor('the delivery to succeed', async () => (await deliveryOf(id)).status === 'SUCCEEDED', {
      timeoutMs: 30_000,
    });
    expect(hooks.requestsOf(id)).toHaveLength(1);
    expect(await attemptsOf(deliveryId)).toEqual([{ number: 1, state: 'SUCCEEDED', succeeded: true, error: null }]);
  }, 60_000);

  it('closes an attempt left SENDING (its outcome unrecorded) as failed, and counts every POST', async () => {
    const id = randomUUID();
    // The POST goes out, but its outcome cannot be recorded (nor, until PostgreSQL is back, the attempt reopened).
    const restore = await failAttemptsOf(id, 'UPDATE');
    let deliveryId: string;
    try {
      await commitEvent(id);
      await waitFor('the first POST', () => hooks.requestsOf(id).length === 1);
      deliveryId = (await deliveryOf(id)).id;
      await waitFor('a later run of the delivery job', async () => {
        const job = await webhooks.getJob(deliveryId);
        return job !== undefined && job.attemptsStarted >= 2;
      });
      expect(await attemptsOf(deliveryId)).toEqual([{ number: 1, state: 'SENDING', succeeded: false, error: null }]);
      expect(hooks.requestsOf(id)).toHaveLength(1);
    } finally {
      await restore();
    }
    await waitFor('the delivery to succeed', async () => (await deliveryOf(id)).status === 'SUCCEEDED', {
      timeoutMs: 30_000,
    });
    // Two POSTs of the same event (the receiver deduplicates on Tsunagu-Event-Id), two attempts in the log.
    expect(hooks.requestsOf(id)).toHaveLength(2);
    expect(await attemptsOf(deliveryId)).toEqual([
      {
        number: 1,
        state: 'FAILED',
        succeeded: false,
        error: 'interrupted: the outcome of this POST was never recorded',
      },
      { number: 2, state: 'SUCCEEDED', succeeded: true, error: null },
    ]);
    expect((await deliveryOf(id)).attempts).toBe(2);
  }, 60_000);

  it('lets the app role close a SENDING attempt once; a closed attempt never changes, and none is deleted', async () => {
    const [endpoint] = await db().query<{ id: string }[]>(
      `SELECT "id" FROM "webhook_endpoint" WHERE "agency_id" = $1`,
      [agency.id],
    );
    // A delivery of no job (already SUCCEEDED), with attempts written as the worker writes them.
    const [{ id: deliveryId }] = await db().query<{ id: string }[]>(
      `INSERT INTO "webhook_delivery" ("endpoint_id", "agency_id", "event_id", "event_type", "body", "status")
       VALUES ($1, $2, $3, 'webhook.disabled', '{}', 'SUCCEEDED') RETURNING "id"`,
      [endpoint.id, agency.id, randomUUID()],
    );
    await db().query(
      `INSERT INTO "webhook_attempt" ("delivery_id", "number", "started_at", "state", "succeeded", "latency_ms")
       VALUES ($1, 1, now(), 'SENDING', false, 0)`,
      [deliveryId],
    );
    const failure = (sql: string) =>
      db()
        .query(sql, [deliveryId])
        .then(
          () => undefined,
          (error: { driverError?: { code?: string } }) => error.driverError?.code,
        );
    // Closed once, as the worker does after the POST.
    expect(
      await failure(
        `UPDATE "webhook_attempt" SET "state" = 'SUCCEEDED', "succeeded" = true, "status_code" = 200, "latency_ms" = 12
          WHERE "delivery_id" = $1`,
      ),
    ).toBeUndefined();
    expect(
      await failure(`UPDATE "webhook_attempt" SET "state" = 'FAILED', "succeeded" = false WHERE "delivery_id" = $1`),
    ).toBe('P0001');
    expect(await failure(`UPDATE "webhook_attempt" SET "error" = 'rewritten' WHERE "delivery_id" = $1`)).toBe('P0001');
    expect(await failure(`DELETE FROM "webhook_attempt" WHERE "delivery_id" = $1`)).toBe('P0001');
    // A SENDING attempt keeps its number and start, and is closed with an outcome, not left SENDING.
    await db().query(
      `INSERT INTO "webhook_attempt" ("delivery_id", "number", "started_at", "state", "succeeded", "latency_ms")
       VALUES ($1, 2, now(), 'SENDING', false, 0)`,
      [deliveryId],
    );
    expect(
      await failure(
        `UPDATE "webhook_attempt" SET "number" = 3, "state" = 'FAILED' WHERE "delivery_id" = $1 AND "number" = 2`,
      ),
    ).toBe('P0001');
    expect(await failure(`UPDATE "webhook_attempt" SET "error" = 'x' WHERE "delivery_id" = $1 AND "number" = 2`)).toBe(
      'P0001',
    );
    expect(await attemptsOf(deliveryId)).toEqual([
      { number: 1, state: 'SUCCEEDED', succeeded: true, error: null },
      { number: 2, state: 'SENDING', succeeded: false, error: null },
    ]);
  });
});
