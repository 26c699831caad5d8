import { createHmac } from 'node:crypto';
import {
  CreateReferralDocument,
  RecordConsentDocument,
  ReferralDocument,
  ViewerDocument,
  request,
} from '@tsunagu/client';
import { DataSource } from 'typeorm';
import {
  ensureWebhookEndpoint,
  startPartnerInbox,
  type InboxEntry,
  type PartnerInbox,
} from '../examples/partner-inbox/partner-inbox.js';
import { type ReceivedRequest } from '../examples/partner-inbox/webhook-receiver.js';
import { createAgency, type TestAgency } from './support/builders.js';
import { createOwnDatabase, type OwnDatabase } from './support/own-database.js';
import { registerPerson } from './support/referral-builders.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { freePort, startWorker, waitFor, type WorkerProcess } from './support/worker-process.js';

/**
 * The example partner of examples/partner-inbox against the real API and the built worker: the receiving agency's
 * partner keeps its inbox over the referralEvents subscription, acknowledges what arrives with its own key, and
 * verifies the hub's signed webhooks. The sender works through the typed client (libs/client). The file has a
 * database of its own, so its worker relays its events only.
 */
describe('the example partner inbox (examples/partner-inbox)', () => {
  let db: OwnDatabase;
  let t: TestApp;
  let worker: WorkerProcess;
  let apiUrl: string;
  let sender: TestAgency;
  let recipient: TestAgency;
  let secret: string;
  let partner: PartnerInbox;
  const logs: string[] = [];

  beforeAll(async () => {
    db = await createOwnDatabase('partner-inbox');
    t = await startTestApp({ DATABASE_URL: db.url, REDIS_PREFIX: db.prefix });
    worker = await startWorker({ DATABASE_URL: db.url, REDIS_PREFIX: db.prefix });
    apiUrl = `${t.url}/graphql`;
    sender = await createAgency(t);
    recipient = await createAgency(t);

    const port = await freePort();
    ({ secret } = await ensureWebhookEndpoint(apiUrl, recipient.key, `http://127.0.0.1:${port}/tsunagu/events`));
    partner = await startPartnerInbox({
      apiUrl,
      apiKey: recipient.key,
      webhook: { secret, port },
      log: (line) => logs.push(line),
    });
  }, 60_000);

  afterAll(async () => {
    await partner?.close();
    await worker?.stop();
    await t?.close();
    await db?.drop();
  });

  const dataSource = () => t.app.get(DataSource);

  /** The sender's side through the typed client: a person, a consent for the recipient, a referral sent at once. */
  async function sendReferral(): Promise<string> {
    const personId = await registerPerson(t, sender);
    await request(apiUrl, sender.key, RecordConsentDocument, {
      input: {
        personId,
        recipientAgencyId: recipient.id,
        purposes: ['REFERRAL'],
        dataCategories: ['IDENTITY', 'CONTACT'],
        method: 'WRITTEN',
      },
    });
    const { createReferral } = await request(apiUrl, sender.key, CreateReferralDocument, {
      input: {
        personId,
        toAgencyId: recipient.id,
        needCategories: ['HOUSING'],
        summary: '住まいを失うおそれ。家賃滞納あり。',
        urgency: 'NORMAL',
        sharedCategories: ['IDENTITY', 'CONTACT'],
        send: true,
      },
    });
    expect(createReferral.status).toBe('REQUESTED');
    return createReferral.id;
  }

  /** The hub's genuine delivery of one event to the partner's endpoint, once it has arrived. */
  function deliveryOf(eventId: string): Promise<ReceivedRequest> {
    return waitFor(
      `the webhook delivery of ${eventId}`,
      () => partner.webhooks?.requests.find((one) => one.headers['tsunagu-event-id'] === eventId),
      { timeoutMs: 20_000, intervalMs: 100 },
    );
  }

  async function post(headers: Record<string, string>, body: Buffer): Promise<number> {
    const response = await fetch(partner.webhooks!.url, { method: 'POST', headers, body });
    return response.status;
  }

  function signedHeaders(original: ReceivedRequest, timestamp: number, body: Buffer): Record<string, string> {
    const signature = createHmac('sha256', secret)
      .update(Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), body]))
      .digest('hex');
    return {
      'content-type': 'application/json',
      'tsunagu-event-id': String(original.headers['tsunagu-event-id']),
      'tsunagu-timestamp': String(timestamp),
      'tsunagu-signature': `v1=${signature}`,
    };
  }

  it('receives a sent referral over the subscription and acknowledges it with its own key', async () => {
    const referralId = await sendReferral();

    const entry = await waitFor(
      'the partner to acknowledge the referral',
      () => {
        const found: InboxEntry | undefined = partner.inbox.get(referralId);
        const arrived = (type: string) =>
          found?.events.some((event) => event.type === type && event.channels.includes('subscription'));
        return found?.acknowledgedByPartner && arrived('SENT') && arrived('ACKNOWLEDGED') && found;
      },
      { timeoutMs: 20_000 },
    );
    await partner.idle();

    const [sent] = await dataSource().query<{ id: string }[]>(
      `SELECT "id" FROM "referral_event" WHERE "referral_id" = $1 AND "type" = 'SENT'`,
      [referralId],
    );
    const sentEvent = entry.events.find((event) => event.type === 'SENT');
    expect(sentEvent).toMatchObject({
      id: sent.id,
      fromStatus: 'DRAFT',
      toStatus: 'REQUESTED',
      channels: expect.arrayContaining(['subscription']),
    });
    expect(entry.events.find((event) => event.type === 'ACKNOWLEDGED')).toMatchObject({
      fromStatus: 'REQUESTED',
      toStatus: 'RECEIVED',
      channels: expect.arrayContaining(['subscription']),
    });
    expect(entry.status).toBe('RECEIVED');
    expect(entry.referral).toMatchObject({ id: referralId, status: 'RECEIVED', fromAgency: { id: sender.id } });

    // In the database: acknowledged once, by the partner's key.
    const { viewer } = await request(apiUrl, recipient.key, ViewerDocument);
    const [row] = await dataSource().query<{ status: string; acknowledged_at: Date | null }[]>(
      `SELECT "status", "acknowledged_at" FROM "referral" WHERE "id" = $1`,
      [referralId],
    );
    expect(row.status).toBe('RECEIVED');
    expect(row.acknowledged_at).toBeInstanceOf(Date);
    const acknowledgements = await dataSource().query<{ actor_agency_id: string; actor_key_id: string }[]>(
      `SELECT "actor_agency_id", "actor_key_id" FROM "referral_event" WHERE "referral_id" = $1 AND "type" = 'ACKNOWLEDGED'`,
      [referralId],
    );
    expect(acknowledgements).toEqual([{ actor_agency_id: recipient.id, actor_key_id: viewer.apiKeyId }]);

    // And as the sender reads it through the API.
    const { referral } = await request(apiUrl, sender.key, ReferralDocument, { id: referralId });
    expect(referral?.status).toBe('RECEIVED');
    expect(referral?.acknowledgedAt).not.toBeNull();
    expect(referral?.events.filter((event) => event.type === 'ACKNOWLEDGED')).toEqual([
      expect.objectContaining({ actorAgency: { id: recipient.id, code: recipient.code } }),
    ]);
  });

  it("accepts the hub's signed webhook and refuses a tampered copy and a stale timestamp", async () => {
    const referralId = await sendReferral();
    const [sent] = await dataSource().query<{ id: string }[]>(
      `SELECT "id" FROM "referral_event" WHERE "referral_id" = $1 AND "type" = 'SENT'`,
      [referralId],
    );

    const genuine = await deliveryOf(sent.id);
    expect(genuine.status).toBe(204);
    expect(partner.webhooks?.accepted.find((event) => event.id === sent.id)).toMatchObject({
      type: 'referral.sent',
      data: { referralId, toStatus: 'REQUESTED', toAgencyId: recipient.id },
    });
    // The same event came over the subscription: the partner acted on it once, whichever came first.
    const entry = await waitFor('the webhook copy to be matched', () => {
      const event = partner.inbox.get(referralId)?.events.find((one) => one.id === sent.id);
      return event?.channels.includes('webhook') && partner.inbox.get(referralId);
    });
    expect(entry.events.filter((event) => event.id === sent.id)).toHaveLength(1);

    const rejectedBefore = partner.webhooks!.rejected;
    const headers = Object.fromEntries(
      ['content-type', 'tsunagu-event-id', 'tsunagu-timestamp', 'tsunagu-signature'].map((name) => [
        name,
        String(genuine.headers[name]),
      ]),
    );
    // The genuine request again (a retry): accepted, and not handled twice.
    expect(await post(headers, genuine.body)).toBe(204);
    expect(partner.webhooks?.accepted.filter((event) => event.id === sent.id)).toHaveLength(1);

    // Its body changed, its signature kept.
    const tampered = Buffer.from(genuine.body.toString('utf8').replace('"REQUESTED"', '"ACCEPTED"'), 'utf8');
    expect(tampered.equals(genuine.body)).toBe(false);
    expect(await post(headers, tampered)).toBe(401);
    // Its signature changed in one digit.
    const signature = headers['tsunagu-signature'];
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`;
    expect(await post({ ...headers, 'tsunagu-signature': flipped }, genuine.body)).toBe(401);
    // Signed with the right secret, but ten minutes ago (a replayed capture).
    const old = Math.floor(Date.now() / 1000) - 600;
    expect(await post(signedHeaders(genuine, old, genuine.body), genuine.body)).toBe(401);
    // The same, signed now, passes: what was refused was the age alone.
    expect(await post(signedHeaders(genuine, Math.floor(Date.now() / 1000), genuine.body), genuine.body)).toBe(204);
    // Without a signature at all.
    expect(await post({ 'content-type': 'application/json' }, genuine.body)).toBe(401);

    expect(partner.webhooks!.rejected - rejectedBefore).toBe(4);
    expect(partner.inbox.get(referralId)?.status).toBe('RECEIVED');
  });
});
