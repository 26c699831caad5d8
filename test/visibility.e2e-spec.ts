import { randomUUID } from 'node:crypto';
import { PERSON_FIELDS_BY_CATEGORY } from '@tsunagu/consent';
import { DataSource } from 'typeorm';
import { createAgency, type TestAgency } from './support/builders.js';
import {
  ALL_CATEGORIES,
  CREATE_REFERRAL,
  dataOf,
  personInput,
  recordConsent,
  referralInput,
  registerPerson,
} from './support/referral-builders.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';

/**
 * What an agency may see of a person, and the traces that leave: masking by data category, NOT_FOUND for
 * agencies that may not know a person or referral exists, the audit log of every disclosure, and input that
 * never reaches the database when malformed.
 */

/** Which Person fields each data category discloses (API.md, Person; person-fields.ts). */
const FIELDS_BY_CATEGORY: Record<string, string[]> = {
  IDENTITY: ['familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'birthDate'],
  CONTACT: ['phone', 'email', 'municipalityCode', 'address'],
  HOUSEHOLD: ['householdNotes'],
  HEALTH_DISABILITY: ['healthDisability'],
  INCOME_DEBT: ['incomeDebt'],
  EMPLOYMENT: ['employment'],
  EDUCATION: ['education'],
  JUSTICE: ['justice'],
  CASE_NOTES: ['caseNotes'],
  SUPPORT_NETWORK: [],
};
const DATA_FIELDS = Object.values(FIELDS_BY_CATEGORY).flat();
const PERSON_SELECTION = `{ id ${DATA_FIELDS.join(' ')} redacted }`;

const PERSON = `query ($id: ID!) { person(id: $id) ${PERSON_SELECTION} }`;
const REFERRAL_PERSON = `query ($id: ID!) { referral(id: $id) { id person ${PERSON_SELECTION} } }`;
const REFERRAL_EVENTS = /* GraphQL */ `
  query ($id: ID!) {
    referral(id: $id) {
      id
      status
      events {
        type
        fromStatus
        toStatus
        note
        actorAgency {
          id
        }
      }
    }
  }
`;
const WITHDRAW = 'mutation ($id: ID!, $reason: String) { withdrawConsent(id: $id, reason: $reason) { id status } }';
const AUDIT_TRAIL = /* GraphQL */ `
  query ($personId: ID!, $first: Int, $after: String) {
    auditTrail(personId: $personId, first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          id
          at
          action
          personId
          agencyId
          keyId
          categories
          basis
          operation
          referralId
          consentId
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

type PersonView = Record<string, unknown> & { id: string; redacted: string[] };

interface AuditEntryView {
  id: string;
  at: string;
  action: string;
  personId: string;
  agencyId: string | null;
  keyId: string | null;
  categories: string[];
  basis: unknown;
  operation: string | null;
  referralId: string | null;
  consentId: string | null;
}

interface AuditPage {
  totalCount: number;
  edges: { cursor: string; node: AuditEntryView }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

function errorOf(response: GraphQLResponse<unknown>) {
  expect(response.body.errors).toHaveLength(1);
  return response.body.errors![0];
}

function expectError(response: GraphQLResponse<unknown>, code: string, extensions: Record<string, unknown> = {}) {
  expect(errorOf(response).extensions).toEqual(expect.objectContaining({ code, ...extensions }));
}

/** The person as registered (personInput) with every field outside `visible` null, and the rest listed redacted. */
function expectMasked(person: PersonView, personId: string, visible: readonly string[]): void {
  const registered = personInput();
  const expected: Record<string, unknown> = {
    id: personId,
    redacted: ALL_CATEGORIES.filter((c) => !visible.includes(c)),
  };
  for (const [category, fields] of Object.entries(FIELDS_BY_CATEGORY)) {
    for (const field of fields) expected[field] = visible.includes(category) ? registered[field] : null;
  }
  expect(person).toEqual(expected);
}

describe('visibility', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  async function createReferral(agency: TestAgency, input: Record<string, unknown>): Promise<string> {
    const response = await t.gql<{ createReferral: { id: string } }>(CREATE_REFERRAL, {
      variables: { input },
      key: agency.key,
    });
    return dataOf(response, 'createReferral').createReferral.id;
  }

  async function act(agency: TestAgency, mutation: string, id: string): Promise<void> {
    dataOf(await t.gql(`mutation ($id: ID!) { ${mutation} { id } }`, { variables: { id }, key: agency.key }), mutation);
  }

  async function personAs(agency: TestAgency, personId: string) {
    return t.gql<{ person: PersonView }>(PERSON, { variables: { id: personId }, key: agency.key });
  }

  async function referralPersonAs(agency: TestAgency | null, referralId: string): Promise<PersonView> {
    const response = await t.gql<{ referral: { person: PersonView } }>(REFERRAL_PERSON, {
      variables: { id: referralId },
      key: agency ? agency.key : t.adminKey,
    });
    return dataOf(response, 'referral').referral.person;
  }

  async function withdraw(agency: TestAgency, consentId: string, reason?: string): Promise<void> {
    dataOf(await t.gql(WITHDRAW, { variables: { id: consentId, reason }, key: agency.key }), 'withdrawConsent');
  }

  describe('masking by data category', () => {
    it('maps every data field of Person to exactly one category, as the API does', async () => {
      const response = await t.gql<{ __type: { fields: { name: string }[] } }>(
        '{ __type(name: "Person") { fields { name } } }',
      );
      const fields = dataOf(response, '__type').__type.fields.map((field) => field.name);
      expect([...fields].sort()).toEqual(['id', 'redacted', ...DATA_FIELDS].sort());
      expect(new Set(DATA_FIELDS).size).toBe(DATA_FIELDS.length);
      expect(Object.keys(FIELDS_BY_CATEGORY)).toEqual([...ALL_CATEGORIES]);
      expect(PERSON_FIELDS_BY_CATEGORY).toEqual(FIELDS_BY_CATEGORY);
    });

    it('shows the recipient only the shared categories that a consent still covers, and masks at once on withdrawal', async () => {
      const sender = await createAgency(t);
      const recipient = await createAgency(t, { sector: 'HOUSING' });
      const personId = await registerPerson(t, sender);
      const broad = await recordConsent(t, sender, {
        personId,
        recipientAgencyId: recipient.id,
        dataCategories: ['IDENTITY', 'CONTACT', 'HOUSEHOLD'],
      });
      const health = await recordConsent(t, sender, {
        personId,
        recipientAgencyId: recipient.id,
        dataCategories: ['HEALTH_DISABILITY'],
      });
      const referralId = await createReferral(
        sender,
        referralInput(personId, recipient.id, {
          sharedCategories: ['HEALTH_DISABILITY', 'IDENTITY', 'HOUSEHOLD'],
          send: true,
        }),
      );

      // The registering agency sees everything; the recipient what was shared (CONTACT was consented, not shared).
      expectMasked(dataOf(await personAs(sender, personId), 'person').person, personId, ALL_CATEGORIES);
      const shared = ['IDENTITY', 'HOUSEHOLD', 'HEALTH_DISABILITY'];
      expectMasked(dataOf(await personAs(recipient, personId), 'person').person, personId, shared);
      expectMasked(await referralPersonAs(recipient, referralId), personId, shared);

      await withdraw(sender, health, '医療情報の共有は望まない');
      expectMasked(dataOf(await personAs(recipient, personId), 'person').person, personId, ['IDENTITY', 'HOUSEHOLD']);
      expectMasked(await referralPersonAs(recipient, referralId), personId, ['IDENTITY', 'HOUSEHOLD']);

      await withdraw(sender, broad);
      expectError(await personAs(recipient, personId), 'NOT_FOUND');
      expectMasked(await referralPersonAs(recipient, referralId), personId, []);
      expectMasked(dataOf(await personAs(sender, personId), 'person').person, personId, ALL_CATEGORIES);
    });

    it('shows what was shared under a support meeting only while both agencies are members', async () => {
      const sender = await createAgency(t);
      const recipient = await createAgency(t, { sector: 'HOUSING' });
      const other = await createAgency(t, { sector: 'DEBT' });
      const personId = await registerPerson(t, sender);
      const meeting = await t.gql<{ createSupportMeeting: { id: string } }>(
        'mutation ($input: CreateSupportMeetingInput!) { createSupportMeeting(input: $input) { id } }',
        {
          variables: {
            input: {
              kind: 'SUPPORT_MEETING',
              name: '中川区支援会議',
              municipalityCode: '231100',
              memberAgencyIds: [sender.id, recipient.id, other.id],
            },
          },
        },
      );
      const meetingId = dataOf(meeting, 'createSupportMeeting').createSupportMeeting.id;
      const referralId = await createReferral(
        sender,
        referralInput(personId, recipient.id, {
          sharedCategories: ['IDENTITY', 'INCOME_DEBT'],
          legalBasis: 'SUPPORT_MEETING',
          legalBasisRef: meetingId,
          send: true,
        }),
      );
      expectMasked(await referralPersonAs(recipient, referralId), personId, ['IDENTITY', 'INCOME_DEBT']);

      dataOf(
        await t.gql(
          'mutation ($id: ID!, $members: [ID!]!) { setSupportMeetingMembers(id: $id, memberAgencyIds: $members) { id } }',
          {
            variables: { id: meetingId, members: [sender.id, other.id] },
          },
        ),
        'setSupportMeetingMembers',
      );
      expectMasked(await referralPersonAs(recipient, referralId), personId, []);
      expectError(await personAs(recipient, personId), 'NOT_FOUND');
    });

    it('records CONSENT_WITHDRAWN on every open referral that relied on the consent, and on no other', async () => {
      const sender = await createAgency(t);
      const recipient = await createAgency(t, { sector: 'HOUSING' });
      const personId = await registerPerson(t, sender);
      const consentId = await recordConsent(t, sender, {
        personId,
        recipientAgencyId: recipient.id,
        dataCategories: ['IDENTITY', 'CONTACT'],
      });
      const otherConsent = await recordConsent(t, sender, {
        personId,
        recipientAgencyId: recipient.id,
        dataCategories: ['EMPLOYMENT'],
      });
      const send = (sharedCategories: string[], extra: Record<string, unknown> = {}) =>
        createReferral(sender, referralInput(personId, recipient.id, { sharedCategories, send: true, ...extra }));

      const requested = await send(['IDENTITY']);
      const inProgress = await send(['CONTACT']);
      await act(recipient, 'acceptReferral(id: $id)', inProgress);
      await act(recipient, 'startReferral(id: $id)', inProgress);
      const completed = await send(['IDENTITY']);
      await act(recipient, 'acceptReferral(id: $id)', completed);
      await act(recipient, 'startReferral(id: $id)', completed);
      await act(recipient, 'completeReferral(id: $id, outcome: "住居確保")', completed);
      const declined = await send(['IDENTITY']);
      await act(recipient, 'declineReferral(id: $id, reason: NO_CAPACITY)', declined);
      const draft = await createReferral(
        sender,
        referralInput(personId, recipient.id, { sharedCategories: ['IDENTITY'] }),
      );
      const unrelated = await send(['EMPLOYMENT']);

      await withdraw(sender, consentId, '本人の申し出');

      const eventsOf = async (id: string) => {
        const response = await t.gql<{
          referral: {
            status: string;
            events: { type: string; note: string | null; actorAgency: { id: string } | null }[];
          };
        }>(REFERRAL_EVENTS, { variables: { id }, key: sender.key });
        return dataOf(response, 'referral').referral;
      };
      for (const [id, status] of [
        [requested, 'REQUESTED'],
        [inProgress, 'IN_PROGRESS'],
      ]) {
        const referral = await eventsOf(id);
        expect(referral.status).toBe(status);
        const withdrawn = referral.events.filter((event) => event.type === 'CONSENT_WITHDRAWN');
        expect(withdrawn).toEqual([
          expect.objectContaining({ fromStatus: null, toStatus: null, actorAgency: { id: sender.id } }),
        ]);
        expect(withdrawn[0].note).toContain(consentId);
        // The reason stays on the withdrawal record; the referral's history (which the recipient reads) never has it.
        expect(withdrawn[0].note).not.toContain('本人の申し出');
      }
      for (const id of [completed, declined, draft, unrelated]) {
        const referral = await eventsOf(id);
        expect(referral.events.map((event) => event.type)).not.toContain('CONSENT_WITHDRAWN');
      }
      expect(otherConsent).not.toBe(consentId);
    });
  });

  describe('an agency with no part in the case', () => {
    let sender: TestAgency;
    let recipient: TestAgency;
    let stranger: TestAgency;
    let personId: string;
    let consentId: string;
    let referralId: string;

    beforeAll(async () => {
      sender = await createAgency(t);
      recipient = await createAgency(t, { sector: 'HOUSING' });
      stranger = await createAgency(t, { sector: 'HOUSING' });
      personId = await registerPerson(t, sender);
      consentId = await recordConsent(t, sender, {
        personId,
        recipientAgencyId: recipient.id,
        dataCategories: ['IDENTITY', 'CONTACT'],
      });
      referralId = await createReferral(sender, referralInput(personId, recipient.id, { send: true }));
    });

    /** Every row the case has, to show that nothing the stranger tried changed any of it. */
    async function caseState() {
      return {
        referrals: await db.query('SELECT id, status, version, updated_at FROM referral WHERE person_id = $1', [
          personId,
        ]),
        events: await db.query(
          'SELECT count(*)::int AS n FROM referral_event WHERE referral_id IN (SELECT id FROM referral WHERE person_id = $1)',
          [personId],
        ),
        messages: await db.query(
          'SELECT count(*)::int AS n FROM referral_message WHERE referral_id IN (SELECT id FROM referral WHERE person_id = $1)',
          [personId],
        ),
        consents: await db.query('SELECT id FROM consent WHERE person_id = $1', [personId]),
        withdrawals: await db.query(
          'SELECT count(*)::int AS n FROM consent_withdrawal WHERE consent_id IN (SELECT id FROM consent WHERE person_id = $1)',
          [personId],
        ),
      };
    }

    type Ids = { personId: string; referralId: string; consentId: string };

    const OPERATIONS: [string, string, (ids: Ids) => Record<string, unknown>][] = [
      ['person(id)', 'query ($id: ID!) { person(id: $id) { id } }', (ids) => ({ id: ids.personId })],
      ['consents(personId)', 'query ($id: ID!) { consents(personId: $id) { id } }', (ids) => ({ id: ids.personId })],
      [
        'auditTrail(personId)',
        'query ($id: ID!) { auditTrail(personId: $id) { totalCount } }',
        (ids) => ({ id: ids.personId }),
      ],
      ['referral(id)', 'query ($id: ID!) { referral(id: $id) { id } }', (ids) => ({ id: ids.referralId })],
      ['sendReferral', 'mutation ($id: ID!) { sendReferral(id: $id) { id } }', (ids) => ({ id: ids.referralId })],
      [
        'cancelReferral',
        'mutation ($id: ID!) { cancelReferral(id: $id, reason: "不要") { id } }',
        (ids) => ({ id: ids.referralId }),
      ],
      [
        'forwardReferral',
        'mutation ($id: ID!, $to: ID!) { forwardReferral(id: $id, toAgencyId: $to) { id } }',
        (ids) => ({ id: ids.referralId, to: recipient.id }),
      ],
      [
        'acknowledgeReferral',
        'mutation ($id: ID!) { acknowledgeReferral(id: $id) { id } }',
        (ids) => ({ id: ids.referralId }),
      ],
      ['acceptReferral', 'mutation ($id: ID!) { acceptReferral(id: $id) { id } }', (ids) => ({ id: ids.referralId })],
      [
        'declineReferral',
        'mutation ($id: ID!) { declineReferral(id: $id, reason: OTHER) { id } }',
        (ids) => ({ id: ids.referralId }),
      ],
      ['startReferral', 'mutation ($id: ID!) { startReferral(id: $id) { id } }', (ids) => ({ id: ids.referralId })],
      [
        'holdReferral',
        'mutation ($id: ID!) { holdReferral(id: $id, note: "保留") { id } }',
        (ids) => ({ id: ids.referralId }),
      ],
      [
        'completeReferral',
        'mutation ($id: ID!) { completeReferral(id: $id, outcome: "完了") { id } }',
        (ids) => ({ id: ids.referralId }),
      ],
      [
        'failReferral',
        'mutation ($id: ID!) { failReferral(id: $id, reason: "中断") { id } }',
        (ids) => ({ id: ids.referralId }),
      ],
      [
        'postReferralMessage',
        'mutation ($id: ID!) { postReferralMessage(referralId: $id, body: "こんにちは") { id } }',
        (ids) => ({ id: ids.referralId }),
      ],
      ['withdrawConsent', 'mutation ($id: ID!) { withdrawConsent(id: $id) { id } }', (ids) => ({ id: ids.consentId })],
      [
        'recordConsent (for the person)',
        'mutation ($input: RecordConsentInput!) { recordConsent(input: $input) { id } }',
        (ids) => ({
          input: {
            personId: ids.personId,
            recipientAgencyId: stranger.id,
            purposes: ['REFERRAL'],
            dataCategories: ['IDENTITY'],
            method: 'WRITTEN',
          },
        }),
      ],
      [
        'createReferral (for the person)',
        'mutation ($input: CreateReferralInput!) { createReferral(input: $input) { id } }',
        (ids) => ({ input: referralInput(ids.personId, recipient.id, { send: true }) }),
      ],
    ];

    it.each(OPERATIONS)(
      '%s is NOT_FOUND, word for word as for an id that does not exist, and changes nothing',
      async (_name, query, variables) => {
        const before = await caseState();
        const real = await t.gql(query, {
          variables: variables({ personId, referralId, consentId }),
          key: stranger.key,
        });
        const fake = { personId: randomUUID(), referralId: randomUUID(), consentId: randomUUID() };
        const unknown = await t.gql(query, { variables: variables(fake), key: stranger.key });

        expectError(real, 'NOT_FOUND');
        expect(real.body.data ?? null).toEqual(unknown.body.data ?? null);
        const asUnknown = JSON.stringify(errorOf(real))
          .replaceAll(personId, fake.personId)
          .replaceAll(referralId, fake.referralId)
          .replaceAll(consentId, fake.consentId);
        expect(JSON.parse(asUnknown)).toEqual(errorOf(unknown));
        expect(await caseState()).toEqual(before);
      },
    );

    it('does not find the referral in any of its referral lists', async () => {
      for (const filter of [null, { box: 'INBOX' }, { box: 'OUTBOX' }, { personId }]) {
        const response = await t.gql<{ referrals: { totalCount: number; edges: { node: { id: string } }[] } }>(
          'query ($filter: ReferralFilter) { referrals(filter: $filter, first: 100) { totalCount edges { node { id } } } }',
          { variables: { filter }, key: stranger.key },
        );
        expect(dataOf(response, 'referrals').referrals).toEqual({ totalCount: 0, edges: [] });
      }
    });

    it('leaves the recipient of a draft unaware of it', async () => {
      const draft = await createReferral(sender, referralInput(personId, recipient.id));
      const asRecipient = await t.gql('query ($id: ID!) { referral(id: $id) { id } }', {
        variables: { id: draft },
        key: recipient.key,
      });
      const unknown = await t.gql('query ($id: ID!) { referral(id: $id) { id } }', {
        variables: { id: randomUUID() },
        key: recipient.key,
      });
      expectError(asRecipient, 'NOT_FOUND');
      expect(errorOf(asRecipient).message).toBe(errorOf(unknown).message);
      expectError(
        await t.gql('mutation ($id: ID!) { acknowledgeReferral(id: $id) { id } }', {
          variables: { id: draft },
          key: recipient.key,
        }),
        'NOT_FOUND',
      );
      const inbox = await t.gql<{ referrals: { edges: { node: { id: string } }[] } }>(
        '{ referrals(filter: { box: INBOX }, first: 100) { edges { node { id } } } }',
        { key: recipient.key },
      );
      expect(dataOf(inbox, 'referrals').referrals.edges.map((edge) => edge.node.id)).not.toContain(draft);
    });
  });

  describe('audit log', () => {
    async function keyIdOf(agency: TestAgency): Promise<string> {
      const [row] = await db.query<{ id: string }[]>('SELECT id FROM api_key WHERE agency_id = $1', [agency.id]);
      return row.id;
    }

    async function auditRows(personId: string) {
      return db.query<
        {
          id: string;
          action: string;
          agency_id: string | null;
          key_id: string | null;
          categories: string[];
          basis: unknown;
          operation: string | null;
        }[]
      >(
        'SELECT id, action, agency_id, key_id, categories, basis, operation FROM audit_log WHERE person_id = $1 ORDER BY id',
        [personId],
      );
    }

    async function trail(personId: string, key: string, first?: number, after?: string | null) {
      return t.gql<{ auditTrail: AuditPage }>(AUDIT_TRAIL, { variables: { personId, first, after }, key });
    }

    async function sharedCase() {
      const sender = await createAgency(t);
      const recipient = await createAgency(t, { sector: 'HOUSING' });
      const personId = await registerPerson(t, sender);
      const consentId = await recordConsent(t, sender, {
        personId,
        recipientAgencyId: recipient.id,
        dataCategories: ['IDENTITY', 'CONTACT', 'JUSTICE'],
      });
      const referralId = await createReferral(sender, referralInput(personId, recipient.id, { send: true }));
      return { sender, recipient, personId, consentId, referralId };
    }

    it('logs a read of person(id) by the registering agency: all categories, agency, key, basis, operation', async () => {
      const { sender, personId } = await sharedCase();
      const before = await auditRows(personId);
      dataOf(await personAs(sender, personId), 'person');
      const added = (await auditRows(personId)).slice(before.length);
      expect(added).toEqual([
        expect.objectContaining({
          action: 'PERSON_READ',
          agency_id: sender.id,
          key_id: await keyIdOf(sender),
          categories: [...ALL_CATEGORIES],
          basis: [{ kind: 'REGISTRANT' }],
          operation: 'person',
        }),
      ]);
    });

    it('logs a read of referral { person } by the recipient: the categories disclosed and the referral they came by', async () => {
      const { recipient, personId, referralId } = await sharedCase();
      const before = await auditRows(personId);
      expectMasked(await referralPersonAs(recipient, referralId), personId, ['IDENTITY', 'CONTACT']);
      const added = (await auditRows(personId)).slice(before.length);
      expect(added).toEqual([
        expect.objectContaining({
          action: 'PERSON_READ',
          agency_id: recipient.id,
          key_id: await keyIdOf(recipient),
          categories: ['IDENTITY', 'CONTACT'],
          basis: [{ kind: 'REFERRAL', referralId, legalBasis: 'CONSENT', categories: ['IDENTITY', 'CONTACT'] }],
          operation: 'referral.person',
        }),
      ]);
    });

    it('logs nothing for a read that discloses nothing of the person', async () => {
      const { sender, recipient, personId, consentId, referralId } = await sharedCase();
      const before = await auditRows(personId);

      // A referral read without the person or its free text discloses nothing.
      dataOf(
        await t.gql('query ($id: ID!) { referral(id: $id) { id status } }', {
          variables: { id: referralId },
          key: recipient.key,
        }),
        'referral',
      );
      expect(await auditRows(personId)).toEqual(before);

      await withdraw(sender, consentId);
      const afterWithdrawal = await auditRows(personId);
      expectMasked(await referralPersonAs(recipient, referralId), personId, []);
      expectError(await personAs(recipient, personId), 'NOT_FOUND');
      const added = (await auditRows(personId)).slice(afterWithdrawal.length);
      expect(added).toEqual([]);
    });

    it('lists the trail newest first, page by page, for the registering agency and the hub admin', async () => {
      const { sender, recipient, personId, referralId } = await sharedCase();
      dataOf(await personAs(sender, personId), 'person');
      await referralPersonAs(recipient, referralId);
      dataOf(await personAs(recipient, personId), 'person');
      const rows = await auditRows(personId);
      expect(rows.map((row) => row.action)).toEqual([
        'PERSON_REGISTERED',
        'CONSENT_RECORDED',
        'DATA_SHARED',
        'PERSON_READ',
        'PERSON_READ',
        'PERSON_READ',
      ]);

      for (const key of [sender.key, t.adminKey]) {
        const all = dataOf(await trail(personId, key, 100), 'auditTrail').auditTrail;
        expect(all.totalCount).toBe(rows.length);
        expect(all.pageInfo.hasNextPage).toBe(false);
        expect(all.edges.map((edge) => edge.node.id)).toEqual(rows.map((row) => row.id).reverse());
        expect(all.edges[0].node).toEqual(
          expect.objectContaining({
            action: 'PERSON_READ',
            personId,
            agencyId: recipient.id,
            categories: ['IDENTITY', 'CONTACT'],
            operation: 'person',
          }),
        );
        expect(all.edges.at(-1)!.node).toEqual(
          expect.objectContaining({ action: 'PERSON_REGISTERED', agencyId: sender.id, operation: 'registerPerson' }),
        );

        const paged: string[] = [];
        let after: string | null = null;
        for (let page = 0; page < 10; page += 1) {
          const current: AuditPage = dataOf(await trail(personId, key, 2, after), 'auditTrail').auditTrail;
          expect(current.totalCount).toBe(rows.length);
          expect(current.edges.length).toBeLessThanOrEqual(2);
          paged.push(...current.edges.map((edge) => edge.node.id));
          if (!current.pageInfo.hasNextPage) break;
          after = current.pageInfo.endCursor;
        }
        expect(paged).toEqual(all.edges.map((edge) => edge.node.id));
      }
    });

    it('refuses the trail to anyone else as NOT_FOUND, even the recipient that may see the person', async () => {
      const { recipient, personId } = await sharedCase();
      const stranger = await createAgency(t);
      dataOf(await personAs(recipient, personId), 'person');
      expectError(await trail(personId, recipient.key), 'NOT_FOUND');
      expectError(await trail(personId, stranger.key), 'NOT_FOUND');
      expect(errorOf(await trail(personId, recipient.key)).message).toBe(
        errorOf(await trail(randomUUID(), recipient.key)).message,
      );
    });
  });

  describe('malformed input', () => {
    let sender: TestAgency;
    let recipient: TestAgency;
    let personId: string;
    let referralId: string;

    beforeAll(async () => {
      sender = await createAgency(t);
      recipient = await createAgency(t, { sector: 'HOUSING' });
      personId = await registerPerson(t, sender);
      await recordConsent(t, sender, {
        personId,
        recipientAgencyId: recipient.id,
        dataCategories: [...ALL_CATEGORIES],
      });
      referralId = await createReferral(sender, referralInput(personId, recipient.id, { send: true }));
    });

    /** Every row the two agencies have: nothing malformed may add to or change any of it. */
    async function agencyState() {
      const ids = [sender.id, recipient.id];
      const count = async (sql: string) => (await db.query<{ n: number }[]>(sql, [ids]))[0].n;
      return {
        persons: await count('SELECT count(*)::int AS n FROM person WHERE registered_by_agency_id = ANY($1)'),
        referrals: await db.query(
          'SELECT id, status, version, updated_at FROM referral WHERE from_agency_id = ANY($1) OR to_agency_id = ANY($1) ORDER BY id',
          [ids],
        ),
        events: await count(
          'SELECT count(*)::int AS n FROM referral_event e JOIN referral r ON r.id = e.referral_id WHERE r.from_agency_id = ANY($1)',
        ),
        messages: await count(
          'SELECT count(*)::int AS n FROM referral_message m JOIN referral r ON r.id = m.referral_id WHERE r.from_agency_id = ANY($1)',
        ),
        consents: await count('SELECT count(*)::int AS n FROM consent WHERE recorded_by_agency_id = ANY($1)'),
        withdrawals: await count(
          'SELECT count(*)::int AS n FROM consent_withdrawal WHERE recorded_by_agency_id = ANY($1)',
        ),
      };
    }

    async function expectRefused(
      query: string,
      variables: Record<string, unknown>,
      extensions: Record<string, unknown>,
      agency: TestAgency = sender,
    ): Promise<void> {
      const before = await agencyState();
      expectError(await t.gql(query, { variables, key: agency.key }), 'BAD_USER_INPUT', extensions);
      expect(await agencyState()).toEqual(before);
    }

    const BAD_ID = 'not-a-uuid';
    const REGISTER = 'mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }';
    const RECORD = 'mutation ($input: RecordConsentInput!) { recordConsent(input: $input) { id } }';
    const CREATE = 'mutation ($input: CreateReferralInput!) { createReferral(input: $input) { id } }';

    it.each<[string, string, (ids: { personId: string; referralId: string }) => Record<string, unknown>, string]>([
      ['person(id)', 'query ($id: ID!) { person(id: $id) { id } }', () => ({ id: BAD_ID }), 'id'],
      ['consents(personId)', 'query ($id: ID!) { consents(personId: $id) { id } }', () => ({ id: BAD_ID }), 'personId'],
      [
        'auditTrail(personId)',
        'query ($id: ID!) { auditTrail(personId: $id) { totalCount } }',
        () => ({ id: BAD_ID }),
        'personId',
      ],
      ['referral(id)', 'query ($id: ID!) { referral(id: $id) { id } }', () => ({ id: BAD_ID }), 'id'],
      [
        'referrals(filter.personId)',
        'query ($id: ID!) { referrals(filter: { personId: $id }) { totalCount } }',
        () => ({ id: BAD_ID }),
        'filter.personId',
      ],
      ['sendReferral(id)', 'mutation ($id: ID!) { sendReferral(id: $id) { id } }', () => ({ id: BAD_ID }), 'id'],
      [
        'cancelReferral(id)',
        'mutation ($id: ID!) { cancelReferral(id: $id, reason: "不要") { id } }',
        () => ({ id: BAD_ID }),
        'id',
      ],
      [
        'forwardReferral(id)',
        'mutation ($id: ID!, $to: ID!) { forwardReferral(id: $id, toAgencyId: $to) { id } }',
        () => ({ id: BAD_ID, to: recipient.id }),
        'id',
      ],
      [
        'forwardReferral(toAgencyId)',
        'mutation ($id: ID!, $to: ID!) { forwardReferral(id: $id, toAgencyId: $to) { id } }',
        (ids) => ({ id: ids.referralId, to: BAD_ID }),
        'toAgencyId',
      ],
      [
        'acknowledgeReferral(id)',
        'mutation ($id: ID!) { acknowledgeReferral(id: $id) { id } }',
        () => ({ id: BAD_ID }),
        'id',
      ],
      ['acceptReferral(id)', 'mutation ($id: ID!) { acceptReferral(id: $id) { id } }', () => ({ id: BAD_ID }), 'id'],
      [
        'declineReferral(id)',
        'mutation ($id: ID!) { declineReferral(id: $id, reason: OTHER) { id } }',
        () => ({ id: BAD_ID }),
        'id',
      ],
      ['startReferral(id)', 'mutation ($id: ID!) { startReferral(id: $id) { id } }', () => ({ id: BAD_ID }), 'id'],
      [
        'holdReferral(id)',
        'mutation ($id: ID!) { holdReferral(id: $id, note: "保留") { id } }',
        () => ({ id: BAD_ID }),
        'id',
      ],
      [
        'completeReferral(id)',
        'mutation ($id: ID!) { completeReferral(id: $id, outcome: "完了") { id } }',
        () => ({ id: BAD_ID }),
        'id',
      ],
      [
        'failReferral(id)',
        'mutation ($id: ID!) { failReferral(id: $id, reason: "中断") { id } }',
        () => ({ id: BAD_ID }),
        'id',
      ],
      [
        'postReferralMessage(referralId)',
        'mutation ($id: ID!) { postReferralMessage(referralId: $id, body: "連絡") { id } }',
        () => ({ id: BAD_ID }),
        'referralId',
      ],
      ['withdrawConsent(id)', 'mutation ($id: ID!) { withdrawConsent(id: $id) { id } }', () => ({ id: BAD_ID }), 'id'],
      [
        'recordConsent(input.personId)',
        RECORD,
        () => ({
          input: {
            personId: BAD_ID,
            recipientAgencyId: recipient.id,
            purposes: ['REFERRAL'],
            dataCategories: ['IDENTITY'],
            method: 'WRITTEN',
          },
        }),
        'input.personId',
      ],
      [
        'recordConsent(input.recipientAgencyId)',
        RECORD,
        (ids) => ({
          input: {
            personId: ids.personId,
            recipientAgencyId: BAD_ID,
            purposes: ['REFERRAL'],
            dataCategories: ['IDENTITY'],
            method: 'WRITTEN',
          },
        }),
        'input.recipientAgencyId',
      ],
      [
        'createReferral(input.personId)',
        CREATE,
        () => ({ input: referralInput(BAD_ID, recipient.id) }),
        'input.personId',
      ],
      [
        'createReferral(input.toAgencyId)',
        CREATE,
        (ids) => ({ input: referralInput(ids.personId, BAD_ID) }),
        'input.toAgencyId',
      ],
      [
        'createReferral(input.legalBasisRef)',
        CREATE,
        (ids) => ({
          input: referralInput(ids.personId, recipient.id, { legalBasis: 'SUPPORT_MEETING', legalBasisRef: BAD_ID }),
        }),
        'input.legalBasisRef',
      ],
    ])(
      'refuses a malformed id in %s as BAD_USER_INPUT naming it, nothing changed',
      async (_name, query, variables, field) => {
        await expectRefused(query, variables({ personId, referralId }), { field });
      },
    );

    it.each<[string, Record<string, unknown>, string, Record<string, unknown>]>([
      [
        'a familyName over 100 characters',
        { familyName: '山'.repeat(101) },
        'input.familyName',
        { constraint: 'maxLength' },
      ],
      ['a birthDate that does not exist (2026-02-30)', { birthDate: '2026-02-30' }, 'input.birthDate', {}],
      ['a birthDate without dashes (19800401)', { birthDate: '19800401' }, 'input.birthDate', {}],
      ['a familyNameKana that is not kana', { familyNameKana: 'Yamada' }, 'input.familyNameKana', {}],
      [
        'an unknown municipality code (231101)',
        { municipalityCode: '231101' },
        'input.municipalityCode',
        { reason: 'UNKNOWN_MUNICIPALITY' },
      ],
    ])(
      'refuses registerPerson with %s as BAD_USER_INPUT naming it, nothing stored',
      async (_case, overrides, field, details) => {
        await expectRefused(REGISTER, { input: personInput(overrides) }, { field, ...details });
      },
    );

    it.each<[string, Record<string, unknown>, string, Record<string, unknown>]>([
      ['a summary over 4000 characters', { summary: 'あ'.repeat(4001) }, 'input.summary', { constraint: 'maxLength' }],
      ['an unknown urgency', { urgency: 'SOON' }, 'input.urgency', {}],
      ['an unknown legal basis', { legalBasis: 'HUNCH' }, 'input.legalBasis', {}],
      ['an unknown shared category', { sharedCategories: ['IDENTITY', 'DNA'] }, 'input.sharedCategories.1', {}],
      [
        'an unknown need category',
        { needCategories: ['HOUSING', 'ASTROLOGY'] },
        'input.needCategories.1',
        { reason: 'UNKNOWN_NEED_CATEGORY' },
      ],
    ])(
      'refuses createReferral with %s as BAD_USER_INPUT naming it, nothing stored',
      async (_case, overrides, field, details) => {
        for (const send of [false, true]) {
          await expectRefused(
            CREATE,
            { input: referralInput(personId, recipient.id, { ...overrides, send }) },
            { field, ...details },
          );
        }
      },
    );

    it('refuses recordConsent with an unknown purpose as BAD_USER_INPUT naming it, nothing stored', async () => {
      const input = {
        personId,
        recipientAgencyId: recipient.id,
        purposes: ['REFERRAL', 'MARKETING'],
        dataCategories: ['IDENTITY'],
        method: 'WRITTEN',
      };
      await expectRefused(RECORD, { input }, { field: 'input.purposes.1' });
    });
  });
});
