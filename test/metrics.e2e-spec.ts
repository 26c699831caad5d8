import { randomUUID } from 'node:crypto';
import { FixedClock } from '@tsunagu/platform';
import pg from 'pg';
import { createAgency, type TestAgency } from './support/builders.js';
import { deleteRedisKeys } from './support/bus.js';
import { CREATE_REFERRAL, consentedPair, dataOf, referralInput } from './support/referral-builders.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';
import { startTestApp, uniqueSuffix, type TestApp } from './support/test-app.js';
import { answers, startWebhookSink, type WebhookSink } from './support/webhook-sink.js';
import { startWorker, waitFor, type WorkerProcess } from './support/worker-process.js';
import { createMigratedDatabase, dropDatabase } from './setup/test-database.js';

/**
 * `GET /metrics` on the API (in process, its clock moved by the test) and on the built worker (its own
 * database and Redis prefix, so it relays this file's events only): the series docs/monitoring.md names,
 * after real traffic, open without a key and free of ids and personal data.
 */
const REDIS_URL = process.env.REDIS_URL!;
const HOUR = 3600;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (label values here never contain quotes or commas). */
function parseExposition(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"/g)].map(([, key, value]) => [key, value]),
      );
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

/** The value of the one sample of `name` whose labels include `labels` (undefined when there is none). */
function valueOf(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter(
    (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

async function scrape(url: string): Promise<{ status: number; contentType: string | null; text: string }> {
  const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

const ACKNOWLEDGE = /* GraphQL */ `
  mutation Acknowledge($id: ID!) {
    acknowledgeReferral(id: $id) {
      status
    }
  }
`;
const ACCEPT = /* GraphQL */ `
  mutation ($id: ID!) {
    acceptReferral(id: $id) {
      status
    }
  }
`;

describe('GET /metrics', () => {
  const adminUrl = process.env.TSUNAGU_TEST_ADMIN_DATABASE_URL as string;
  const database = `tsunagu_metrics_${process.pid}`;
  const prefix = `tsunagu-metrics-${uniqueSuffix().toLowerCase()}`;
  const clock = new FixedClock(new Date());
  let t: TestApp;
  let worker: WorkerProcess;
  let smtp: SmtpSink;
  let okSink: WebhookSink;
  let failingSink: WebhookSink;
  let sender: TestAgency;
  let recipient: TestAgency;
  let referralId: string;
  let personId: string;
  /** Holds a lock on one outbox event, so that the relay (SKIP LOCKED) leaves it pending: a lag to report. */
  let held: pg.Client;

  beforeAll(async () => {
    const url = await createMigratedDatabase(adminUrl, database);
    [smtp, okSink, failingSink] = await Promise.all([
      startSmtpSink(),
      startWebhookSink(answers.ok()),
      startWebhookSink(answers.fail(503)),
    ]);
    held = new pg.Client({ connectionString: url });
    await held.connect();
    const heldId = randomUUID();
    await held.query(
      `INSERT INTO "outbox_event" ("id", "type", "aggregate_id", "agency_ids", "payload", "occurred_at")
       VALUES ($1, 'test.held', $1, '{}', '{}', now() - interval '10 minutes')`,
      [heldId],
    );
    await held.query('BEGIN');
    await held.query(`SELECT 1 FROM "outbox_event" WHERE "id" = $1 FOR UPDATE`, [heldId]);
    [t, worker] = await Promise.all([
      startTestApp({ DATABASE_URL: url, REDIS_PREFIX: prefix }, { clock }),
      startWorker({ DATABASE_URL: url, REDIS_PREFIX: prefix, SMTP_URL: smtp.url }),
    ]);

    sender = await createAgency(t, { sector: 'POVERTY' });
    recipient = await createAgency(t, {
      sector: 'HOUSING',
      needCategories: ['HOUSING'],
      responseTargets: [{ urgency: 'HIGH', acknowledgeWithin: 'PT4H', decideWithin: 'P3D', businessTime: false }],
    });
    for (const sink of [okSink, failingSink]) {
      dataOf(
        await t.gql('mutation ($input: RegisterWebhookInput!) { registerWebhook(input: $input) { signingSecret } }', {
          variables: { input: { url: sink.url, events: ['referral.*'] } },
          key: recipient.key,
        }),
        'registerWebhook',
      );
    }

    // Sent now; acknowledged two hours later; accepted a day after that (the API's clock moved, not waited for).
    ({ personId } = await consentedPair(t, sender, recipient));
    const created = await t.gql<{ createReferral: { id: string } }>(CREATE_REFERRAL, {
      variables: { input: referralInput(personId, recipient.id, { send: true, urgency: 'HIGH' }) },
      key: sender.key,
    });
    referralId = dataOf(created, 'createReferral').createReferral.id;
    clock.advance(2 * HOUR * 1000);
    dataOf(await t.gql(ACKNOWLEDGE, { variables: { id: referralId }, key: recipient.key }), 'acknowledgeReferral');
    clock.advance(24 * HOUR * 1000);
    dataOf(await t.gql(ACCEPT, { variables: { id: referralId }, key: recipient.key }), 'acceptReferral');
    // Refused (ACCEPTED cannot be acknowledged): an operation that ends in an error.
    await t.gql(ACKNOWLEDGE, { variables: { id: referralId }, key: recipient.key });
    // A name of the client's choosing, and a path no route matches.
    await t.gql('query Dashboard_Widget_3f9a { viewer { agency { id } } }', { key: sender.key });
    await fetch(`${t.url}/no/such/path/${referralId}`);
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await held?.end();
    await t?.close();
    await Promise.all([smtp?.close(), okSink?.close(), failingSink?.close()]);
    await dropDatabase(adminUrl, database);
    await deleteRedisKeys(REDIS_URL, prefix);
  });

  describe('on the API', () => {
    let text: string;
    let samples: Sample[];

    beforeAll(async () => {
      const response = await scrape(t.url);
      expect(response.status).toBe(200);
      expect(response.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
      text = response.text;
      samples = parseExposition(text);
    });

    it('times HTTP requests by method, route pattern and status', () => {
      const graphql = { method: 'POST', route: '/graphql', status: '200' };
      expect(valueOf(samples, 'tsunagu_http_request_duration_seconds_count', graphql)).toBeGreaterThanOrEqual(8);
      expect(
        valueOf(samples, 'tsunagu_http_request_duration_seconds_count', { route: 'unmatched', status: '404' }),
      ).toBe(1);
    });

    it('times GraphQL operations by root field, type and outcome', () => {
      const count = (operation: string, type: string, outcome: string) =>
        valueOf(samples, 'tsunagu_graphql_operation_duration_seconds_count', { operation, type, outcome });
      expect(count('createReferral', 'mutation', 'ok')).toBe(1);
      expect(count('acknowledgeReferral', 'mutation', 'ok')).toBe(1);
      expect(count('acknowledgeReferral', 'mutation', 'error')).toBe(1);
      expect(count('acceptReferral', 'mutation', 'ok')).toBe(1);
      expect(count('viewer', 'query', 'ok')).toBe(1);
      expect(text).not.toContain('Dashboard_Widget');
    });

    it("counts transitions by the status reached and the recipient's sector", () => {
      const transitions = (status: string) =>
        valueOf(samples, 'tsunagu_referral_transitions_total', { status, sector: 'HOUSING' });
      expect(transitions('DRAFT')).toBe(1);
      expect(transitions('REQUESTED')).toBe(1);
      expect(transitions('RECEIVED')).toBe(1);
      expect(transitions('ACCEPTED')).toBe(1);
      // Every status × sector series exists from the start, at zero until it happens.
      expect(transitions('REJECTED')).toBe(0);
      expect(
        valueOf(samples, 'tsunagu_referral_transitions_total', { status: 'COMPLETED', sector: 'ELDER_CARE' }),
      ).toBe(0);
    });

    it('observes the time to acknowledge and to decide, from sending, by sector and urgency', () => {
      const bucket = (name: string, le: number) =>
        valueOf(samples, `${name}_bucket`, { sector: 'HOUSING', urgency: 'HIGH', le: String(le) });
      // Acknowledged after exactly two hours; decided after 26 hours.
      expect(bucket('tsunagu_referral_time_to_acknowledge_seconds', HOUR)).toBe(0);
      expect(bucket('tsunagu_referral_time_to_acknowledge_seconds', 2 * HOUR)).toBe(1);
      expect(
        valueOf(samples, 'tsunagu_referral_time_to_acknowledge_seconds_sum', { sector: 'HOUSING', urgency: 'HIGH' }),
      ).toBe(2 * HOUR);
      expect(bucket('tsunagu_referral_time_to_decision_seconds', 24 * HOUR)).toBe(0);
      expect(bucket('tsunagu_referral_time_to_decision_seconds', 48 * HOUR)).toBe(1);
      expect(
        valueOf(samples, 'tsunagu_referral_time_to_decision_seconds_sum', { sector: 'HOUSING', urgency: 'HIGH' }),
      ).toBe(26 * HOUR);
      expect(
        valueOf(samples, 'tsunagu_referral_time_to_decision_seconds_count', { sector: 'DEBT', urgency: 'LOW' }),
      ).toBe(0);
    });

    it('includes the default Node.js metrics under the tsunagu_ prefix', () => {
      expect(valueOf(samples, 'tsunagu_process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect(text).toContain('# TYPE tsunagu_nodejs_eventloop_lag_seconds gauge');
    });

    it('reveals no ids, keys or personal data', () => {
      expect(text).not.toMatch(UUID);
      for (const secret of [sender.key, recipient.key, sender.code, recipient.code, '山田', 'hanako']) {
        expect(text).not.toContain(secret);
      }
    });
  });

  describe('on the worker', () => {
    it('serves job counts per queue, the outbox lag, webhook and e-mail series, with no key', async () => {
      const read = async () => parseExposition((await scrape(worker.healthUrl.replace(/\/health$/, ''))).text);
      // The relay and fan-out run on their own time: wait for the deliveries (the failed one then waits for its
      // retry, about 40 s away, as a delayed job), the e-mail, the SLA clocks and the relay of every free event.
      const samples = await waitFor('the worker to record its deliveries', async () => {
        const current = await read();
        const done =
          (valueOf(current, 'tsunagu_webhook_attempt_duration_seconds_count', { outcome: 'succeeded' }) ?? 0) >= 1 &&
          (valueOf(current, 'tsunagu_webhook_attempt_failures_total', { reason: 'http_5xx' }) ?? 0) >= 1 &&
          (valueOf(current, 'tsunagu_email_attempts_total', { outcome: 'sent' }) ?? 0) >= 1 &&
          (valueOf(current, 'tsunagu_queue_jobs', { queue: 'clocks', state: 'delayed' }) ?? 0) >= 1 &&
          (valueOf(current, 'tsunagu_queue_jobs', { queue: 'webhooks', state: 'delayed' }) ?? 0) >= 1 &&
          valueOf(current, 'tsunagu_outbox_pending_events') === 1;
        return done && current;
      });

      for (const queue of ['events', 'clocks', 'webhooks', 'mail']) {
        for (const state of ['waiting', 'active', 'delayed', 'failed']) {
          expect(valueOf(samples, 'tsunagu_queue_jobs', { queue, state })).toBeGreaterThanOrEqual(0);
        }
      }
      // Everything relayed but the held event, written ten minutes ago by the database's clock.
      expect(valueOf(samples, 'tsunagu_outbox_pending_events')).toBe(1);
      expect(valueOf(samples, 'tsunagu_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(600);
      expect(valueOf(samples, 'tsunagu_outbox_oldest_pending_age_seconds')).toBeLessThan(900);
      expect(valueOf(samples, 'tsunagu_metrics_collect_failures_total', { source: 'queues' })).toBe(0);
      // The clock reconciliation's counter exists from the start, per kind of clock.
      for (const kind of ['referral-sla', 'consent-expiry']) {
        expect(valueOf(samples, 'tsunagu_clocks_recreated_total', { kind })).toBeGreaterThanOrEqual(0);
      }
      expect(
        valueOf(samples, 'tsunagu_http_request_duration_seconds_count', { route: '/health/live' }),
      ).toBeGreaterThan(0);

      const text = (await scrape(worker.healthUrl.replace(/\/health$/, ''))).text;
      expect(text).not.toMatch(UUID);
      expect(text).not.toContain(okSink.url);
    });
  });
});
