import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startApiProcess, type ApiProcess } from './support/api-process.js';
import { createAgency, type TestAgency } from './support/builders.js';
import { deleteRedisKeys } from './support/bus.js';
import { CREATE_REFERRAL, consentedPair, dataOf, referralInput } from './support/referral-builders.js';
import { subscribe, wsClient } from './support/subscription-client.js';
import { startTestApp, uniqueSuffix, type TestApp } from './support/test-app.js';
import { startWorker, type WorkerProcess } from './support/worker-process.js';
import { createMigratedDatabase, dropDatabase } from './setup/test-database.js';

interface EventsResult {
  referralEvents: { id: string; referralId: string; type: string; toStatus: string | null };
}

/**
 * The whole live path across processes: a change committed through one API instance reaches, through the
 * outbox, the worker, the queue and the Redis bus, a graphql-ws subscriber connected to another instance.
 */
describe('live events across API instances', () => {
  const adminUrl = process.env.TSUNAGU_TEST_ADMIN_DATABASE_URL as string;
  const database = `tsunagu_cross_${process.pid}`;
  const prefix = `tsunagu-cross-${uniqueSuffix().toLowerCase()}`;
  let t: TestApp;
  let other: ApiProcess;
  let worker: WorkerProcess;
  let sender: TestAgency;
  let recipient: TestAgency;

  beforeAll(async () => {
    const url = await createMigratedDatabase(adminUrl, database);
    t = await startTestApp({ DATABASE_URL: url, REDIS_PREFIX: prefix });
    other = await startApiProcess({
      DATABASE_URL: url,
      REDIS_URL: process.env.REDIS_URL as string,
      REDIS_PREFIX: prefix,
      HUB_ADMIN_KEY: t.adminKey,
    });
    worker = await startWorker({ DATABASE_URL: url, REDIS_PREFIX: prefix });
    sender = await createAgency(t);
    recipient = await createAgency(t);
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await other?.stop();
    await t?.close();
    await dropDatabase(adminUrl, database);
    await deleteRedisKeys(process.env.REDIS_URL as string, prefix);
  });

  it('delivers a referral sent on one instance to a subscriber of the recipient on another, in order', async () => {
    const client = wsClient(other.url, recipient.key);
    const subscription = await subscribe<EventsResult>(
      client,
      'subscription { referralEvents(box: INBOX) { id referralId type toStatus } }',
    );
    try {
      const { personId } = await consentedPair(t, sender, recipient);
      const created = dataOf(
        await t.gql<{ createReferral: { id: string } }>(CREATE_REFERRAL, {
          variables: { input: referralInput(personId, recipient.id, { send: true }) },
          key: sender.key,
        }),
        'createReferral',
      ).createReferral;
      dataOf(
        await t.gql('mutation ($id: ID!) { acknowledgeReferral(id: $id) { status } }', {
          variables: { id: created.id },
          key: recipient.key,
        }),
        'acknowledgeReferral',
      );

      // The recipient hears of the referral from the moment it is sent: not of its draft.
      const events = (await subscription.next(2, 20_000)).map((result) => result.referralEvents);
      expect(events.map((event) => [event.type, event.toStatus])).toEqual([
        ['SENT', 'REQUESTED'],
        ['ACKNOWLEDGED', 'RECEIVED'],
      ]);
      expect(new Set(events.map((event) => event.referralId))).toEqual(new Set([created.id]));

      // The ids are the history's event ids: receivers can deduplicate on them.
      const history = dataOf(
        await t.gql<{ referral: { events: { id: string }[] } }>(
          'query ($id: ID!) { referral(id: $id) { events { id } } }',
          {
            variables: { id: created.id },
            key: sender.key,
          },
        ),
        'referral',
      ).referral.events.map((event) => event.id);
      expect(events.map((event) => event.id)).toEqual(history.slice(1, 3));
      expect(subscription.received).toHaveLength(2);
    } finally {
      await subscription.close();
      await client.dispose();
    }
  });

  it('a subscriber whose instance goes away resumes on another with its last cursor and misses nothing', async () => {
    const query = 'subscription ($after: String) { referralEvents(after: $after) { id cursor referralId type } }';
    type Resumed = { referralEvents: { id: string; cursor: string; referralId: string; type: string } };
    const send = async () => {
      const { personId } = await consentedPair(t, sender, recipient);
      return dataOf(
        await t.gql<{ createReferral: { id: string } }>(CREATE_REFERRAL, {
          variables: { input: referralInput(personId, recipient.id, { send: true }) },
          key: sender.key,
        }),
        'createReferral',
      ).createReferral.id;
    };
    const acknowledge = async (id: string) =>
      dataOf(
        await t.gql('mutation ($id: ID!) { acknowledgeReferral(id: $id) { status } }', {
          variables: { id },
          key: recipient.key,
        }),
        'acknowledgeReferral',
      );

    // The reconnect recipe of docs/api.md: retry for ever, and subscribe (again) after the last cursor seen.
    let url = other.url;
    let cursor: string | null = null;
    const received: Resumed['referralEvents'][] = [];
    const errors: unknown[] = [];
    const client = createClient({
      url: () => `${url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${recipient.key}` },
      retryAttempts: Infinity,
      shouldRetry: () => true,
      retryWait: () => new Promise((resolve) => setTimeout(resolve, 200)),
    });
    const stop = client.subscribe<Resumed>(
      {
        query,
        get variables() {
          return { after: cursor };
        },
      },
      {
        next: ({ data }) => {
          if (!data) return;
          received.push(data.referralEvents);
          cursor = data.referralEvents.cursor;
        },
        error: (error) => errors.push(error),
        complete: () => undefined,
      },
    );
    const until = async (count: number) => {
      for (let i = 0; i < 200 && received.length < count && errors.length === 0; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(errors).toEqual([]);
      return received.map((event) => [event.type, event.referralId]);
    };
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const firstId = await send();
      expect(await until(1)).toEqual([['SENT', firstId]]);

      // Instance A goes away (its subscriber's socket with it); the client's next attempt reaches B.
      url = t.url;
      await other.stop();
      // While the subscriber is away: committed on B, relayed by the worker.
      await acknowledge(firstId);
      const secondId = await send();
      expect(await until(3)).toEqual([
        ['SENT', firstId],
        ['ACKNOWLEDGED', firstId],
        ['SENT', secondId],
      ]);
      await acknowledge(secondId);
      expect(await until(4)).toEqual([
        ['SENT', firstId],
        ['ACKNOWLEDGED', firstId],
        ['SENT', secondId],
        ['ACKNOWLEDGED', secondId],
      ]);
      expect(new Set(received.map((event) => event.id)).size).toBe(4);
    } finally {
      stop();
      await client.dispose();
    }
  });
});
