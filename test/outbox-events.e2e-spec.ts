import { type Urgency } from '@tsunagu/directory';
import { ReferralEventType, ReferralStatus, referralEventPayload } from '@tsunagu/referrals';
import { DataSource } from 'typeorm';
import { createAgency, type TestAgency } from './support/builders.js';
import { CREATE_REFERRAL, consentedPair, dataOf, referralInput } from './support/referral-builders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Messages and consent withdrawals are events too: each writes its outbox row in the transaction of the change,
 * for the agencies concerned, with ids only (never a message body or a withdrawal reason). A status change
 * builds its outbox payload in SQL, in the statement of the change: it must be the payload the rest of the
 * code makes.
 */
interface OutboxRow {
  id: string;
  type: string;
  aggregate_id: string;
  agency_ids: string[];
  payload: Record<string, unknown>;
}

const POST_MESSAGE = /* GraphQL */ `
  mutation ($referralId: ID!, $body: String!) {
    postReferralMessage(referralId: $referralId, body: $body) {
      id
    }
  }
`;
const WITHDRAW = 'mutation ($id: ID!, $reason: String) { withdrawConsent(id: $id, reason: $reason) { id status } }';

describe('outbox events of messages and consent withdrawals', () => {
  let t: TestApp;
  let sender: TestAgency;
  let recipient: TestAgency;

  beforeAll(async () => {
    t = await startTestApp();
    sender = await createAgency(t);
    recipient = await createAgency(t, { sector: 'HOUSING' });
  });
  afterAll(() => t.close());

  async function outbox(aggregateId: string, type: string): Promise<OutboxRow[]> {
    return t.app
      .get(DataSource)
      .query<OutboxRow[]>(
        `SELECT "id", "type", "aggregate_id", "agency_ids", "payload" FROM "outbox_event" WHERE "aggregate_id" = $1 AND "type" = $2 ORDER BY "seq"`,
        [aggregateId, type],
      );
  }

  async function referral(send: boolean): Promise<string> {
    const { personId } = await consentedPair(t, sender, recipient);
    const response = await t.gql<{ createReferral: { id: string } }>(CREATE_REFERRAL, {
      variables: { input: referralInput(personId, recipient.id, { send }) },
      key: sender.key,
    });
    return dataOf(response, 'createReferral').createReferral.id;
  }

  it('tells both agencies of a message on a sent referral, with the message id and not its body', async () => {
    const referralId = await referral(true);
    const body = '明日の面談に本人の母も同席します';
    const posted = dataOf(
      await t.gql<{ postReferralMessage: { id: string } }>(POST_MESSAGE, {
        variables: { referralId, body },
        key: recipient.key,
      }),
      'postReferralMessage',
    ).postReferralMessage;

    const rows = await outbox(referralId, 'referral.message_posted');
    expect(rows).toHaveLength(1);
    expect(rows[0].agency_ids.sort()).toEqual([sender.id, recipient.id].sort());
    expect(rows[0].payload).toMatchObject({
      eventId: rows[0].id,
      type: 'referral.message_posted',
      referralId,
      messageId: posted.id,
      actorAgencyId: recipient.id,
      fromAgencyId: sender.id,
      toAgencyId: recipient.id,
    });
    expect(JSON.stringify(rows[0].payload)).not.toContain(body);
  });

  it('tells only the sender of a message on its draft (the recipient has not been sent it)', async () => {
    const referralId = await referral(false);
    dataOf(await t.gql(POST_MESSAGE, { variables: { referralId, body: '下書きのメモ' }, key: sender.key }), 'post');
    const rows = await outbox(referralId, 'referral.message_posted');
    expect(rows.map((row) => row.agency_ids)).toEqual([[sender.id]]);
  });

  it('writes no event for a message that is refused', async () => {
    const referralId = await referral(false);
    const stranger = await createAgency(t);
    const refused = await t.gql(POST_MESSAGE, { variables: { referralId, body: 'x' }, key: stranger.key });
    expect(refused.body.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect(await outbox(referralId, 'referral.message_posted')).toEqual([]);
  });

  it('tells the registering and the named recipient agency of a withdrawal once, without the reason', async () => {
    const { consentId } = await consentedPair(t, sender, recipient);
    const reason = '本人が家族に知られたくないと申し出';
    dataOf(await t.gql(WITHDRAW, { variables: { id: consentId, reason }, key: sender.key }), 'withdrawConsent');
    dataOf(await t.gql(WITHDRAW, { variables: { id: consentId, reason }, key: sender.key }), 'withdrawConsent again');

    const rows = await outbox(consentId, 'consent.withdrawn');
    expect(rows).toHaveLength(1);
    expect(rows[0].agency_ids.sort()).toEqual([sender.id, recipient.id].sort());
    expect(rows[0].payload).toMatchObject({
      eventId: rows[0].id,
      type: 'consent.withdrawn',
      consentId,
      recipientAgencyId: recipient.id,
      withdrawnByAgencyId: sender.id,
    });
    expect(JSON.stringify(rows[0].payload)).not.toContain(reason);
  });

  it('a status change tells the agencies what referralEventPayload says: accepted unacknowledged, a draft cancelled', async () => {
    const sent = await referral(true);
    dataOf(
      await t.gql('mutation ($id: ID!) { acceptReferral(id: $id) { id } }', {
        variables: { id: sent },
        key: recipient.key,
      }),
      'accept',
    );
    const draft = await referral(false);
    dataOf(
      await t.gql('mutation ($id: ID!, $reason: String!) { cancelReferral(id: $id, reason: $reason) { id } }', {
        variables: { id: draft, reason: '本人の希望で取り下げ' },
        key: sender.key,
      }),
      'cancel',
    );
    const cases = [
      {
        id: sent,
        type: ReferralEventType.ACCEPTED,
        from: ReferralStatus.REQUESTED,
        to: ReferralStatus.ACCEPTED,
        actor: recipient.id,
        agencies: [sender.id, recipient.id],
      },
      {
        id: draft,
        type: ReferralEventType.CANCELLED,
        from: ReferralStatus.DRAFT,
        to: ReferralStatus.CANCELLED,
        actor: sender.id,
        agencies: [sender.id],
      },
    ];
    const dataSource = t.app.get(DataSource);
    for (const expected of cases) {
      const rows = await outbox(expected.id, `referral.${expected.type.toLowerCase()}`);
      expect(rows).toHaveLength(1);
      expect(rows[0].agency_ids.sort()).toEqual(expected.agencies.sort());
      const [event] = await dataSource.query<{ at: Date; from_status: string; to_status: string }[]>(
        'SELECT "at", "from_status", "to_status" FROM "referral_event" WHERE "id" = $1',
        [rows[0].id],
      );
      expect([event.from_status, event.to_status]).toEqual([expected.from, expected.to]);
      const [referralRow] = await dataSource.query<
        { from_agency_id: string; to_agency_id: string; urgency: Urgency }[]
      >('SELECT "from_agency_id", "to_agency_id", "urgency" FROM "referral" WHERE "id" = $1', [expected.id]);
      expect(rows[0].payload).toEqual(
        referralEventPayload(
          rows[0].id,
          expected.type,
          {
            id: expected.id,
            fromAgencyId: referralRow.from_agency_id,
            toAgencyId: referralRow.to_agency_id,
            urgency: referralRow.urgency,
          },
          expected.from,
          expected.to,
          expected.actor,
          event.at,
        ),
      );
    }
  });
});
