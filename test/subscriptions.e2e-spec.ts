import { randomUUID } from 'node:crypto';
import { openReferralEventStreams } from '@tsunagu/referrals';
import { closeEventBus, createEventBus, type BusEvent, type EventBus } from '@tsunagu/platform';
import { DataSource } from 'typeorm';
import { createAgency, type TestAgency } from './support/builders.js';
import { emitEvent, publishStored } from './support/stored-events.js';
import { subscribe, wsClient } from './support/subscription-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const REFERRAL_EVENTS = /* GraphQL */ `
  subscription ($box: Box, $after: String) {
    referralEvents(box: $box, after: $after) {
      id
      cursor
      referralId
      type
      fromStatus
      toStatus
      note
      at
      actorAgency {
        id
        code
      }
    }
  }
`;

interface ReferralEventsResult {
  referralEvents: {
    id: string;
    cursor: string;
    referralId: string;
    type: string;
    fromStatus: string | null;
    toStatus: string | null;
    note: string | null;
    at: string;
    actorAgency: { id: string; code: string } | null;
  };
}

function busEvent(
  sender: TestAgency,
  recipient: TestAgency,
  type = 'referral.sent',
  occurredAt = '2026-11-26T06:00:00.000Z',
): BusEvent {
  const id = randomUUID();
  return {
    id,
    type,
    agencyIds: [sender.id, recipient.id],
    occurredAt,
    payload: {
      eventId: id,
      type,
      referralId: randomUUID(),
      fromAgencyId: sender.id,
      toAgencyId: recipient.id,
      urgency: 'NORMAL',
      fromStatus: 'DRAFT',
      toStatus: 'REQUESTED',
      actorAgencyId: sender.id,
      at: '2026-11-26T06:00:00.000Z',
    },
  };
}

describe('referralEvents subscription (graphql-ws)', () => {
  let t: TestApp;
  let bus: EventBus;
  let sender: TestAgency;
  let recipient: TestAgency;

  const publish = (event: BusEvent) => publishStored(t, bus, event);

  beforeAll(async () => {
    t = await startTestApp();
    bus = createEventBus(t.config);
    sender = await createAgency(t);
    recipient = await createAgency(t);
  });
  afterAll(async () => {
    await closeEventBus(bus);
    await t.close();
  });

  it("delivers the events of the caller's agency, shaped as ReferralEvent, with the event id", async () => {
    const client = wsClient(t.url, recipient.key);
    const subscription = await subscribe<ReferralEventsResult>(client, REFERRAL_EVENTS);
    try {
      const event = busEvent(sender, recipient);
      await publish(event);
      const [result] = await subscription.next();
      expect(result.referralEvents).toEqual({
        id: event.id,
        cursor: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
        referralId: event.payload.referralId,
        type: 'SENT',
        fromStatus: 'DRAFT',
        toStatus: 'REQUESTED',
        note: null,
        at: event.occurredAt,
        actorAgency: { id: sender.id, code: sender.code },
      });
    } finally {
      await subscription.close();
      await client.dispose();
    }
  });

  it("never delivers another agency's events", async () => {
    const outsider = await createAgency(t);
    const client = wsClient(t.url, outsider.key);
    const subscription = await subscribe<ReferralEventsResult>(client, REFERRAL_EVENTS);
    const own = wsClient(t.url, recipient.key);
    const ownSubscription = await subscribe<ReferralEventsResult>(own, REFERRAL_EVENTS);
    try {
      await publish(busEvent(sender, recipient));
      // The recipient's own subscriber got it, so the outsider had every chance to receive it too.
      await ownSubscription.next();
      expect(subscription.received).toEqual([]);
    } finally {
      await subscription.close();
      await ownSubscription.close();
      await client.dispose();
      await own.dispose();
    }
  });

  it('filters by box: INBOX has what the agency received, OUTBOX what it sent', async () => {
    const inboxClient = wsClient(t.url, recipient.key);
    const inbox = await subscribe<ReferralEventsResult>(inboxClient, REFERRAL_EVENTS, { box: 'INBOX' });
    const outboxClient = wsClient(t.url, recipient.key);
    const outbox = await subscribe<ReferralEventsResult>(outboxClient, REFERRAL_EVENTS, { box: 'OUTBOX' });
    try {
      const received = busEvent(sender, recipient);
      const sent = busEvent(recipient, sender);
      await publish(received);
      await publish(sent);
      expect((await inbox.next()).map((r) => r.referralEvents.id)).toEqual([received.id]);
      expect((await outbox.next()).map((r) => r.referralEvents.id)).toEqual([sent.id]);
      expect(inbox.received).toHaveLength(1);
    } finally {
      await inbox.close();
      await outbox.close();
      await inboxClient.dispose();
      await outboxClient.dispose();
    }
  });

  it('refuses a connection without a valid key in connection_init', async () => {
    for (const key of [null, 'tsu_aaaaaaaa_not-a-real-key-but-the-right-length-1234567890ab']) {
      const client = wsClient(t.url, key);
      await expect(
        subscribe<ReferralEventsResult>(client, REFERRAL_EVENTS).then((s) => s.next(1, 3000)),
      ).rejects.toThrow();
      await client.dispose();
    }
  });

  it('refuses a key without referrals:read (FORBIDDEN)', async () => {
    const limited = await createAgency(t, {}, ['directory:read']);
    const client = wsClient(t.url, limited.key);
    const subscription = await subscribe<ReferralEventsResult>(client, REFERRAL_EVENTS);
    try {
      await expect(subscription.next(1, 3000)).rejects.toThrow(/FORBIDDEN/);
    } finally {
      await subscription.close();
      await client.dispose();
    }
  });
});

describe('referralEvents(after: cursor): resuming without a gap or a duplicate', () => {
  let t: TestApp;
  let bus: EventBus;
  let dataSource: DataSource;
  let sender: TestAgency;
  let recipient: TestAgency;

  /** A recent event from sender to recipient, stored in the outbox and announced on the bus. */
  const recent = (at = new Date()) => busEvent(sender, recipient, 'referral.sent', at.toISOString());
  const publish = (event: BusEvent, emit = true) => publishStored(t, bus, event, { emit });
  const ids = (results: ReferralEventsResult[]) => results.map((result) => result.referralEvents.id);

  beforeAll(async () => {
    t = await startTestApp();
    bus = createEventBus(t.config);
    dataSource = t.app.get(DataSource);
    sender = await createAgency(t);
    recipient = await createAgency(t);
  });
  afterAll(async () => {
    await closeEventBus(bus);
    await t.close();
  });

  it('replays, in order, the events produced while disconnected, then continues live', async () => {
    const client = wsClient(t.url, recipient.key);
    const first = await subscribe<ReferralEventsResult>(client, REFERRAL_EVENTS);
    const before = [recent(), recent()];
    for (const event of before) await publish(event);
    const seen = await first.next(2);
    expect(ids(seen)).toEqual(before.map((event) => event.id));
    await first.close();

    // While nobody listens: stored, and announced on the bus to no one.
    const missed = [recent(), recent(), recent()];
    for (const event of missed) await publish(event);

    const resumed = await subscribe<ReferralEventsResult>(client, REFERRAL_EVENTS, {
      after: seen[1].referralEvents.cursor,
    });
    try {
      expect(ids(await resumed.next(3))).toEqual(missed.map((event) => event.id));
      const live = recent();
      await publish(live);
      expect(ids(await resumed.next(4))).toEqual([...missed, live].map((event) => event.id));
      // Resuming from the middle replays only what came after that event.
      const middle = await subscribe<ReferralEventsResult>(client, REFERRAL_EVENTS, {
        after: (await resumed.next(1))[0].referralEvents.cursor,
      });
      expect(ids(await middle.next(3))).toEqual([missed[1].id, missed[2].id, live.id]);
      await middle.close();
      expect(resumed.received).toHaveLength(4);
    } finally {
      await resumed.close();
      await client.dispose();
    }
  });

  it('has no gap and no duplicate at the seam while events keep arriving during the replay', async () => {
    const agency = await createAgency(t);
    const event = () => busEvent(sender, agency, 'referral.sent', new Date().toISOString());
    const client = wsClient(t.url, agency.key);
    const first = await subscribe<ReferralEventsResult>(client, REFERRAL_EVENTS);
    const start = event();
    await publish(start);
    const [{ referralEvents: mark }] = await first.next(1);
    await first.close();

    // More than one page (200) to replay, and 60 more stored and announced while the replay runs.
    const backlog = Array.from({ length: 450 }, event);
    for (const stored of backlog) await publish(stored, false);
    const during = Array.from({ length: 60 }, event);
    const resumed = subscribe<ReferralEventsResult>(client, REFERRAL_EVENTS, { after: mark.cursor });
    for (const stored of during) await publish(stored);
    const subscription = await resumed;
    try {
      const expected = [...backlog, ...during].map((stored) => stored.id);
      const received = ids(await subscription.next(expected.length, 30_000));
      expect(received).toEqual(expected);
      // Announced again (a worker retrying its live step): still once.
      for (const stored of during.slice(-5)) await emitEvent(t.config, bus, stored);
      const last = event();
      await publish(last);
      expect(ids(await subscription.next(expected.length + 1))).toEqual([...expected, last.id]);
      expect(subscription.received).toHaveLength(expected.length + 1);
    } finally {
      await subscription.close();
      await client.dispose();
    }
  });

  it('sends events in commit order: a later-committing lower sequence is never skipped', async () => {
    const agency = await createAgency(t);
    const client = wsClient(t.url, agency.key);
    const subscription = await subscribe<ReferralEventsResult>(client, REFERRAL_EVENTS);
    const slow = dataSource.createQueryRunner();
    try {
      const early = busEvent(sender, agency, 'referral.sent', new Date().toISOString());
      const late = busEvent(sender, agency, 'referral.accepted', new Date().toISOString());
      // `early` takes the lower seq in a transaction that commits last.
      await slow.startTransaction();
      await slow.query(
        `INSERT INTO "outbox_event" ("id", "type", "aggregate_id", "agency_ids", "payload", "occurred_at", "relayed_at")
         VALUES ($1, $2, $1, $3::uuid[], $4::jsonb, $5, now())`,
        [early.id, early.type, early.agencyIds, JSON.stringify(early.payload), early.occurredAt],
      );
      await publish(late);
      await new Promise((resolve) => setTimeout(resolve, 500));
      // Not before `early`: a client remembering `late`'s cursor would never get `early`.
      expect(subscription.received).toEqual([]);
      await slow.commitTransaction();
      await emitEvent(t.config, bus, early);
      const received = await subscription.next(2);
      expect(ids(received)).toEqual([early.id, late.id]);

      // A client that got `early` only resumes with exactly `late`.
      const resumed = await subscribe<ReferralEventsResult>(client, REFERRAL_EVENTS, {
        after: received[0].referralEvents.cursor,
      });
      expect(ids(await resumed.next(1))).toEqual([late.id]);
      await resumed.close();
    } finally {
      if (slow.isTransactionActive) await slow.rollbackTransaction();
      await slow.release();
      await subscription.close();
      await client.dispose();
    }
  });

  it('refuses a malformed cursor with BAD_USER_INPUT', async () => {
    const client = wsClient(t.url, recipient.key);
    try {
      const forged = Buffer.from('v1:12:abc:1').toString('base64url');
      for (const after of ['nope!', 'bm9wZQ', forged, '']) {
        const subscription = await subscribe<ReferralEventsResult>(client, REFERRAL_EVENTS, { after });
        await expect(subscription.next(1, 3000)).rejects.toThrow(
          /BAD_USER_INPUT.*"field":"after"|"field":"after".*BAD_USER_INPUT/,
        );
        await subscription.close();
      }
    } finally {
      await client.dispose();
    }
  });

  it('refuses with CURSOR_EXPIRED a cursor older than 7 days or more than 10,000 events behind', async () => {
    const agency = await createAgency(t);
    const client = wsClient(t.url, agency.key);
    try {
      const first = await subscribe<ReferralEventsResult>(client, REFERRAL_EVENTS);
      const old = busEvent(sender, agency, 'referral.sent', new Date(Date.now() - 8 * 86_400_000).toISOString());
      const fresh = busEvent(sender, agency, 'referral.sent', new Date().toISOString());
      await publish(old);
      await publish(fresh);
      const [oldEvent, freshEvent] = (await first.next(2)).map((result) => result.referralEvents);
      await first.close();

      const expired = await subscribe<ReferralEventsResult>(client, REFERRAL_EVENTS, { after: oldEvent.cursor });
      await expect(expired.next(1, 3000)).rejects.toThrow(/CURSOR_EXPIRED/);
      await expired.close();

      // 10,001 events of the agency after `fresh`, in one transaction.
      await dataSource.query(
        `INSERT INTO "outbox_event" ("id", "type", "aggregate_id", "agency_ids", "payload", "occurred_at", "relayed_at")
         SELECT gen_random_uuid(), 'referral.sent', gen_random_uuid(), ARRAY[$1::uuid], '{}'::jsonb, now(), now()
           FROM generate_series(1, 10001)`,
        [agency.id],
      );
      const behind = await subscribe<ReferralEventsResult>(client, REFERRAL_EVENTS, { after: freshEvent.cursor });
      await expect(behind.next(1, 5000)).rejects.toThrow(/CURSOR_EXPIRED/);
      await behind.close();
    } finally {
      await client.dispose();
    }
  });

  it('ends the stream of a subscriber that leaves, also while no event comes', async () => {
    const agency = await createAgency(t);
    const settled = async (expected: number) => {
      for (let i = 0; i < 50 && openReferralEventStreams() !== expected; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return openReferralEventStreams();
    };
    const before = await settled(0);
    const client = wsClient(t.url, agency.key);
    const completed = await subscribe<ReferralEventsResult>(client, REFERRAL_EVENTS);
    const closedSocket = await subscribe<ReferralEventsResult>(client, REFERRAL_EVENTS);
    expect(openReferralEventStreams()).toBe(before + 2);
    await completed.close(); // graphql-ws `complete`
    expect(await settled(before + 1)).toBe(before + 1);
    await client.dispose(); // the socket closes
    await closedSocket.close();
    expect(await settled(before)).toBe(before);
  });

  it("never replays another agency's events, whatever cursor it is given", async () => {
    const outsider = await createAgency(t);
    const own = wsClient(t.url, recipient.key);
    const foreign = wsClient(t.url, outsider.key);
    try {
      const first = await subscribe<ReferralEventsResult>(own, REFERRAL_EVENTS);
      const mark = recent();
      await publish(mark);
      const [{ referralEvents: marked }] = await first.next(1);
      await first.close();
      const recipientOnly = [recent(), recent()];
      for (const event of recipientOnly) await publish(event);

      // The recipient's cursor, used by an outsider: its own stream from there, which has nothing of theirs.
      const stolen = await subscribe<ReferralEventsResult>(foreign, REFERRAL_EVENTS, { after: marked.cursor });
      const ownEvent = busEvent(sender, outsider, 'referral.sent', new Date().toISOString());
      await publish(ownEvent);
      expect(ids(await stolen.next(1))).toEqual([ownEvent.id]);
      await stolen.close();
      expect(stolen.received).toHaveLength(1);

      // The recipient itself gets them all from the same cursor.
      const resumed = await subscribe<ReferralEventsResult>(own, REFERRAL_EVENTS, { after: marked.cursor });
      expect(ids(await resumed.next(2))).toEqual(recipientOnly.map((event) => event.id));
      await resumed.close();
    } finally {
      await own.dispose();
      await foreign.dispose();
    }
  });
});
