import { createHmac } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { JOB_OPTIONS, JobName, openSecret, QueueName, type BusEvent } from '@tsunagu/platform';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { createAgency, type TestAgency } from './support/builders.js';
import { deleteRedisKeys, listenToAgencies, type AgencyEvents } from './support/bus.js';
import { CREATE_REFERRAL, consentedPair, dataOf, referralInput } from './support/referral-builders.js';
import { startTestApp, uniqueSuffix, type GraphQLResponse, type TestApp } from './support/test-app.js';
import { answers, startWebhookSink, type SinkRequest, type WebhookSink } from './support/webhook-sink.js';
import { freePort, startRedisServer, startWorker, waitFor, type WorkerProcess } from './support/worker-process.js';
import { createMigratedDatabase, dropDatabase } from './setup/test-database.js';

/**
 * Signed webhooks end to end: the API registers endpoints, the built worker fans events out to them through the
 * WEBHOOKS queue, and local sinks (127.0.0.1, allowed by the tests' WEBHOOK_ALLOWED_PRIVATE_NETWORKS) answer as
 * told. Three attempts over three seconds (waits of 1 s and 2 s) stand in for twelve over a day. Signatures are
 * checked with the code of docs/webhooks.md itself. The file has a database of its own, so its worker relays
 * its events only.
 */
const REDIS_URL = process.env.REDIS_URL!;
const WEBHOOK_SETTINGS = {
  WEBHOOK_MAX_ATTEMPTS: '3',
  WEBHOOK_RETRY_WINDOW: 'PT3S',
  WEBHOOK_DISABLE_AFTER: '2',
  WEBHOOK_TIMEOUT_MS: '2000',
};
/** Three attempts and their waits, with room for a loaded machine. */
const DEAD_LETTER_WITHIN_MS = 15_000;

type VerifySignature = (input: {
  secret: string;
  headers: Record<string, unknown>;
  body: string;
  toleranceSeconds?: number;
}) => boolean;

interface Attempt {
  number: number;
  at: string;
  state: string;
  succeeded: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

interface Delivery {
  id: string;
  endpointId: string;
  endpoint: { id: string; url: string };
  eventId: string;
  eventType: string;
  status: 'PENDING' | 'SUCCEEDED' | 'DEAD_LETTERED';
  attempts: number;
  redeliveries: number;
  lastStatusCode: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  deadLetteredAt: string | null;
  createdAt: string;
  attemptLog: Attempt[];
}

interface Endpoint {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  enabled: boolean;
  disabledAt: string | null;
  disabledReason: string | null;
  consecutiveDeadLetters: number;
  createdAt: string;
}

const ENDPOINT_FIELDS = 'id url events description enabled disabledAt disabledReason consecutiveDeadLetters createdAt';
const REGISTER = /* GraphQL */ `
  mutation ($input: RegisterWebhookInput!) {
    registerWebhook(input: $input) {
      signingSecret
      webhook { ${ENDPOINT_FIELDS} }
    }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation ($id: ID!, $input: UpdateWebhookInput!) {
    updateWebhook(id: $id, input: $input) { ${ENDPOINT_FIELDS} }
  }
`;
const ROTATE = /* GraphQL */ `
  mutation ($id: ID!) {
    rotateWebhookSecret(id: $id) {
      signingSecret
      webhook {
        id
      }
    }
  }
`;
const WEBHOOKS = /* GraphQL */ `
  query {
    webhooks { ${ENDPOINT_FIELDS} }
  }
`;
const DELIVERIES = /* GraphQL */ `
  query ($filter: DeliveryFilter, $first: Int, $after: String) {
    webhookDeliveries(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          endpointId
          endpoint {
            id
            url
          }
          eventId
          eventType
          status
          attempts
          redeliveries
          lastStatusCode
          lastLatencyMs
          lastError
          nextAttemptAt
          deliveredAt
          deadLetteredAt
          createdAt
          attemptLog {
            number
            at
            state
            succeeded
            statusCode
            latencyMs
            error
          }
        }
      }
    }
  }
`;
const REDELIVER = /* GraphQL */ `
  mutation ($id: ID!) {
    redeliverWebhook(deliveryId: $id) {
      id
      status
      attempts
      redeliveries
      deadLetteredAt
    }
  }
`;

function errorOf(response: GraphQLResponse<unknown>) {
  expect(response.body.errors).toHaveLength(1);
  return response.body.errors![0];
}

/** The first ```js block of docs/webhooks.md, as a module: the verification code partners copy. */
async function importDocumentedVerifier(): Promise<{ verify: VerifySignature; file: string }> {
  const doc = readFileSync(path.join(import.meta.dirname, '..', 'docs', 'webhooks.md'), 'utf8');
  const block = /```js\n([\s\S]*?)```/.exec(doc);
  if (!block) throw new Error('docs/webhooks.md has no ```js block');
  const file = path.join(os.tmpdir(), `verify-tsunagu-${process.pid}-${uniqueSuffix()}.mjs`);
  writeFileSync(file, block[1]);
  const module = (await import(pathToFileURL(file).href)) as { verifyTsunaguSignature: VerifySignature };
  return { verify: module.verifyTsunaguSignature, file };
}

describe('signed webhooks (the API and the worker process)', () => {
  const adminUrl = process.env.TSUNAGU_TEST_ADMIN_DATABASE_URL as string;
  const database = `tsunagu_webhooks_${process.pid}`;
  const prefix = `tsunagu-webhooks-${uniqueSuffix().toLowerCase()}`;
  let databaseUrl: string;
  let t: TestApp;
  let worker: WorkerProcess;
  let eventsQueue: Queue;
  let webhooksQueue: Queue;
  let verify: VerifySignature;
  let verifierFile: string;
  const sinks: WebhookSink[] = [];
  const listeners: AgencyEvents[] = [];

  beforeAll(async () => {
    const documented = await importDocumentedVerifier();
    verify = documented.verify;
    verifierFile = documented.file;
    databaseUrl = await createMigratedDatabase(adminUrl, database);
    t = await startTestApp({ DATABASE_URL: databaseUrl, REDIS_PREFIX: prefix, ...WEBHOOK_SETTINGS });
    worker = await startWorker({ DATABASE_URL: databaseUrl, REDIS_PREFIX: prefix, ...WEBHOOK_SETTINGS });
    const connection = { url: REDIS_URL };
    eventsQueue = new Queue(QueueName.EVENTS, { connection, prefix: `${prefix}:bull` });
    webhooksQueue = new Queue(QueueName.WEBHOOKS, { connection, prefix: `${prefix}:bull` });
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await Promise.all(sinks.map((sink) => sink.close()));
    await Promise.all(listeners.map((listener) => listener.close()));
    await eventsQueue?.close();
    await webhooksQueue?.close();
    await t?.close();
    await dropDatabase(adminUrl, database);
    await deleteRedisKeys(REDIS_URL, prefix);
    if (verifierFile) rmSync(verifierFile, { force: true });
  });

  const db = () => t.app.get(DataSource);

  async function sink(responder = answers.ok()): Promise<WebhookSink> {
    const started = await startWebhookSink(responder);
    sinks.push(started);
    return started;
  }

  async function register(
    agency: TestAgency,
    url: string,
    events: string[],
  ): Promise<{ endpoint: Endpoint; secret: string }> {
    const { registerWebhook } = dataOf(
      await t.gql<{ registerWebhook: { signingSecret: string; webhook: Endpoint } }>(REGISTER, {
        variables: { input: { url, events } },
        key: agency.key,
      }),
      'registerWebhook',
    );
    return { endpoint: registerWebhook.webhook, secret: registerWebhook.signingSecret };
  }

  /** A referral from `sender` to `recipient`, sent now (events referral.created, then referral.sent). */
  async function sendReferral(sender: TestAgency, recipient: TestAgency): Promise<string> {
    const { personId } = await consentedPair(t, sender, recipient);
    const response = await t.gql<{ createReferral: { id: string; status: string } }>(CREATE_REFERRAL, {
      variables: { input: referralInput(personId, recipient.id, { send: true }) },
      key: sender.key,
    });
    return dataOf(response, 'createReferral').createReferral.id;
  }

  async function deliveries(agency: TestAgency, filter: Record<string, unknown> = {}): Promise<Delivery[]> {
    const { webhookDeliveries } = dataOf(
      await t.gql<{ webhookDeliveries: { edges: { node: Delivery }[] } }>(DELIVERIES, {
        variables: { filter, first: 100 },
        key: agency.key,
      }),
      'webhookDeliveries',
    );
    return webhookDeliveries.edges.map((edge) => edge.node);
  }

  /** Waits until the endpoint's only delivery satisfies `ready`, and returns it. */
  function deliveryWhen(
    agency: TestAgency,
    endpointId: string,
    what: string,
    ready: (delivery: Delivery) => boolean,
    timeoutMs = DEAD_LETTER_WITHIN_MS,
  ): Promise<Delivery> {
    return waitFor(
      `the delivery to ${what}`,
      async () => {
        const found = await deliveries(agency, { endpointId });
        return found.length === 1 && ready(found[0]) ? found[0] : undefined;
      },
      { timeoutMs, intervalMs: 150 },
    );
  }

  async function endpointOf(agency: TestAgency, id: string): Promise<Endpoint> {
    const { webhooks } = dataOf(await t.gql<{ webhooks: Endpoint[] }>(WEBHOOKS, { key: agency.key }), 'webhooks');
    const found = webhooks.find((endpoint) => endpoint.id === id);
    if (!found) throw new Error(`endpoint ${id} not listed`);
    return found;
  }

  /** Waits until every outbox event of these aggregates has been relayed and fanned out (its job completed). */
  async function fannedOut(aggregateIds: string[]): Promise<string[]> {
    return waitFor(
      'every event to be fanned out',
      async () => {
        const rows = await db().query<{ id: string; relayed_at: Date | null }[]>(
          `SELECT "id", "relayed_at" FROM "outbox_event" WHERE "aggregate_id" = ANY($1::uuid[])`,
          [aggregateIds],
        );
        if (rows.length === 0 || rows.some((row) => !row.relayed_at)) return undefined;
        for (const row of rows) {
          const job = await eventsQueue.getJob(row.id);
          if (!job || !(await job.isCompleted())) return undefined;
        }
        return rows.map((row) => row.id);
      },
      { timeoutMs: 15_000, intervalMs: 150 },
    );
  }

  function expectSigned(request: SinkRequest, secret: string): void {
    expect(verify({ secret, headers: request.headers, body: request.body })).toBe(true);
  }

  it('registers an endpoint: the signing secret is returned once and stored only sealed', async () => {
    const agency = await createAgency(t);
    const receiver = await sink();
    const { endpoint, secret } = await register(agency, receiver.url, ['referral.sent', 'consent.*']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(endpoint).toMatchObject({
      url: receiver.url,
      events: ['referral.sent', 'consent.*'],
      description: null,
      enabled: true,
      disabledAt: null,
      disabledReason: null,
      consecutiveDeadLetters: 0,
    });

    const [row] = await db().query<Record<string, unknown>[]>(`SELECT * FROM "webhook_endpoint" WHERE "id" = $1`, [
      endpoint.id,
    ]);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(JSON.stringify(row)).not.toContain(secret.slice('whsec_'.length));
    expect(row.secret_ciphertext).toMatch(/^v1\./);
    // Sealed with SECRETS_KEY, bound to the endpoint's id.
    expect(openSecret(t.config.SECRETS_KEY, row.secret_ciphertext as string, endpoint.id)).toBe(secret);
    expect(() => openSecret(t.config.SECRETS_KEY, row.secret_ciphertext as string, agency.id)).toThrow();

    // Listing never shows it (the type has no such field).
    const listed = await t.gql(WEBHOOKS, { key: agency.key });
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(dataOf(listed as GraphQLResponse<{ webhooks: Endpoint[] }>, 'webhooks').webhooks).toEqual([endpoint]);
    const asking = await t.gql('query { webhooks { id signingSecret } }', { key: agency.key });
    expect(errorOf(asking).extensions.code).toBe('BAD_USER_INPUT');

    // A new secret replaces it, once more shown once.
    const { rotateWebhookSecret } = dataOf(
      await t.gql<{ rotateWebhookSecret: { signingSecret: string; webhook: { id: string } } }>(ROTATE, {
        variables: { id: endpoint.id },
        key: agency.key,
      }),
      'rotateWebhookSecret',
    );
    expect(rotateWebhookSecret.webhook.id).toBe(endpoint.id);
    expect(rotateWebhookSecret.signingSecret).toMatch(/^whsec_/);
    expect(rotateWebhookSecret.signingSecret).not.toBe(secret);
    const [rotated] = await db().query<{ secret_ciphertext: string }[]>(
      `SELECT "secret_ciphertext" FROM "webhook_endpoint" WHERE "id" = $1`,
      [endpoint.id],
    );
    expect(openSecret(t.config.SECRETS_KEY, rotated.secret_ciphertext, endpoint.id)).toBe(
      rotateWebhookSecret.signingSecret,
    );
  });

  it('lets only agency keys with webhooks:manage manage webhooks', async () => {
    const input = { url: 'http://127.0.0.1:9/hook', events: ['*'] };
    const asHubAdmin = await t.gql(REGISTER, { variables: { input } });
    expect(errorOf(asHubAdmin).extensions.code).toBe('FORBIDDEN');
    const readOnly = await createAgency(t, {}, ['referrals:read', 'referrals:write']);
    const withoutScope = await t.gql(REGISTER, { variables: { input }, key: readOnly.key });
    expect(errorOf(withoutScope).extensions).toMatchObject({ code: 'FORBIDDEN', missingScopes: ['webhooks:manage'] });
    const deliveriesAsAdmin = await t.gql(DELIVERIES, { variables: {} });
    expect(errorOf(deliveriesAsAdmin).extensions.code).toBe('FORBIDDEN');
  });

  it('refuses URLs that are not http(s), carry credentials or reach non-public addresses, and unknown events; nothing is stored', async () => {
    const agency = await createAgency(t);
    const refused: [string, Record<string, unknown>][] = [
      ['ftp://127.0.0.1/hook', { reason: 'URL_SCHEME' }],
      ['http://10.0.0.5/', { reason: 'URL_NOT_PUBLIC' }],
      ['http://169.254.169.254/latest/meta-data/', { reason: 'URL_NOT_PUBLIC' }],
      ['http://[::ffff:169.254.169.254]/', { reason: 'URL_NOT_PUBLIC' }],
      ['http://100.64.0.1/', { reason: 'URL_NOT_PUBLIC' }],
      ['http://[fd00::1]/hook', { reason: 'URL_NOT_PUBLIC' }],
      ['http://0.0.0.0:8080/', { reason: 'URL_NOT_PUBLIC' }],
      // IPv4-compatible (stored as [::7f00:1]), NAT64 and 6to4 forms of loopback, whatever the exceptions allow.
      ['http://[::127.0.0.1]/', { reason: 'URL_NOT_PUBLIC' }],
      ['http://[::7f00:1]:8080/hook', { reason: 'URL_NOT_PUBLIC' }],
      ['http://[64:ff9b::127.0.0.1]/', { reason: 'URL_NOT_PUBLIC' }],
      ['http://[2002:7f00:1::]/', { reason: 'URL_NOT_PUBLIC' }],
      ['http://[2001::1]/', { reason: 'URL_NOT_PUBLIC' }],
      ['http://0x0a000005/', { reason: 'URL_NOT_PUBLIC' }],
      ['http://192.0.0.8/', { reason: 'URL_NOT_PUBLIC' }],
      ['http://198.18.0.1/', { reason: 'URL_NOT_PUBLIC' }],
      ['http://240.0.0.1/', { reason: 'URL_NOT_PUBLIC' }],
      ['http://255.255.255.255/', { reason: 'URL_NOT_PUBLIC' }],
      ['http://[ff02::1]/', { reason: 'URL_NOT_PUBLIC' }],
      ['http://user:secret@127.0.0.1:9/hook', { reason: 'URL_USERINFO' }],
      ['http://token@127.0.0.1:9/hook', { reason: 'URL_USERINFO' }],
      [`http://127.0.0.1:9/${'x'.repeat(2100)}`, { constraint: 'maxLength' }],
    ];
    for (const [url, details] of refused) {
      const response = await t.gql(REGISTER, { variables: { input: { url, events: ['*'] } }, key: agency.key });
      expect({ url, ...errorOf(response).extensions }).toMatchObject({
        url,
        code: 'BAD_USER_INPUT',
        field: 'input.url',
        ...details,
      });
    }
    const metadata = await t.gql(REGISTER, {
      variables: { input: { url: 'http://169.254.169.254/', events: ['*'] } },
      key: agency.key,
    });
    expect(errorOf(metadata).message).toBe(
      'input.url: the webhook URL’s address is not publicly routable (Link Local, RFC 3927); webhooks may only reach public addresses',
    );

    const unknownEvent = await t.gql(REGISTER, {
      variables: { input: { url: 'http://127.0.0.1:9/hook', events: ['referral.sent', 'referral.teleported'] } },
      key: agency.key,
    });
    expect(errorOf(unknownEvent).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.events.1' });
    const noEvents = await t.gql(REGISTER, {
      variables: { input: { url: 'http://127.0.0.1:9/hook', events: [] } },
      key: agency.key,
    });
    expect(errorOf(noEvents).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.events' });

    const [{ count }] = await db().query<{ count: string }[]>(
      `SELECT count(*) FROM "webhook_endpoint" WHERE "agency_id" = $1`,
      [agency.id],
    );
    expect(Number(count)).toBe(0);

    // A change of URL is checked the same way, and leaves the endpoint as it was.
    const { endpoint } = await register(agency, 'http://127.0.0.1:9/hook', ['*']);
    const moved = await t.gql(UPDATE, {
      variables: { id: endpoint.id, input: { url: 'http://192.168.1.10/hook' } },
      key: agency.key,
    });
    expect(errorOf(moved).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.url' });
    expect((await endpointOf(agency, endpoint.id)).url).toBe('http://127.0.0.1:9/hook');
  });

  it('refuses loopback when no private network is allowed', async () => {
    const strict = await startTestApp({
      DATABASE_URL: databaseUrl,
      REDIS_PREFIX: prefix,
      WEBHOOK_ALLOWED_PRIVATE_NETWORKS: '',
    });
    try {
      const agency = await createAgency(t);
      for (const url of ['http://127.0.0.1:8080/hook', 'http://[::1]:8080/hook', 'http://localhost:8080/hook']) {
        const response = await strict.gql(REGISTER, { variables: { input: { url, events: ['*'] } }, key: agency.key });
        expect({ url, ...errorOf(response).extensions }).toMatchObject({
          url,
          code: 'BAD_USER_INPUT',
          field: 'input.url',
          reason: 'URL_NOT_PUBLIC',
        });
        expect(errorOf(response).message).toMatch(/not publicly routable/);
      }
      // A name is refused without telling what it resolves to.
      const named = await strict.gql(REGISTER, {
        variables: { input: { url: 'http://localhost:8080/hook', events: ['*'] } },
        key: agency.key,
      });
      expect(errorOf(named).message).toBe(
        'input.url: the webhook URL resolves to an address that is not publicly routable; webhooks may only reach public addresses',
      );
      expect(JSON.stringify(named.body)).not.toMatch(/127\.0\.0\.1|::1|loopback/i);
      const [{ count }] = await db().query<{ count: string }[]>(
        `SELECT count(*) FROM "webhook_endpoint" WHERE "agency_id" = $1`,
        [agency.id],
      );
      expect(Number(count)).toBe(0);
    } finally {
      await strict.close();
    }
  });

  let delivered: { recipient: TestAgency; endpointId: string; delivery: Delivery; receiver: WebhookSink };

  it('delivers an event after two failures: received once after dedupe by event id, three attempts logged, signed as documented', async () => {
    const sender = await createAgency(t);
    const recipient = await createAgency(t);
    const receiver = await sink(answers.failFirst(2));
    const { endpoint, secret } = await register(recipient, receiver.url, ['referral.sent']);
    const referralId = await sendReferral(sender, recipient);

    const delivery = await deliveryWhen(recipient, endpoint.id, 'succeed', (found) => found.status === 'SUCCEEDED');
    delivered = { recipient, endpointId: endpoint.id, delivery, receiver };
    expect(delivery).toMatchObject({
      endpointId: endpoint.id,
      endpoint: { id: endpoint.id, url: receiver.url },
      eventType: 'referral.sent',
      status: 'SUCCEEDED',
      attempts: 3,
      redeliveries: 0,
      lastStatusCode: 200,
      lastError: null,
      nextAttemptAt: null,
      deadLetteredAt: null,
    });
    expect(delivery.deliveredAt).not.toBeNull();
    expect(delivery.attemptLog.map((attempt) => [attempt.number, attempt.statusCode, attempt.succeeded])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 200, true],
    ]);
    expect(delivery.attemptLog.map((attempt) => attempt.error)).toEqual(['HTTP 500', 'HTTP 500', null]);
    const times = delivery.attemptLog.map((attempt) => Date.parse(attempt.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    // Three requests, one event: the receiver's dedupe by event id keeps one.
    const requests = receiver.requests();
    expect(requests).toHaveLength(3);
    const byEventId = new Map(requests.map((request) => [request.headers['tsunagu-event-id'], request.body]));
    expect([...byEventId.keys()]).toEqual([delivery.eventId]);
    const event = JSON.parse(byEventId.get(delivery.eventId)!) as Record<string, unknown>;
    expect(event).toEqual({
      id: delivery.eventId,
      type: 'referral.sent',
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: expect.objectContaining({
        eventId: delivery.eventId,
        referralId,
        fromAgencyId: sender.id,
        toAgencyId: recipient.id,
        toStatus: 'REQUESTED',
      }),
    });

    for (const request of requests) {
      expect(request.method).toBe('POST');
      expect(request.body).toBe(requests[0].body);
      expect(request.headers).toMatchObject({
        'content-type': 'application/json',
        'user-agent': expect.stringMatching(/^Tsunagu-Webhooks\//),
        'tsunagu-event-id': delivery.eventId,
        'tsunagu-event-type': 'referral.sent',
        'tsunagu-delivery-id': delivery.id,
        'tsunagu-timestamp': expect.stringMatching(/^\d+$/),
        'tsunagu-signature': expect.stringMatching(/^v1=[0-9a-f]{64}$/),
      });
      expectSigned(request, secret);
    }

    // The documented check fails with another secret, an altered body or an old timestamp.
    const last = requests[2];
    expect(verify({ secret: `${secret}x`, headers: last.headers, body: last.body })).toBe(false);
    expect(verify({ secret, headers: last.headers, body: last.body.replace('REQUESTED', 'ACCEPTED') })).toBe(false);
    expect(verify({ secret, headers: last.headers, body: `${last.body} ` })).toBe(false);
    const old = Math.floor(Date.now() / 1000) - 600;
    const signedLongAgo = {
      ...last.headers,
      'tsunagu-timestamp': String(old),
      'tsunagu-signature': `v1=${createHmac('sha256', secret).update(`${old}.${last.body}`).digest('hex')}`,
    };
    expect(verify({ secret, headers: signedLongAgo, body: last.body })).toBe(false);
    expect(verify({ secret, headers: signedLongAgo, body: last.body, toleranceSeconds: 3600 })).toBe(true);

    // referral.created (the sender's only, and not among the endpoint's events) was not delivered.
    expect(await deliveries(recipient)).toHaveLength(1);
  }, 30_000);

  it('adds no second delivery when the fan-out of an event runs again', async () => {
    expect(delivered).toBeDefined();
    const { recipient, endpointId, delivery, receiver } = delivered;
    const [row] = await db().query<
      { id: string; type: string; agency_ids: string[]; payload: Record<string, unknown>; occurred_at: Date }[]
    >(`SELECT "id", "type", "agency_ids", "payload", "occurred_at" FROM "outbox_event" WHERE "id" = $1`, [
      delivery.eventId,
    ]);
    const event: BusEvent = {
      id: row.id,
      type: row.type,
      agencyIds: row.agency_ids,
      payload: row.payload,
      occurredAt: row.occurred_at.toISOString(),
    };
    const rerun = await eventsQueue.add(JobName.FAN_OUT_EVENT, event, {
      ...JOB_OPTIONS[JobName.FAN_OUT_EVENT],
      jobId: `rerun-${uniqueSuffix()}`,
    });
    await waitFor('the re-run fan-out to complete', async () => rerun.isCompleted(), { timeoutMs: 10_000 });
    // The delivery job's id is the delivery's: its completed job makes BullMQ ignore the add.
    expect(await (await webhooksQueue.getJob(delivery.id))?.isCompleted()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500));

    const [{ count }] = await db().query<{ count: string }[]>(
      `SELECT count(*) FROM "webhook_delivery" WHERE "event_id" = $1`,
      [delivery.eventId],
    );
    expect(Number(count)).toBe(1);
    expect(receiver.requests()).toHaveLength(3);
    const [after] = await deliveries(recipient, { endpointId });
    expect(after).toMatchObject({ id: delivery.id, status: 'SUCCEEDED', attempts: 3 });
  });

  it("delivers what the agency's WEBHOOK preference and the endpoint's events name, of the agency's own events only", async () => {
    const sender = await createAgency(t);
    const recipient = await createAgency(t);
    const otherSender = await createAgency(t);
    const other = await createAgency(t);
    const senderSink = await sink();
    const recipientSink = await sink();
    const otherSink = await sink();
    // The sender's agency carries only referral.accepted on webhooks; its endpoint would take everything.
    await db().query(
      `INSERT INTO "notification_preference" ("agency_id", "channel", "event_types") VALUES ($1, 'WEBHOOK', $2)`,
      [sender.id, ['referral.accepted']],
    );
    const senderHook = await register(sender, senderSink.url, ['*']);
    const recipientHook = await register(recipient, recipientSink.url, ['referral.sent']);
    const otherHook = await register(other, otherSink.url, ['referral.*']);

    const referralId = await sendReferral(sender, recipient);
    for (const action of ['acknowledgeReferral', 'acceptReferral']) {
      dataOf(
        await t.gql(`mutation ($id: ID!) { ${action}(id: $id) { status } }`, {
          variables: { id: referralId },
          key: recipient.key,
        }),
        action,
      );
    }
    const otherReferralId = await sendReferral(otherSender, other);
    await fannedOut([referralId, otherReferralId]);

    const typesOf = async (agency: TestAgency, endpointId: string) =>
      (await deliveries(agency, { endpointId })).map((delivery) => delivery.eventType).sort();
    expect(await typesOf(sender, senderHook.endpoint.id)).toEqual(['referral.accepted']);
    expect(await typesOf(recipient, recipientHook.endpoint.id)).toEqual(['referral.sent']);
    expect(await typesOf(other, otherHook.endpoint.id)).toEqual(['referral.sent']);
    // Each agency lists its own deliveries only.
    for (const [agency, endpointId] of [
      [sender, senderHook.endpoint.id],
      [recipient, recipientHook.endpoint.id],
    ] as const) {
      expect(new Set((await deliveries(agency)).map((delivery) => delivery.endpointId))).toEqual(new Set([endpointId]));
    }

    const referralOf = (request: SinkRequest) =>
      (JSON.parse(request.body) as { data: { referralId: string } }).data.referralId;
    await recipientSink.waitForRequests(1);
    await senderSink.waitForRequests(1);
    await otherSink.waitForRequests(1);
    expect(recipientSink.requests().map(referralOf)).toEqual([referralId]);
    expect(senderSink.requests().map((request) => request.headers['tsunagu-event-type'])).toEqual([
      'referral.accepted',
    ]);
    expect(otherSink.requests().map(referralOf)).toEqual([otherReferralId]);
    expectSigned(senderSink.requests()[0], senderHook.secret);
    expectSigned(otherSink.requests()[0], otherHook.secret);
    expect(
      verify({
        secret: senderHook.secret,
        headers: otherSink.requests()[0].headers,
        body: otherSink.requests()[0].body,
      }),
    ).toBe(false);

    // Another agency's endpoint and deliveries do not exist for this one.
    const [otherDelivery] = await deliveries(other, { endpointId: otherHook.endpoint.id });
    const notFound: GraphQLResponse<unknown>[] = [
      await t.gql(REDELIVER, { variables: { id: otherDelivery.id }, key: recipient.key }),
      await t.gql(DELIVERIES, { variables: { filter: { endpointId: otherHook.endpoint.id } }, key: recipient.key }),
      await t.gql(UPDATE, { variables: { id: otherHook.endpoint.id, input: { enabled: false } }, key: recipient.key }),
      await t.gql(ROTATE, { variables: { id: otherHook.endpoint.id }, key: recipient.key }),
    ];
    for (const response of notFound) expect(errorOf(response).extensions.code).toBe('NOT_FOUND');
    const { webhooks } = dataOf(await t.gql<{ webhooks: Endpoint[] }>(WEBHOOKS, { key: recipient.key }), 'webhooks');
    expect(webhooks.map((endpoint) => endpoint.id)).toEqual([recipientHook.endpoint.id]);
    expect((await endpointOf(other, otherHook.endpoint.id)).enabled).toBe(true);
  }, 30_000);

  it('dead-letters a delivery that keeps failing; redelivered once the sink is fixed, it succeeds and its attempts count on', async () => {
    const sender = await createAgency(t);
    const recipient = await createAgency(t);
    const receiver = await sink(answers.fail(500));
    const { endpoint, secret } = await register(recipient, receiver.url, ['referral.sent']);
    await sendReferral(sender, recipient);

    // Between its attempts the delivery is PENDING, with the time of the next one.
    const waiting = await deliveryWhen(
      recipient,
      endpoint.id,
      'wait for a retry',
      (found) => found.attemptLog[0]?.state === 'FAILED',
    );
    expect(waiting).toMatchObject({ status: 'PENDING', lastStatusCode: 500, lastError: 'HTTP 500' });
    expect(waiting.nextAttemptAt).not.toBeNull();
    const tooEarly = await t.gql(REDELIVER, { variables: { id: waiting.id }, key: recipient.key });
    expect(errorOf(tooEarly).extensions).toMatchObject({ code: 'CONFLICT', reason: 'DELIVERY_PENDING' });

    const dead = await deliveryWhen(recipient, endpoint.id, 'be dead-lettered', (d) => d.status === 'DEAD_LETTERED');
    expect(dead).toMatchObject({ attempts: 3, lastStatusCode: 500, lastError: 'HTTP 500', nextAttemptAt: null });
    expect(dead.deadLetteredAt).not.toBeNull();
    expect(dead.deliveredAt).toBeNull();
    expect(dead.attemptLog.map((attempt) => attempt.statusCode)).toEqual([500, 500, 500]);
    expect(await (await webhooksQueue.getJob(dead.id))?.isFailed()).toBe(true);
    expect(await endpointOf(recipient, endpoint.id)).toMatchObject({ enabled: true, consecutiveDeadLetters: 1 });
    const deadLettered = await deliveries(recipient, { status: 'DEAD_LETTERED' });
    expect(deadLettered.map((delivery) => delivery.id)).toEqual([dead.id]);

    // A delivery left PENDING although its job has failed (its outcome could not be recorded) is not stuck:
    // with no job in flight, it may be redelivered like a dead letter.
    await db().query(`UPDATE "webhook_delivery" SET "status" = 'PENDING', "dead_lettered_at" = NULL WHERE "id" = $1`, [
      dead.id,
    ]);
    receiver.respondWith(answers.ok());
    const { redeliverWebhook } = dataOf(
      await t.gql<{ redeliverWebhook: { id: string; status: string; redeliveries: number; deadLetteredAt: null } }>(
        REDELIVER,
        { variables: { id: dead.id }, key: recipient.key },
      ),
      'redeliverWebhook',
    );
    expect(redeliverWebhook).toMatchObject({ id: dead.id, redeliveries: 1, deadLetteredAt: null });
    expect(['PENDING', 'SUCCEEDED']).toContain(redeliverWebhook.status);

    const done = await deliveryWhen(recipient, endpoint.id, 'succeed', (found) => found.status === 'SUCCEEDED');
    expect(done).toMatchObject({ id: dead.id, attempts: 4, redeliveries: 1, lastStatusCode: 200, lastError: null });
    expect(done.deadLetteredAt).toBeNull();
    expect(done.attemptLog.map((attempt) => [attempt.number, attempt.statusCode])).toEqual([
      [1, 500],
      [2, 500],
      [3, 500],
      [4, 200],
    ]);
    const requests = receiver.requests();
    expect(requests).toHaveLength(4);
    expect(new Set(requests.map((request) => request.headers['tsunagu-delivery-id']))).toEqual(new Set([dead.id]));
    expect(new Set(requests.map((request) => request.body)).size).toBe(1);
    expectSigned(requests[3], secret);
    expect(await endpointOf(recipient, endpoint.id)).toMatchObject({ enabled: true, consecutiveDeadLetters: 0 });
  }, 40_000);

  it('logs an attempt that exceeds the per-attempt timeout as failed, then retries', async () => {
    const sender = await createAgency(t);
    const recipient = await createAgency(t);
    const receiver = await sink(answers.hang());
    const { endpoint } = await register(recipient, receiver.url, ['referral.sent']);
    await sendReferral(sender, recipient);

    // Logged before the POST, while the receiver holds the request.
    const sending = await deliveryWhen(recipient, endpoint.id, 'start an attempt', (found) => found.attempts >= 1);
    expect(sending.attemptLog[0]).toMatchObject({ number: 1, state: 'SENDING', succeeded: false, error: null });
    const timedOut = await deliveryWhen(
      recipient,
      endpoint.id,
      'time out once',
      (found) => found.attemptLog[0]?.state === 'FAILED',
    );
    receiver.respondWith(answers.ok());
    expect(timedOut.attemptLog[0]).toMatchObject({
      number: 1,
      state: 'FAILED',
      succeeded: false,
      statusCode: null,
      error: `timed out after ${WEBHOOK_SETTINGS.WEBHOOK_TIMEOUT_MS} ms`,
    });
    expect(timedOut.attemptLog[0].latencyMs).toBeGreaterThanOrEqual(Number(WEBHOOK_SETTINGS.WEBHOOK_TIMEOUT_MS) - 50);

    const done = await deliveryWhen(recipient, endpoint.id, 'succeed', (found) => found.status === 'SUCCEEDED');
    expect(done.attemptLog.map((attempt) => attempt.succeeded)).toEqual([false, true]);
  }, 30_000);

  it('records a failed connection without the address the host resolved to, in the delivery log and the worker log', async () => {
    const sender = await createAgency(t);
    const recipient = await createAgency(t);
    const port = await freePort(); // nothing listens there
    const { endpoint } = await register(recipient, `http://localhost:${port}/hook`, ['referral.sent']);
    await sendReferral(sender, recipient);

    const failed = await deliveryWhen(
      recipient,
      endpoint.id,
      'fail once',
      (found) => found.attemptLog[0]?.state === 'FAILED',
    );
    expect(failed).toMatchObject({ lastStatusCode: null, lastError: 'connect ECONNREFUSED' });
    expect(failed.attemptLog[0]).toMatchObject({ statusCode: null, error: 'connect ECONNREFUSED' });
    const published = JSON.stringify(await deliveries(recipient, { endpointId: endpoint.id }));
    expect(published).not.toMatch(/127\.0\.0\.1|::1\b/);
    await waitFor('the worker to log the failed attempt', () =>
      Promise.resolve(worker.output().includes(failed.id) || undefined),
    );
    expect(worker.output()).not.toMatch(new RegExp(`(127\\.0\\.0\\.1|::1)\\]?:${port}`));
  }, 30_000);

  it('dead-letters a pending delivery without a further attempt once its endpoint is disabled', async () => {
    const sender = await createAgency(t);
    const recipient = await createAgency(t);
    const receiver = await sink(answers.fail(503));
    const { endpoint } = await register(recipient, receiver.url, ['referral.sent']);
    await sendReferral(sender, recipient);

    await deliveryWhen(recipient, endpoint.id, 'fail once', (found) => found.attemptLog[0]?.state === 'FAILED');
    const paused = dataOf(
      await t.gql<{ updateWebhook: Endpoint }>(UPDATE, {
        variables: { id: endpoint.id, input: { enabled: false } },
        key: recipient.key,
      }),
      'updateWebhook',
    ).updateWebhook;
    expect(paused).toMatchObject({ enabled: false, disabledReason: 'disabled by the agency' });

    const dead = await deliveryWhen(recipient, endpoint.id, 'be dead-lettered', (d) => d.status === 'DEAD_LETTERED');
    expect(dead.lastError).toBe('endpoint disabled');
    expect(dead.attempts).toBe(dead.attemptLog.length);
    expect(receiver.requests()).toHaveLength(dead.attempts);
    // A dead letter of its own pause does not count towards disabling.
    expect((await endpointOf(recipient, endpoint.id)).consecutiveDeadLetters).toBe(0);
    const conflict = await t.gql(REDELIVER, { variables: { id: dead.id }, key: recipient.key });
    expect(errorOf(conflict).extensions).toMatchObject({ code: 'CONFLICT', reason: 'ENDPOINT_DISABLED' });
  }, 30_000);

  it('disables an endpoint after WEBHOOK_DISABLE_AFTER dead letters in a row and tells its agency', async () => {
    const sender = await createAgency(t);
    const recipient = await createAgency(t);
    const bus = await listenToAgencies(REDIS_URL, prefix, [recipient.id]);
    listeners.push(bus);
    const failing = await sink(answers.fail(500));
    const watching = await sink();
    const { endpoint, secret } = await register(recipient, failing.url, ['referral.sent']);
    const second = await register(recipient, watching.url, ['webhook.disabled']);

    const referrals = [await sendReferral(sender, recipient), await sendReferral(sender, recipient)];
    const [disabled] = await waitFor(
      'webhook.disabled to reach the agency',
      () => {
        const events = bus.events(recipient.id, 'webhook.disabled');
        return events.length > 0 ? events : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 150 },
    );
    expect(disabled.agencyIds).toEqual([recipient.id]);
    expect(disabled.payload).toEqual({
      endpointId: endpoint.id,
      host: new URL(failing.url).host,
      reason: expect.stringMatching(/^2 deliveries in a row dead-lettered; the last: HTTP 500$/),
      consecutiveDeadLetters: 2,
      lastDeliveryId: expect.any(String),
      disabledAt: expect.any(String),
    });
    expect(JSON.stringify(disabled)).not.toContain(secret);
    expect(JSON.stringify(disabled)).not.toContain(failing.url);

    const state = await endpointOf(recipient, endpoint.id);
    expect(state).toMatchObject({ enabled: false, consecutiveDeadLetters: 2, disabledReason: disabled.payload.reason });
    expect(state.disabledAt).not.toBeNull();
    const dead = await deliveries(recipient, { endpointId: endpoint.id });
    expect(dead.map((delivery) => delivery.status)).toEqual(['DEAD_LETTERED', 'DEAD_LETTERED']);

    // The agency's other endpoint is told as well, signed with its own secret.
    const [told] = await watching.waitForRequests(1);
    expect(told.headers['tsunagu-event-type']).toBe('webhook.disabled');
    expect(told.headers['tsunagu-event-id']).toBe(disabled.id);
    expectSigned(told, second.secret);

    // A disabled endpoint gets no new deliveries, and its dead letters wait for it to be enabled.
    const later = await sendReferral(sender, recipient);
    await fannedOut([...referrals, later]);
    expect(await deliveries(recipient, { endpointId: endpoint.id })).toHaveLength(2);
    const conflict = await t.gql(REDELIVER, { variables: { id: dead[0].id }, key: recipient.key });
    expect(errorOf(conflict).extensions).toMatchObject({ code: 'CONFLICT', reason: 'ENDPOINT_DISABLED' });

    const enabled = dataOf(
      await t.gql<{ updateWebhook: Endpoint }>(UPDATE, {
        variables: { id: endpoint.id, input: { enabled: true } },
        key: recipient.key,
      }),
      'updateWebhook',
    ).updateWebhook;
    expect(enabled).toMatchObject({ enabled: true, disabledAt: null, disabledReason: null, consecutiveDeadLetters: 0 });
    failing.respondWith(answers.ok());
    dataOf(await t.gql(REDELIVER, { variables: { id: dead[0].id }, key: recipient.key }), 'redeliverWebhook');
    await waitFor(
      'the redelivery to succeed',
      async () => (await deliveries(recipient, { status: 'SUCCEEDED', endpointId: endpoint.id })).length === 1,
      { timeoutMs: 10_000, intervalMs: 150 },
    );
  }, 45_000);

  it('lists deliveries newest first, in pages', async () => {
    const sender = await createAgency(t);
    const recipient = await createAgency(t);
    const receiver = await sink();
    const { endpoint } = await register(recipient, receiver.url, ['referral.sent']);
    const referrals = [await sendReferral(sender, recipient), await sendReferral(sender, recipient)];
    await fannedOut(referrals);
    const page = async (after: string | null) =>
      dataOf(
        await t.gql<{
          webhookDeliveries: {
            totalCount: number;
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
            edges: { node: Delivery }[];
          };
        }>(DELIVERIES, { variables: { filter: { endpointId: endpoint.id }, first: 1, after }, key: recipient.key }),
        'webhookDeliveries',
      ).webhookDeliveries;
    const first = await page(null);
    expect(first.totalCount).toBe(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await page(first.pageInfo.endCursor);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const [newer, older] = [first.edges[0].node, second.edges[0].node];
    expect(newer.id).not.toBe(older.id);
    expect(Date.parse(newer.createdAt)).toBeGreaterThanOrEqual(Date.parse(older.createdAt));
    const byType = await t.gql<{ webhookDeliveries: { totalCount: number } }>(DELIVERIES, {
      variables: { filter: { eventType: 'referral.accepted' } },
      key: recipient.key,
    });
    expect(dataOf(byType, 'webhookDeliveries').webhookDeliveries.totalCount).toBe(0);
  });

  it('leaves a dead letter as it was when Redis refuses the redelivery', async () => {
    const redis = await startRedisServer();
    const isolated = `${prefix}-down`;
    const api = await startTestApp({
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      REDIS_PREFIX: isolated,
      ...WEBHOOK_SETTINGS,
    });
    try {
      const agency = await createAgency(t);
      const { endpoint } = await register(agency, 'http://127.0.0.1:9/hook', ['*']);
      const [{ id }] = await db().query<{ id: string }[]>(
        `INSERT INTO "webhook_delivery"
           ("endpoint_id", "agency_id", "event_id", "event_type", "body", "status", "attempts", "dead_lettered_at")
         VALUES ($1, $2, gen_random_uuid(), 'referral.sent', '{}', 'DEAD_LETTERED', 3, now())
         RETURNING "id"`,
        [endpoint.id, agency.id],
      );
      const row = async () =>
        (
          await db().query<{ status: string; redeliveries: number }[]>(
            `SELECT "status", "redeliveries" FROM "webhook_delivery" WHERE "id" = $1`,
            [id],
          )
        )[0];

      await redis.stop();
      const refused = await api.gql(REDELIVER, { variables: { id }, key: agency.key });
      expect(errorOf(refused).extensions).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        reason: 'DEPENDENCY_UNAVAILABLE',
        retryable: true,
      });
      expect(await row()).toEqual({ status: 'DEAD_LETTERED', redeliveries: 0 });

      await redis.start();
      const accepted = await api.gql<{ redeliverWebhook: { status: string; redeliveries: number } }>(REDELIVER, {
        variables: { id },
        key: agency.key,
      });
      expect(dataOf(accepted, 'redeliverWebhook').redeliverWebhook).toMatchObject({
        status: 'PENDING',
        redeliveries: 1,
      });
      const queue = new Queue(QueueName.WEBHOOKS, { connection: { url: redis.url }, prefix: `${isolated}:bull` });
      try {
        const job = await queue.getJob(`${id}-r1`);
        expect(job?.data).toEqual({ deliveryId: id, redelivery: 1 });
        expect(job?.opts.attempts).toBe(3);
      } finally {
        await queue.close();
      }
    } finally {
      await api.close();
      await redis.stop();
    }
  }, 30_000);
});
