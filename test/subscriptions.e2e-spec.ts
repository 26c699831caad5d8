import { randomUUID } from 'node:crypto';
import { agencyTopic, closeEventBus, createEventBus, type BusEvent, type EventBus } from '@tsunagu/platform';
import { createAgency, type TestAgency } from './support/builders.js';
import { subscribe, wsClient } from './support/subscription-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const REFERRAL_EVENTS = /* GraphQL */ `
  subscription ($box: Box) {
    referralEvents(box: $box) {
      id
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
    referralId: string;
    type: string;
    fromStatus: string | null;
    toStatus: string | null;
    note: string | null;
    at: string;
    actorAgency: { id: string; code: string } | null;
  };
}

function busEvent(sender: TestAgency, recipient: TestAgency, type = 'referral.sent'): BusEvent {
  const id = randomUUID();
  return {
    id,
    type,
    agencyIds: [sender.id, recipient.id],
    occurredAt: '2026-11-26T06:00:00.000Z',
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

  const publish = (agencyId: string, event: BusEvent) =>
    new Promise<void>((resolve) =>
      bus.emit({ topic: agencyTopic(t.config, agencyId), payload: event }, () => resolve()),
    );

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
      await publish(recipient.id, event);
      const [result] = await subscription.next();
      expect(result.referralEvents).toEqual({
        id: event.id,
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
      await publish(recipient.id, busEvent(sender, recipient));
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
      await publish(recipient.id, received);
      await publish(recipient.id, sent);
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
