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

    const onA = wsClient(other.url, recipient.key);
    const first = await subscribe<Resumed>(onA, query);
    const firstId = await send();
    const [{ referralEvents: last }] = await first.next(1, 20_000);
    expect([last.type, last.referralId]).toEqual(['SENT', firstId]);
    await other.stop(); // instance A goes away with its subscriber's socket
    await first.close().catch(() => undefined);
    await onA.dispose();

    // While the subscriber is away: committed on B, relayed by the worker, heard by no one.
    await acknowledge(firstId);
    const secondId = await send();

    const onB = wsClient(t.url, recipient.key);
    const resumed = await subscribe<Resumed>(onB, query, { after: last.cursor });
    try {
      const missed = (await resumed.next(2, 20_000)).map((result) => result.referralEvents);
      expect(missed.map((event) => [event.type, event.referralId])).toEqual([
        ['ACKNOWLEDGED', firstId],
        ['SENT', secondId],
      ]);
      await acknowledge(secondId);
      const all = (await resumed.next(3, 20_000)).map((result) => result.referralEvents);
      expect(all.map((event) => [event.type, event.referralId])).toEqual([
        ['ACKNOWLEDGED', firstId],
        ['SENT', secondId],
        ['ACKNOWLEDGED', secondId],
      ]);
      expect(new Set(all.map((event) => event.id)).size).toBe(3);
      expect(resumed.received).toHaveLength(3);
    } finally {
      await resumed.close();
      await onB.dispose();
    }
  });
});
