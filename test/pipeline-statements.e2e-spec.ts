import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { APP_CONFIG, Metrics, QueueName, type AppConfig, type BusEvent } from '@tsunagu/platform';
import {
  FanOutEventHandler,
  OutboxRelayService,
  FanOutIncompleteError,
  WebhookChannel,
  WebhookDeliveryService,
  WebhookInfrastructureError,
  type FanOutChannel,
} from '@tsunagu/notifications';
import { Queue, type Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { createAgency, type TestAgency } from './support/builders.js';
import { deleteRedisKeys } from './support/bus.js';
import { CREATE_REFERRAL, consentedPair, dataOf, referralInput } from './support/referral-builders.js';
import { DeliveryJobSweepService } from '../libs/notifications/src/outbox/delivery-job-sweep.service.js';
import { StatementRecorder } from './support/statement-recorder.js';
import { startTestApp, uniqueSuffix, type TestApp } from './support/test-app.js';
import { startWebhookSink, type WebhookSink } from './support/webhook-sink.js';
import { createMigratedDatabase, dropDatabase } from './setup/test-database.js';

/**
 * The worker's share of an event's way to a partner, counted in SQL statements the way the API's hot path is
 * (`test/query-count.e2e-spec.ts`): each statement is a round trip, and round trips are what a fan-out and a
 * webhook POST spend their time on. The worker's own classes run here, in the test's process, on its database
 * and Redis; the limits below fail if a statement per channel or per step creeps back in.
 */
const STATEMENTS = {
  /** BEGIN, the batch marked relayed and read in one statement, COMMIT (the jobs are added before it). */
  relayBatch: 3,
  /** Reading which channels are done, and recording this run's outcome: whatever the number of channels. */
  fanOutBookkeeping: 2,
  /** A job's first run of a fresh event: nothing can be done yet, so only the outcome is recorded. */
  fanOutFirstRun: 1,
  /** The agencies' endpoints with their preferences; the deliveries, inserted and read in one statement. */
  webhookChannel: 2,
  /** Events fanned out at the same time share these statements: as many as one event's, however many there are. */
  coalescedFanOut: 1 + 2,
  /** The locked read; the attempt counted and opened; the attempt closed with the delivery's outcome. */
  webhookAttempt: 3,
};

/** A channel that does nothing in PostgreSQL: the handler's own statements are all that is counted. */
class NamedChannel implements FanOutChannel {
  readonly delivered: string[] = [];
  failing = false;
  constructor(readonly name: string) {}
  async deliver(event: BusEvent): Promise<void> {
    if (this.failing) throw new Error(`${this.name} is failing on purpose`);
    this.delivered.push(event.id);
    await Promise.resolve();
  }
}

describe('statements of the delivery pipeline', () => {
  const prefix = `tsunagu-pipeline-${uniqueSuffix().toLowerCase()}`;
  let t: TestApp;
  let dataSource: DataSource;
  let recorder: StatementRecorder;
  let sender: TestAgency;
  let recipient: TestAgency;
  let sink: WebhookSink;
  let webhooks: Queue;

  // A database of the file's own: the relay and the sweep below take every pending row they find.
  const adminUrl = process.env.TSUNAGU_TEST_ADMIN_DATABASE_URL as string;
  const database = `tsunagu_pipeline_${process.pid}`;

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_URL: await createMigratedDatabase(adminUrl, database), REDIS_PREFIX: prefix });
    dataSource = t.app.get(DataSource);
    recorder = new StatementRecorder(dataSource);
    sender = await createAgency(t);
    recipient = await createAgency(t);
    sink = await startWebhookSink();
    webhooks = new Queue(QueueName.WEBHOOKS, {
      connection: { url: process.env.REDIS_URL, maxRetriesPerRequest: null },
      prefix: `${prefix}:bull`,
    });
  });

  afterAll(async () => {
    await webhooks?.close();
    await sink?.close();
    await t?.close();
    await dropDatabase(adminUrl, database);
    await deleteRedisKeys(process.env.REDIS_URL as string, prefix);
  });

  /** A referral sent by `sender` to `recipient`: its outbox events, as the relay would put them on a job. */
  async function sentReferralEvents(from = sender, to = recipient): Promise<BusEvent[]> {
    const { personId } = await consentedPair(t, from, to);
    const created = dataOf<{ createReferral: { id: string } }>(
      await t.gql(CREATE_REFERRAL, {
        key: from.key,
        variables: { input: { ...referralInput(personId, to.id), send: true } },
      }),
      'createReferral',
    );
    const rows = await dataSource.query<
      { id: string; type: string; agency_ids: string[]; payload: Record<string, unknown>; occurred_at: Date }[]
    >(
      `SELECT "id", "type", "agency_ids", "payload", "occurred_at" FROM "outbox_event"
        WHERE "aggregate_id" = $1 ORDER BY "seq"`,
      [created.createReferral.id],
    );
    return rows.map((row) => ({
      id: row.id,
      type: row.type,
      agencyIds: row.agency_ids,
      payload: row.payload,
      occurredAt: row.occurred_at.toISOString(),
    }));
  }

  function config(): AppConfig {
    return t.app.get<AppConfig>(APP_CONFIG);
  }

  /** A FAN_OUT_EVENT job as the queue hands it to the handler, on its `attemptsStarted`-th start. */
  function jobOf(event: BusEvent, attemptsStarted: number): Job<BusEvent> {
    return { data: event, attemptsStarted } as Job<BusEvent>;
  }

  async function outboxState(id: string): Promise<{ channels: string[]; fannedOut: boolean }> {
    const [row] = await dataSource.query<{ fanned_out_channels: string[]; fanned_out_at: Date | null }[]>(
      `SELECT "fanned_out_channels", "fanned_out_at" FROM "outbox_event" WHERE "id" = $1`,
      [id],
    );
    return { channels: [...row.fanned_out_channels].sort(), fannedOut: row.fanned_out_at !== null };
  }

  it('relays a batch of outbox events in three statements, its jobs added in the order the events were written', async () => {
    await sentReferralEvents();
    const pending = await dataSource.query<{ id: string }[]>(
      `SELECT "id" FROM "outbox_event" WHERE "relayed_at" IS NULL ORDER BY "seq"`,
    );
    expect(pending.length).toBeGreaterThanOrEqual(2);
    const events = new Queue(QueueName.EVENTS, {
      connection: { url: process.env.REDIS_URL, maxRetriesPerRequest: null },
      prefix: `${prefix}:bull`,
    });
    const relay = new OutboxRelayService(dataSource, events, config(), undefined as never);
    try {
      let relayed = 0;
      const statements = await recorder.during(async () => {
        relayed = await relay.relayBatch();
      });
      expect(statements).toHaveLength(STATEMENTS.relayBatch);
      expect(relayed).toBe(pending.length);
      const left = await dataSource.query(`SELECT "id" FROM "outbox_event" WHERE "relayed_at" IS NULL`);
      expect(left).toEqual([]);
      // Oldest first: the order in which the worker takes them.
      const waiting = await events.getJobs(['wait'], 0, -1, true);
      expect(waiting.map((job) => job.id)).toEqual(pending.map((row) => row.id));
      expect(waiting.map((job) => (job.data as BusEvent).id)).toEqual(pending.map((row) => row.id));
    } finally {
      await relay.beforeApplicationShutdown();
      await events.close();
    }
  });

  it("queues a pending delivery's job again only after its requeued_at has moved and the row is let go", async () => {
    // The e-mail sender locks its row NOWAIT: a job that met the sweep's own lock would fail and wait a minute.
    const [event] = await sentReferralEvents();
    const [{ id }] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO "email_delivery" ("agency_id", "event_id", "event_type", "recipient", "created_at")
       VALUES ($1, $2, $3, 'sweep@example.jp', now() - interval '1 hour') RETURNING "id"`,
      [recipient.id, event.id, event.type],
    );
    const seen: { jobIds: unknown[]; requeued: boolean }[] = [];
    const mail = {
      addBulk: async (jobs: { opts: { jobId: string } }[]) => {
        const [row] = await dataSource.transaction((manager) =>
          manager.query<{ requeued_at: Date | null }[]>(
            `SELECT "requeued_at" FROM "email_delivery" WHERE "id" = $1 FOR UPDATE NOWAIT`,
            [id],
          ),
        );
        seen.push({ jobIds: jobs.map((job) => job.opts.jobId), requeued: row.requeued_at !== null });
        return [];
      },
    } as unknown as Queue;
    const idle = { addBulk: () => Promise.resolve([]) } as unknown as Queue;
    const sweep = new DeliveryJobSweepService(dataSource, idle, mail, { ...config(), SMTP_URL: 'smtp://127.0.0.1:1' });

    await sweep.sweep();
    expect(seen).toEqual([{ jobIds: [id], requeued: true }]);
    // Queued again: not again before another grace period.
    await sweep.sweep();
    expect(seen).toHaveLength(1);
  });

  it('fans an event out with one statement of bookkeeping on its first run, however many channels there are', async () => {
    const [event] = await sentReferralEvents();
    const channels = ['a', 'b', 'c', 'd', 'e'].map((name) => new NamedChannel(name));
    const handler = new FanOutEventHandler(channels, dataSource, config());

    const statements = await recorder.during(async () => {
      await handler.handle(jobOf(event, 1));
    });

    expect(statements).toHaveLength(STATEMENTS.fanOutFirstRun);
    expect(channels.every((channel) => channel.delivered.includes(event.id))).toBe(true);
    expect(await outboxState(event.id)).toEqual({ channels: ['a', 'b', 'c', 'd', 'e'], fannedOut: true });
  });

  it('records the channels that succeeded in a run that failed, and a retry reads them and runs only the others', async () => {
    const [event] = await sentReferralEvents();
    const channels = ['a', 'b', 'c'].map((name) => new NamedChannel(name));
    channels[1].failing = true;
    const handler = new FanOutEventHandler(channels, dataSource, config());

    let failure: unknown;
    const statements = await recorder.during(async () => {
      failure = await handler.handle(jobOf(event, 1)).catch((error: unknown) => error);
    });
    expect(failure).toBeInstanceOf(FanOutIncompleteError);
    expect(statements).toHaveLength(STATEMENTS.fanOutFirstRun);
    expect(await outboxState(event.id)).toEqual({ channels: ['a', 'c'], fannedOut: false });

    channels[1].failing = false;
    let retried: unknown;
    const retryStatements = await recorder.during(async () => {
      retried = await handler.handle(jobOf(event, 2));
    });
    expect(retryStatements).toHaveLength(STATEMENTS.fanOutBookkeeping);
    expect(retried).toEqual({ channels: ['b'], skipped: ['a', 'c'] });
    expect(channels.map((channel) => channel.delivered.length)).toEqual([1, 1, 1]);
    expect(await outboxState(event.id)).toEqual({ channels: ['a', 'b', 'c'], fannedOut: true });
  });

  it("reads what is done on a new job's first run when the event is older than the redelivery grace period", async () => {
    // The relay's redelivery sweep adds such a job, for an event whose earlier job Redis lost after a partial run.
    const [event] = await sentReferralEvents();
    const channels = ['a', 'b'].map((name) => new NamedChannel(name));
    channels[1].failing = true;
    const handler = new FanOutEventHandler(channels, dataSource, config());
    await expect(handler.handle(jobOf(event, 1))).rejects.toBeInstanceOf(FanOutIncompleteError);
    channels[1].failing = false;

    const swept = jobOf(
      { ...event, occurredAt: new Date(Date.now() - config().OUTBOX_REDELIVERY_GRACE_MS - 1000).toISOString() },
      1,
    );
    const statements = await recorder.during(async () => {
      await expect(handler.handle(swept)).resolves.toEqual({ channels: ['b'], skipped: ['a'] });
    });
    expect(statements).toHaveLength(STATEMENTS.fanOutBookkeeping);
    expect(channels.map((channel) => channel.delivered.length)).toEqual([1, 1]);
  });

  it('queues a webhook delivery in two statements and makes a successful attempt in three', async () => {
    await t.gql(`mutation ($input: RegisterWebhookInput!) { registerWebhook(input: $input) { signingSecret } }`, {
      key: sender.key,
      variables: { input: { url: sink.url, events: ['referral.*'] } },
    });
    const events = await sentReferralEvents();
    const sent = events.find((event) => event.type === 'referral.sent');
    if (!sent) throw new Error('no referral.sent event');
    const channel = new WebhookChannel(dataSource, webhooks, config());

    const queued = await recorder.during(() => channel.deliver(sent));
    expect(queued).toHaveLength(STATEMENTS.webhookChannel);
    const deliveries = await dataSource.query<{ id: string }[]>(
      `SELECT "id" FROM "webhook_delivery" WHERE "event_id" = $1`,
      [sent.id],
    );
    expect(deliveries).toHaveLength(1);
    const [delivery] = deliveries;
    expect(await webhooks.getJob(delivery.id)).toBeDefined();
    // Run again (a retried fan-out): the delivery is found, not made twice, and its job is added again.
    await channel.deliver(sent);
    expect(await dataSource.query(`SELECT "id" FROM "webhook_delivery" WHERE "event_id" = $1`, [sent.id])).toHaveLength(
      1,
    );

    const service = new WebhookDeliveryService(dataSource, config(), t.app.get(Metrics));
    let outcome: string | undefined;
    const attempted = await recorder.during(async () => {
      outcome = await service.attempt({ deliveryId: delivery.id, redelivery: 0 }, { final: false, retryDelayMs: 1000 });
    });
    expect(outcome).toBe('SUCCEEDED');
    expect(attempted.length).toBeLessThanOrEqual(STATEMENTS.webhookAttempt);
    expect(sink.requestsOf(sent.id)).toHaveLength(1);
    const [state] = await dataSource.query<{ status: string; attempts: number; delivered: boolean }[]>(
      `SELECT "status", "attempts", "delivered_at" IS NOT NULL AS "delivered" FROM "webhook_delivery" WHERE "id" = $1`,
      [delivery.id],
    );
    expect(state).toEqual({ status: 'SUCCEEDED', attempts: 1, delivered: true });
    const attempts = await dataSource.query<{ number: number; state: string; status_code: number }[]>(
      `SELECT "number", "state", "status_code" FROM "webhook_attempt" WHERE "delivery_id" = $1`,
      [delivery.id],
    );
    expect(attempts).toEqual([{ number: 1, state: 'SUCCEEDED', status_code: 200 }]);

    // A duplicate job of the same round finds the delivery done and sends nothing.
    await expect(
      service.attempt({ deliveryId: delivery.id, redelivery: 0 }, { final: false, retryDelayMs: 1000 }),
    ).resolves.toBe('NOT_PENDING');
    expect(sink.requestsOf(sent.id)).toHaveLength(1);
  });

  it("shares the webhook channel's and the bookkeeping's statements among events fanned out at the same time", async () => {
    const from = await createAgency(t);
    const to = await createAgency(t);
    const register = async (events: string[]) =>
      dataOf<{ registerWebhook: { webhook: { id: string } } }>(
        await t.gql(`mutation ($input: RegisterWebhookInput!) { registerWebhook(input: $input) { webhook { id } } }`, {
          key: from.key,
          variables: { input: { url: sink.url, events } },
        }),
        'registerWebhook',
      ).registerWebhook.webhook.id;
    const every = await register(['referral.*']);
    const sentOnly = await register(['referral.sent']);
    const events = [
      ...(await sentReferralEvents(from, to)),
      ...(await sentReferralEvents(from, to)),
      ...(await sentReferralEvents(from, to)),
    ];
    expect(events.length).toBeGreaterThanOrEqual(6);
    const handler = new FanOutEventHandler([new WebhookChannel(dataSource, webhooks, config())], dataSource, config());

    const statements = await recorder.during(async () => {
      await Promise.all(events.map((event) => handler.handle(jobOf(event, 1))));
    });

    expect(statements).toHaveLength(STATEMENTS.coalescedFanOut);
    for (const event of events) {
      expect(await outboxState(event.id)).toEqual({ channels: ['webhooks'], fannedOut: true });
      const deliveries = await dataSource.query<{ id: string; endpoint_id: string }[]>(
        `SELECT "id", "endpoint_id" FROM "webhook_delivery" WHERE "event_id" = $1`,
        [event.id],
      );
      const concerned = event.agencyIds.includes(from.id);
      const expected = [
        ...(concerned ? [every] : []),
        ...(concerned && event.type === 'referral.sent' ? [sentOnly] : []),
      ];
      expect(deliveries.map((delivery) => delivery.endpoint_id).sort()).toEqual(expected.sort());
      for (const delivery of deliveries) expect(await webhooks.getJob(delivery.id)).toBeDefined();
    }
    expect(events.some((event) => event.type === 'referral.sent' && event.agencyIds.includes(from.id))).toBe(true);
  });

  /**
   * A receiver that answers no POST until `expected` have arrived, then all of them: the attempts' POSTs end
   * together, as under load. Each answer is 204.
   */
  async function heldReceiver(
    expected: number,
  ): Promise<{ url: string; bodies: string[]; close: () => Promise<void> }> {
    const bodies: string[] = [];
    const held: http.ServerResponse[] = [];
    const server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        bodies.push(body);
        held.push(response);
        if (held.length >= expected) held.splice(0).forEach((waiting) => waiting.writeHead(204).end());
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}/hook`,
      bodies,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  /** Deliveries to a new endpoint of a new agency, one per `referral.sent` event of `count` new referrals. */
  async function pendingDeliveries(url: string, count: number): Promise<string[]> {
    const from = await createAgency(t);
    const to = await createAgency(t);
    const registered = dataOf<{ registerWebhook: { webhook: { id: string } } }>(
      await t.gql(`mutation ($input: RegisterWebhookInput!) { registerWebhook(input: $input) { webhook { id } } }`, {
        key: from.key,
        variables: { input: { url, events: ['referral.sent'] } },
      }),
      'registerWebhook',
    );
    const channel = new WebhookChannel(dataSource, webhooks, config());
    for (let i = 0; i < count; i += 1) {
      const sent = (await sentReferralEvents(from, to)).find((event) => event.type === 'referral.sent');
      if (!sent) throw new Error('no referral.sent event');
      await channel.deliver(sent);
    }
    const rows = await dataSource.query<{ id: string }[]>(
      `SELECT "id" FROM "webhook_delivery" WHERE "endpoint_id" = $1 ORDER BY "id"`,
      [registered.registerWebhook.webhook.id],
    );
    expect(rows).toHaveLength(count);
    return rows.map((row) => row.id);
  }

  it("shares each step's statement among webhook attempts that reach it at the same time", async () => {
    const count = 8;
    const receiver = await heldReceiver(count);
    try {
      const deliveries = await pendingDeliveries(receiver.url, count);
      const service = new WebhookDeliveryService(dataSource, config(), t.app.get(Metrics));
      let outcomes: string[] = [];
      const statements = await recorder.during(async () => {
        outcomes = await Promise.all(
          deliveries.map((deliveryId) =>
            service.attempt({ deliveryId, redelivery: 0 }, { final: false, retryDelayMs: 1000 }),
          ),
        );
      });

      expect(outcomes).toEqual(deliveries.map(() => 'SUCCEEDED'));
      expect(receiver.bodies).toHaveLength(count);
      const step = (marker: string) => statements.filter((text) => text.includes(marker));
      expect(step('"secret_ciphertext"')).toHaveLength(1); // every delivery read in one statement
      expect(step('WITH request AS')).toHaveLength(1); // every attempt opened in one statement
      expect(step('WITH closing AS').length).toBeLessThan(count); // the POSTs ended together: some closed together
      expect(statements.length).toBeLessThan(STATEMENTS.webhookAttempt * count);
      const states = await dataSource.query<{ status: string; attempts: number; numbers: number[] }[]>(
        `SELECT delivery."status", delivery."attempts", array_agg(attempt."number") AS "numbers"
           FROM "webhook_delivery" delivery JOIN "webhook_attempt" attempt ON attempt."delivery_id" = delivery."id"
          WHERE delivery."id" = ANY($1::uuid[]) AND attempt."state" = 'SUCCEEDED'
          GROUP BY delivery."id"`,
        [deliveries],
      );
      expect(states).toEqual(deliveries.map(() => ({ status: 'SUCCEEDED', attempts: 1, numbers: [1] })));
    } finally {
      await receiver.close();
    }
  });

  it('opens one attempt when two jobs of the same delivery start together; the other is told to try again later', async () => {
    const receiver = await heldReceiver(1);
    try {
      const [deliveryId] = await pendingDeliveries(receiver.url, 1);
      const service = new WebhookDeliveryService(dataSource, config(), t.app.get(Metrics));
      const plan = { final: false, retryDelayMs: 1000 };
      const [first, second] = await Promise.allSettled([
        service.attempt({ deliveryId, redelivery: 0 }, plan),
        service.attempt({ deliveryId, redelivery: 0 }, plan),
      ]);

      expect(first).toEqual({ status: 'fulfilled', value: 'SUCCEEDED' });
      expect(second.status).toBe('rejected');
      expect((second as PromiseRejectedResult).reason).toBeInstanceOf(WebhookInfrastructureError);
      expect(receiver.bodies).toHaveLength(1);
      const attempts = await dataSource.query(
        `SELECT "number", "state" FROM "webhook_attempt" WHERE "delivery_id" = $1`,
        [deliveryId],
      );
      expect(attempts).toEqual([{ number: 1, state: 'SUCCEEDED' }]);
      // The job tried again later finds the delivery done.
      await expect(service.attempt({ deliveryId, redelivery: 0 }, plan)).resolves.toBe('NOT_PENDING');
    } finally {
      await receiver.close();
    }
  });

  it('closes an attempt without settling a delivery that was redelivered while its POST ran', async () => {
    // A receiver that answers only once the delivery has moved on to a new round, as a redelivery would.
    let deliveryId = '';
    const receiver = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        void dataSource
          .query(`UPDATE "webhook_delivery" SET "redeliveries" = "redeliveries" + 1 WHERE "id" = $1`, [deliveryId])
          .then(() => response.writeHead(204).end());
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = receiver.address() as AddressInfo;
      const registered = dataOf<{ registerWebhook: { webhook: { id: string } } }>(
        await t.gql(`mutation ($input: RegisterWebhookInput!) { registerWebhook(input: $input) { webhook { id } } }`, {
          key: recipient.key,
          variables: { input: { url: `http://127.0.0.1:${port}/hook`, events: ['referral.sent'] } },
        }),
        'registerWebhook',
      );
      const endpointId = registered.registerWebhook.webhook.id;
      await dataSource.query(`UPDATE "webhook_endpoint" SET "consecutive_dead_letters" = 2 WHERE "id" = $1`, [
        endpointId,
      ]);
      const sent = (await sentReferralEvents()).find((event) => event.type === 'referral.sent');
      if (!sent) throw new Error('no referral.sent event');
      await new WebhookChannel(dataSource, webhooks, config()).deliver(sent);
      [{ id: deliveryId }] = await dataSource.query<{ id: string }[]>(
        `SELECT "id" FROM "webhook_delivery" WHERE "event_id" = $1 AND "endpoint_id" = $2`,
        [sent.id, endpointId],
      );

      const service = new WebhookDeliveryService(dataSource, config(), t.app.get(Metrics));
      await expect(service.attempt({ deliveryId, redelivery: 0 }, { final: false, retryDelayMs: 1000 })).resolves.toBe(
        'SUCCEEDED',
      );

      // The attempt and the last outcome are recorded; the new round's delivery stays pending, for its own job.
      const [delivery] = await dataSource.query(
        `SELECT "status", "redeliveries", "attempts", "delivered_at", "next_attempt_at", "last_status_code"
           FROM "webhook_delivery" WHERE "id" = $1`,
        [deliveryId],
      );
      expect(delivery).toEqual({
        status: 'PENDING',
        redeliveries: 1,
        attempts: 1,
        delivered_at: null,
        next_attempt_at: null,
        last_status_code: 204,
      });
      const attempts = await dataSource.query(
        `SELECT "number", "state", "status_code" FROM "webhook_attempt" WHERE "delivery_id" = $1`,
        [deliveryId],
      );
      expect(attempts).toEqual([{ number: 1, state: 'SUCCEEDED', status_code: 204 }]);
      const [endpoint] = await dataSource.query(
        `SELECT "consecutive_dead_letters" FROM "webhook_endpoint" WHERE "id" = $1`,
        [endpointId],
      );
      expect(endpoint).toEqual({ consecutive_dead_letters: 2 });
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
