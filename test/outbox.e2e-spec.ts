import { randomUUID } from 'node:crypto';
import {
  agencyTopic,
  appendToOutbox,
  createEventBus,
  type BusEvent,
  type EventBus,
  type OutboxEvent,
} from '@tsunagu/platform';
import { Redis } from 'ioredis';
import mqemitterRedis from 'mqemitter-redis';
import { DataSource } from 'typeorm';
import { createAgency, type TestAgency } from './support/builders.js';
import { CREATE_REFERRAL, consentedPair, dataOf, referralInput } from './support/referral-builders.js';
import { createOwnDatabase, type OwnDatabase } from './support/own-database.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import {
  startRedisServer,
  startWorker,
  waitFor,
  type RedisServer,
  type WorkerProcess,
} from './support/worker-process.js';

/**
 * The delivery pipeline end to end, with the built worker as a child process: outbox rows committed by the API
 * reach the event bus through the relay, the EVENTS queue and the fan-out, through Redis outages and crashes.
 * The file has a database of its own, so its workers relay, reconcile and sweep this file's rows only. One
 * worker runs at a time here (all share this file's Redis prefix).
 */
const REDIS_URL = process.env.REDIS_URL!;
/** This file's database and Redis prefix (from beforeAll), and a worker's settings for them. */
let own: OwnDatabase;
const workerEnv = () => ({ DATABASE_URL: own.url, REDIS_PREFIX: own.prefix });

interface OutboxRow {
  id: string;
  type: string;
  agency_ids: string[];
  payload: Record<string, unknown>;
  occurred_at: Date;
  relayed_at: Date | null;
}

/** What a test's subscriber received, per agency, in arrival order (duplicates included). */
interface Subscriber {
  received(agencyId: string): BusEvent[];
  ids(agencyId: string): Set<string>;
  close(): Promise<void>;
}

/** Subscribes `bus` to the topics of `agencyIds` (resolves once Redis confirmed every subscription). */
async function subscribe(bus: EventBus, agencyIds: readonly string[]): Promise<Subscriber> {
  // mqemitter-redis reports connection errors on `state`; with no listener they would be thrown.
  (bus as unknown as { state: NodeJS.EventEmitter }).state.on('error', () => undefined);
  const received = new Map<string, BusEvent[]>(agencyIds.map((id) => [id, []]));
  await Promise.all(
    agencyIds.map(
      (agencyId) =>
        new Promise<void>((resolve) => {
          const topic = agencyTopic({ REDIS_PREFIX: own.prefix }, agencyId);
          bus.on(
            topic,
            (message, done) => {
              expect(message.topic).toBe(topic);
              received.get(agencyId)!.push(message.payload as BusEvent);
              done();
            },
            resolve,
          );
        }),
    ),
  );
  return {
    received: (agencyId) => received.get(agencyId) ?? [],
    ids: (agencyId) => new Set((received.get(agencyId) ?? []).map((event) => event.id)),
    close: () => new Promise<void>((resolve) => bus.close(resolve)),
  };
}

/** A bus whose connections retry every 50 ms, so that it is back on its topics as soon as Redis is. */
function quicklyReconnectingBus(url: string): EventBus {
  const options = { retryStrategy: () => 50, maxRetriesPerRequest: null };
  return mqemitterRedis({ subConn: new Redis(url, options), pubConn: new Redis(url, options) });
}

describe('outbox → queue → event bus (the worker process)', () => {
  let t: TestApp;
  let sender: TestAgency;
  let recipient: TestAgency;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    own = await createOwnDatabase('outbox');
    t = await startTestApp({ DATABASE_URL: own.url });
    sender = await createAgency(t, { sector: 'POVERTY', name: '送り手相談支援センター' });
    recipient = await createAgency(t, { sector: 'HOUSING', name: '受け手居住支援法人', needCategories: ['HOUSING'] });
  }, 60_000);

  afterEach(async () => {
    // Workers first (they hold the buses' other ends), then subscribers and private Redis servers.
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  afterAll(async () => {
    await t?.close();
    // The database, and this file's queue keys on the shared Redis (completed jobs are otherwise kept a day).
    await own?.drop();
  });

  function track<T extends WorkerProcess | Subscriber | RedisServer>(resource: T): T {
    if ('kill' in resource) cleanups.push(() => resource.stop());
    else if ('close' in resource) cleanups.push(() => resource.close());
    else cleanups.push(() => resource.stop());
    return resource;
  }

  async function outboxRows(where: 'aggregate' | 'ids', values: string | string[]): Promise<OutboxRow[]> {
    const condition = where === 'aggregate' ? `"aggregate_id" = $1` : `"id" = ANY($1::uuid[])`;
    return t.app
      .get(DataSource)
      .query<OutboxRow[]>(
        `SELECT "id", "type", "agency_ids", "payload", "occurred_at", "relayed_at" FROM "outbox_event" WHERE ${condition} ORDER BY "seq"`,
        [values],
      );
  }

  /** A referral created and sent through the API: its CREATED and SENT events, committed with it. */
  async function sendReferral(): Promise<OutboxRow[]> {
    const { personId } = await consentedPair(t, sender, recipient);
    const response = await t.gql<{ createReferral: { id: string; status: string } }>(CREATE_REFERRAL, {
      variables: { input: referralInput(personId, recipient.id, { send: true }) },
      key: sender.key,
    });
    const referral = dataOf(response, 'createReferral').createReferral;
    expect(referral.status).toBe('REQUESTED');
    const rows = await outboxRows('aggregate', referral.id);
    expect(rows.map((row) => row.type)).toEqual(expect.arrayContaining(['referral.created', 'referral.sent']));
    return rows;
  }

  /** Every row's event received by every agency it concerns (the sender alone while it was a draft). */
  function deliveredToBoth(subscriber: Subscriber, rows: readonly OutboxRow[]): boolean {
    return rows.every((row) => row.agency_ids.every((agencyId) => subscriber.ids(agencyId).has(row.id)));
  }

  async function allRelayed(ids: string[]): Promise<boolean> {
    const rows = await outboxRows('ids', ids);
    return rows.length === ids.length && rows.every((row) => row.relayed_at !== null);
  }

  it('delivers an event committed through the API to the bus topics of both agencies, with the outbox id', async () => {
    const subscriber = track(await subscribe(createEventBus({ REDIS_URL }), [sender.id, recipient.id]));
    const worker = track(await startWorker(workerEnv()));

    const rows = await sendReferral();
    await waitFor('both agencies to receive the events', () => deliveredToBoth(subscriber, rows));

    for (const row of rows) {
      const expected: BusEvent = {
        id: row.id,
        type: row.type,
        agencyIds: row.agency_ids,
        payload: row.payload,
        occurredAt: row.occurred_at.toISOString(),
      };
      for (const agencyId of row.agency_ids) {
        expect(subscriber.received(agencyId).find((event) => event.id === row.id)).toEqual(expected);
      }
      // The recipient hears of the referral from the moment it is sent, never of its draft.
      const concerned = row.type === 'referral.created' ? [sender.id] : [sender.id, recipient.id];
      expect([...row.agency_ids].sort()).toEqual(concerned.sort());
      if (row.type === 'referral.created') {
        expect(subscriber.received(recipient.id).some((event) => event.id === row.id)).toBe(false);
      }
      expect(row.payload).toEqual(expect.objectContaining({ eventId: row.id, type: row.type }));
    }
    await waitFor('the rows to be marked relayed', () => allRelayed(rows.map((row) => row.id)));

    // SIGTERM: the relay, the queue worker and the bus close, and the process exits by itself, quietly.
    const started = Date.now();
    await worker.stop(10_000);
    expect(worker.child.signalCode).toBe('SIGTERM');
    expect(Date.now() - started).toBeLessThan(10_000);
    // Quietly: nothing but the start-up warning about this machine's Redis when it has no persistence.
    const printed = worker
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.includes('"context":"HealthController"'));
    expect(printed).toEqual([]);
  });

  it('keeps events committed while Redis is unreachable and delivers them once it is back', async () => {
    const redis = track(await startRedisServer());
    const subscriber = track(await subscribe(quicklyReconnectingBus(redis.url), [sender.id, recipient.id]));
    const worker = track(await startWorker({ ...workerEnv(), REDIS_URL: redis.url }));

    const before = await sendReferral();
    await waitFor('the events committed before the outage', () => deliveredToBoth(subscriber, before));

    await redis.stop();
    // The API keeps its own (machine) Redis: these commit while the worker's Redis is gone.
    const during = [...(await sendReferral()), ...(await sendReferral())];
    const duringIds = during.map((row) => row.id);
    // Longer than the relay's poll interval and first backoffs: had anything been relayed, it would be marked.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect((await outboxRows('ids', duringIds)).every((row) => row.relayed_at === null)).toBe(true);
    expect(worker.child.exitCode).toBeNull();

    await redis.start();
    await waitFor('the events committed during the outage', () => deliveredToBoth(subscriber, during), {
      timeoutMs: 30_000,
    });
    await waitFor('the rows to be marked relayed', () => allRelayed(duringIds));
    expect(worker.child.exitCode).toBeNull();

    // The outage was reported once, as a warning, and nothing else was printed outside the JSON log lines.
    const lines = worker
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '');
    const logs = lines.map((line) => JSON.parse(line) as { level: number; msg: string; context?: string });
    const relayWarnings = logs.filter((log) => log.context === 'OutboxRelayService' && log.level === 40);
    expect(relayWarnings).toHaveLength(1);
    expect(relayWarnings[0].msg).toMatch(/Redis unreachable/);
  }, 60_000);

  it('loses nothing when the worker is killed (SIGKILL) mid-stream: a new worker delivers every event', async () => {
    const agencyId = randomUUID();
    const subscriber = track(await subscribe(createEventBus({ REDIS_URL }), [agencyId]));
    const dataSource = t.app.get(DataSource);
    const events = Array.from({ length: 200 }, (_, index): OutboxEvent => ({
      id: randomUUID(),
      type: 'test.outbox',
      aggregateId: randomUUID(),
      agencyIds: [agencyId],
      payload: { index },
      occurredAt: new Date(),
    }));
    const ids = events.map((event) => event.id);
    /** 10 events per transaction, as separate commits would come. */
    const commit = async (slice: OutboxEvent[]) => {
      for (let i = 0; i < slice.length; i += 10) {
        await dataSource.transaction((manager) => appendToOutbox(manager, slice.slice(i, i + 10)));
      }
    };

    await commit(events.slice(0, 150));
    const first = track(await startWorker(workerEnv()));
    await waitFor('the first worker to deliver something', () => subscriber.ids(agencyId).size > 0, {
      intervalMs: 5,
    });
    await first.kill();
    const beforeKill = subscriber.ids(agencyId).size;
    expect(first.child.signalCode).toBe('SIGKILL');

    await commit(events.slice(150)); // committed while no worker runs
    track(await startWorker(workerEnv()));
    // Jobs the killed worker held are released when their lock lapses (about 15 s at most).
    await waitFor(
      'every event on the bus',
      () => {
        const received = subscriber.ids(agencyId);
        return ids.every((id) => received.has(id));
      },
      { timeoutMs: 45_000 },
    );
    await waitFor('no unrelayed rows', () => allRelayed(ids));

    // Receivers deduplicate on the event id: 200 distinct events, whatever was delivered twice.
    expect(subscriber.ids(agencyId).size).toBe(200);
    expect(subscriber.received(agencyId).every((event) => ids.includes(event.id))).toBe(true);
    // It was killed mid-stream: after its first delivery, with most of the 150 events still to go.
    expect(beforeKill).toBeLessThan(150);
  }, 90_000);
});
