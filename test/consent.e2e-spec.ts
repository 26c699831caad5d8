import { randomUUID } from 'node:crypto';
import { FixedClock } from '@tsunagu/platform';
import { DataSource } from 'typeorm';
import { createAgency, type TestAgency } from './support/builders.js';
import {
  ALL_CATEGORIES,
  consentedPair,
  dataOf,
  recordConsent,
  referralInput,
  registerPerson,
} from './support/referral-builders.js';
import { ownerUrl } from './setup/test-database.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';

/**
 * The consent gate (個人情報保護法 第27条): a person's data leaves the sender only under a covering consent or a
 * named legal basis. Every refusal is CONSENT_REQUIRED with a machine-readable `missing`, and changes nothing.
 * Consents themselves are append-only records.
 */

const REFERRAL_FIELDS = 'id status version legalBasis legalBasisRef reviewRequired';
const CREATE = `mutation ($input: CreateReferralInput!) { createReferral(input: $input) { ${REFERRAL_FIELDS} } }`;
const SEND = `mutation ($id: ID!) { sendReferral(id: $id) { ${REFERRAL_FIELDS} } }`;
const DECLINE = 'mutation ($id: ID!) { declineReferral(id: $id, reason: NO_CAPACITY) { id status } }';
const FORWARD = `mutation ($id: ID!, $to: ID!) {
  forwardReferral(id: $id, toAgencyId: $to) { ${REFERRAL_FIELDS} forwardedFrom { id } }
}`;
const CONSENT_FIELDS = `id personId status recipientAgencyId recipientSector purposes dataCategories method
  evidenceRef obtainedAt expiresAt recordedByAgencyId withdrawnAt withdrawalReason`;
const RECORD_CONSENT = `mutation ($input: RecordConsentInput!) { recordConsent(input: $input) { ${CONSENT_FIELDS} } }`;
const WITHDRAW = `mutation ($id: ID!, $reason: String) { withdrawConsent(id: $id, reason: $reason) { ${CONSENT_FIELDS} } }`;
const CONSENTS = `query ($personId: ID!) { consents(personId: $personId) { ${CONSENT_FIELDS} } }`;
const PERSON = 'query ($id: ID!) { person(id: $id) { id familyName phone healthDisability redacted } }';
const CREATE_MEETING = /* GraphQL */ `
  mutation ($input: CreateSupportMeetingInput!) {
    createSupportMeeting(input: $input) {
      id
      kind
      memberAgencyIds
    }
  }
`;
const REVIEW_LIST = /* GraphQL */ `
  query {
    referrals(filter: { reviewRequired: true }, first: 100) {
      edges {
        node {
          id
          legalBasis
          justification
          reviewRequired
          person {
            id
            familyName
            givenName
            familyNameKana
            givenNameKana
            birthDate
            phone
            email
            municipalityCode
            address
            householdNotes
            healthDisability
            incomeDebt
            employment
            education
            justice
            caseNotes
            redacted
          }
        }
      }
    }
  }
`;

const RECIPIENT_SECTOR = 'HOUSING';
const JUSTIFICATION = '本人が意識不明で搬送され、同意を得ることができないため生命保護のため共有する';

interface ReferralView {
  id: string;
  status: string;
  version: number;
  legalBasis: string;
  legalBasisRef: string | null;
  reviewRequired: boolean;
}

interface ConsentView {
  id: string;
  personId: string;
  status: string;
  recipientAgencyId: string | null;
  recipientSector: string | null;
  purposes: string[];
  dataCategories: string[];
  method: string;
  evidenceRef: string | null;
  obtainedAt: string;
  expiresAt: string | null;
  recordedByAgencyId: string;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
}

type Response = GraphQLResponse<Record<string, unknown>>;

function errorOf(response: GraphQLResponse<unknown>) {
  expect(response.body.errors).toHaveLength(1);
  return response.body.errors![0];
}

function expectError(response: GraphQLResponse<unknown>, code: string, extensions: Record<string, unknown> = {}) {
  expect(errorOf(response).extensions).toEqual(expect.objectContaining({ code, ...extensions }));
}

/** What `extensions.missing` says for a refused share to `recipient`. */
function missing(recipient: TestAgency, reason: string, categories: string[], legalBasis = 'CONSENT') {
  return {
    legalBasis,
    recipientAgencyId: recipient.id,
    recipientSector: RECIPIENT_SECTOR,
    purpose: 'REFERRAL',
    categories,
    reason,
  };
}

function expectConsentRequired(response: GraphQLResponse<unknown>, expected: Record<string, unknown>): void {
  const error = errorOf(response);
  expect(error.extensions.code).toBe('CONSENT_REQUIRED');
  expect(error.extensions.missing).toEqual(expected);
}

/** Everything a share attempt could change about the person: its referrals, their events, the DATA_SHARED log. */
async function snapshot(t: TestApp, personId: string) {
  const db = t.app.get(DataSource);
  const referrals = await db.query<Record<string, unknown>[]>(
    `SELECT id, status, version, consent_ids, review_required, sent_at FROM referral
      WHERE person_id = $1 ORDER BY created_at, id`,
    [personId],
  );
  const [{ events }] = await db.query<{ events: number }[]>(
    `SELECT count(*)::int AS events FROM referral_event
      WHERE referral_id IN (SELECT id FROM referral WHERE person_id = $1)`,
    [personId],
  );
  const [{ shared }] = await db.query<{ shared: number }[]>(
    `SELECT count(*)::int AS shared FROM audit_log WHERE person_id = $1 AND action = 'DATA_SHARED'`,
    [personId],
  );
  return { referrals, events, shared };
}

async function createReferral(t: TestApp, agency: TestAgency, input: Record<string, unknown>): Promise<ReferralView> {
  const response = await t.gql<{ createReferral: ReferralView }>(CREATE, { variables: { input }, key: agency.key });
  return dataOf(response, 'createReferral').createReferral;
}

async function withdraw(t: TestApp, agency: TestAgency, id: string, reason?: string) {
  return t.gql<{ withdrawConsent: ConsentView }>(WITHDRAW, { variables: { id, reason }, key: agency.key });
}

async function createMeeting(t: TestApp, kind: string, members: TestAgency[]): Promise<string> {
  const response = await t.gql<{ createSupportMeeting: { id: string } }>(CREATE_MEETING, {
    variables: {
      input: {
        kind,
        name: `支援会議 ${randomUUID()}`,
        municipalityCode: '231100',
        memberAgencyIds: members.map((m) => m.id),
      },
    },
  });
  return dataOf(response, 'createSupportMeeting').createSupportMeeting.id;
}

const PATHS = ['sendReferral', 'createReferral(send: true)', 'forwardReferral'] as const;
type SharePath = (typeof PATHS)[number];

interface ShareAttempt {
  response: Response;
  /** The referral that carries the share: the draft sent, the one created, or the forward. */
  referral: ReferralView | null;
  /** The referral acted on and the status it must keep when refused: the draft, or the rejected original. */
  subject: { id: string; status: string } | null;
  before: Awaited<ReturnType<typeof snapshot>>;
}

/**
 * Shares the person with `recipient` by one of the three paths that send. `forwardReferral` first refers the
 * person to `firstRecipient` (which must be allowed to receive it), has it declined, then forwards.
 * `before` is the state just before the sharing call itself.
 */
async function attemptShare(
  t: TestApp,
  path: SharePath,
  sender: TestAgency,
  recipient: TestAgency,
  personId: string,
  overrides: Record<string, unknown> = {},
  firstRecipient?: TestAgency,
): Promise<ShareAttempt> {
  switch (path) {
    case 'sendReferral': {
      const draft = await createReferral(t, sender, referralInput(personId, recipient.id, overrides));
      expect(draft.status).toBe('DRAFT');
      const before = await snapshot(t, personId);
      const response = await t.gql<{ sendReferral: ReferralView }>(SEND, {
        variables: { id: draft.id },
        key: sender.key,
      });
      return {
        response,
        referral: response.body.data?.sendReferral ?? null,
        subject: { id: draft.id, status: 'DRAFT' },
        before,
      };
    }
    case 'createReferral(send: true)': {
      const before = await snapshot(t, personId);
      const input = referralInput(personId, recipient.id, { ...overrides, send: true });
      const response = await t.gql<{ createReferral: ReferralView }>(CREATE, { variables: { input }, key: sender.key });
      return { response, referral: response.body.data?.createReferral ?? null, subject: null, before };
    }
    case 'forwardReferral': {
      let first = firstRecipient;
      if (!first) {
        first = await createAgency(t, { sector: 'DEBT' });
        await recordConsent(t, sender, { personId, recipientAgencyId: first.id, dataCategories: [...ALL_CATEGORIES] });
      }
      const original = await createReferral(t, sender, referralInput(personId, first.id, { ...overrides, send: true }));
      expect(original.status).toBe('REQUESTED');
      dataOf(await t.gql(DECLINE, { variables: { id: original.id }, key: first.key }), 'declineReferral');
      const before = await snapshot(t, personId);
      const response = await t.gql<{ forwardReferral: ReferralView }>(FORWARD, {
        variables: { id: original.id, to: recipient.id },
        key: sender.key,
      });
      return {
        response,
        referral: response.body.data?.forwardReferral ?? null,
        subject: { id: original.id, status: 'REJECTED' },
        before,
      };
    }
  }
}

/** The refused attempt left the draft a draft, created nothing, forwarded nothing, logged no disclosure. */
async function expectNothingChanged(t: TestApp, personId: string, attempt: ShareAttempt) {
  const after = await snapshot(t, personId);
  expect(after).toEqual(attempt.before);
  if (attempt.subject) {
    const row = after.referrals.find((referral) => referral.id === attempt.subject!.id);
    expect(row?.status).toBe(attempt.subject.status);
  }
}

/** The share went through: REQUESTED, with the consents relied on and a DATA_SHARED audit row. */
async function expectShared(t: TestApp, personId: string, attempt: ShareAttempt, consentIds: string[]) {
  expect(attempt.response.body.errors).toBeUndefined();
  expect(attempt.referral).toEqual(expect.objectContaining({ status: 'REQUESTED' }));
  const [row] = await t.app
    .get(DataSource)
    .query<{ consent_ids: string[] }[]>('SELECT consent_ids FROM referral WHERE id = $1', [attempt.referral!.id]);
  expect([...row.consent_ids].sort()).toEqual([...consentIds].sort());
  const after = await snapshot(t, personId);
  expect(after.shared).toBe(attempt.before.shared + 1);
}

describe('consent gate', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function parties() {
    const sender = await createAgency(t);
    const recipient = await createAgency(t, { sector: RECIPIENT_SECTOR });
    const personId = await registerPerson(t, sender);
    return { sender, recipient, personId };
  }

  describe.each(PATHS)('%s', (path) => {
    type Arrange = (p: { sender: TestAgency; recipient: TestAgency; personId: string }) => Promise<unknown>;
    const SHARED = ['IDENTITY', 'CONTACT'];

    it.each<[string, string, Arrange, string[], string[]]>([
      ['no consent at all', 'NO_CONSENT_FOR_RECIPIENT', () => Promise.resolve(), SHARED, SHARED],
      [
        'a consent for CASE_CONFERENCE only',
        'PURPOSE_NOT_COVERED',
        ({ sender, recipient, personId }) =>
          recordConsent(t, sender, {
            personId,
            recipientAgencyId: recipient.id,
            purposes: ['CASE_CONFERENCE'],
            dataCategories: [...ALL_CATEGORIES],
          }),
        SHARED,
        SHARED,
      ],
      [
        'consents that cover only some of the categories',
        'CATEGORIES_NOT_COVERED',
        async ({ sender, recipient, personId }) => {
          await recordConsent(t, sender, { personId, recipientAgencyId: recipient.id, dataCategories: ['IDENTITY'] });
          await recordConsent(t, sender, { personId, recipientAgencyId: recipient.id, dataCategories: ['HOUSEHOLD'] });
        },
        ['HEALTH_DISABILITY', 'HOUSEHOLD', 'IDENTITY', 'CONTACT'],
        ['CONTACT', 'HEALTH_DISABILITY'],
      ],
      [
        'a consent that names another agency',
        'NO_CONSENT_FOR_RECIPIENT',
        async ({ sender, personId }) => {
          const other = await createAgency(t, { sector: RECIPIENT_SECTOR });
          await recordConsent(t, sender, {
            personId,
            recipientAgencyId: other.id,
            dataCategories: [...ALL_CATEGORIES],
          });
        },
        SHARED,
        SHARED,
      ],
      [
        "a consent for another sector than the recipient's",
        'NO_CONSENT_FOR_RECIPIENT',
        ({ sender, personId }) =>
          recordConsent(t, sender, { personId, recipientSector: 'DEBT', dataCategories: [...ALL_CATEGORIES] }),
        SHARED,
        SHARED,
      ],
      [
        'a withdrawn consent',
        'CONSENT_WITHDRAWN',
        async ({ sender, recipient, personId }) => {
          const consentId = await recordConsent(t, sender, {
            personId,
            recipientAgencyId: recipient.id,
            dataCategories: [...ALL_CATEGORIES],
          });
          dataOf(await withdraw(t, sender, consentId, '本人の申し出'), 'withdrawConsent');
        },
        SHARED,
        SHARED,
      ],
    ])('refuses with %s: CONSENT_REQUIRED %s, nothing changed', async (_case, reason, arrange, shared, uncovered) => {
      const p = await parties();
      await arrange(p);
      const attempt = await attemptShare(t, path, p.sender, p.recipient, p.personId, { sharedCategories: shared });
      expectConsentRequired(attempt.response, missing(p.recipient, reason, uncovered));
      await expectNothingChanged(t, p.personId, attempt);
    });

    it("shares under a consent for the recipient's sector", async () => {
      const p = await parties();
      const consentId = await recordConsent(t, p.sender, {
        personId: p.personId,
        recipientSector: RECIPIENT_SECTOR,
        dataCategories: ['IDENTITY', 'CONTACT'],
      });
      const attempt = await attemptShare(t, path, p.sender, p.recipient, p.personId);
      await expectShared(t, p.personId, attempt, [consentId]);
    });

    it('shares under a consent naming the recipient, relying only on the consents that cover the categories', async () => {
      const p = await parties();
      const identity = await recordConsent(t, p.sender, {
        personId: p.personId,
        recipientAgencyId: p.recipient.id,
        dataCategories: ['IDENTITY'],
      });
      const contact = await recordConsent(t, p.sender, {
        personId: p.personId,
        recipientAgencyId: p.recipient.id,
        dataCategories: ['CONTACT', 'HOUSEHOLD'],
      });
      await recordConsent(t, p.sender, {
        personId: p.personId,
        recipientAgencyId: p.recipient.id,
        dataCategories: ['JUSTICE'],
      });
      const attempt = await attemptShare(t, path, p.sender, p.recipient, p.personId);
      await expectShared(t, p.personId, attempt, [identity, contact]);
    });
  });

  describe.each(['SUPPORT_MEETING', 'CHILD_PROTECTION_COUNCIL'])('legal basis %s', (basis) => {
    const SHARED = ['IDENTITY', 'HEALTH_DISABILITY'];
    const otherKind = basis === 'SUPPORT_MEETING' ? 'CHILD_PROTECTION_COUNCIL' : 'SUPPORT_MEETING';

    it('shares between two members without any consent', async () => {
      const p = await parties();
      const meetingId = await createMeeting(t, basis, [p.sender, p.recipient]);
      const referral = await createReferral(
        t,
        p.sender,
        referralInput(p.personId, p.recipient.id, {
          sharedCategories: SHARED,
          legalBasis: basis,
          legalBasisRef: meetingId,
          send: true,
        }),
      );
      expect(referral).toEqual(
        expect.objectContaining({
          status: 'REQUESTED',
          legalBasis: basis,
          legalBasisRef: meetingId,
          reviewRequired: false,
        }),
      );
      const [audit] = await t.app
        .get(DataSource)
        .query<{ basis: Record<string, unknown>[]; categories: string[] }[]>(
          `SELECT basis, categories FROM audit_log WHERE referral_id = $1 AND action = 'DATA_SHARED'`,
          [referral.id],
        );
      expect(audit.categories).toEqual(SHARED);
      expect(audit.basis).toEqual([expect.objectContaining({ kind: basis, meetingId, consentIds: [] })]);
      const seen = await t.gql<{ person: Record<string, unknown> }>(PERSON, {
        variables: { id: p.personId },
        key: p.recipient.key,
      });
      expect(dataOf(seen, 'person').person).toEqual(
        expect.objectContaining({ familyName: '山田', healthDisability: '通院中', phone: null }),
      );
    });

    it('needs legalBasisRef: BAD_USER_INPUT naming it, nothing created', async () => {
      const p = await parties();
      await createMeeting(t, basis, [p.sender, p.recipient]);
      for (const send of [false, true]) {
        const input = referralInput(p.personId, p.recipient.id, { sharedCategories: SHARED, legalBasis: basis, send });
        expectError(await t.gql(CREATE, { variables: { input }, key: p.sender.key }), 'BAD_USER_INPUT', {
          field: 'input.legalBasisRef',
        });
      }
      expect((await snapshot(t, p.personId)).referrals).toEqual([]);
    });

    it('refuses a legalBasisRef that is no meeting as NOT_FOUND naming it, nothing created', async () => {
      const p = await parties();
      for (const send of [false, true]) {
        const input = referralInput(p.personId, p.recipient.id, {
          sharedCategories: SHARED,
          legalBasis: basis,
          legalBasisRef: randomUUID(),
          send,
        });
        expectError(await t.gql(CREATE, { variables: { input }, key: p.sender.key }), 'NOT_FOUND', {
          field: 'input.legalBasisRef',
        });
      }
      expect((await snapshot(t, p.personId)).referrals).toEqual([]);
    });

    it.each(PATHS)(
      'refuses a recipient that is not a member via %s: NOT_A_MEETING_MEMBER, nothing changed',
      async (path) => {
        const p = await parties();
        const member = await createAgency(t, { sector: 'DEBT' });
        const meetingId = await createMeeting(t, basis, [p.sender, member]);
        const overrides = { sharedCategories: SHARED, legalBasis: basis, legalBasisRef: meetingId };
        const attempt = await attemptShare(t, path, p.sender, p.recipient, p.personId, overrides, member);
        expectConsentRequired(attempt.response, missing(p.recipient, 'NOT_A_MEETING_MEMBER', SHARED, basis));
        await expectNothingChanged(t, p.personId, attempt);
      },
    );

    it('refuses a sender that is not a member: NOT_A_MEETING_MEMBER, nothing changed', async () => {
      const p = await parties();
      const member = await createAgency(t, { sector: 'DEBT' });
      const meetingId = await createMeeting(t, basis, [member, p.recipient]);
      const overrides = { sharedCategories: SHARED, legalBasis: basis, legalBasisRef: meetingId };
      for (const path of ['sendReferral', 'createReferral(send: true)'] as const) {
        const attempt = await attemptShare(t, path, p.sender, p.recipient, p.personId, overrides);
        expectConsentRequired(attempt.response, missing(p.recipient, 'NOT_A_MEETING_MEMBER', SHARED, basis));
        await expectNothingChanged(t, p.personId, attempt);
      }
    });

    it(`refuses a ${otherKind} as the ${basis} relied on: WRONG_MEETING_KIND, nothing changed`, async () => {
      const p = await parties();
      const meetingId = await createMeeting(t, otherKind, [p.sender, p.recipient]);
      const overrides = { sharedCategories: SHARED, legalBasis: basis, legalBasisRef: meetingId };
      for (const path of ['sendReferral', 'createReferral(send: true)'] as const) {
        const attempt = await attemptShare(t, path, p.sender, p.recipient, p.personId, overrides);
        expectConsentRequired(attempt.response, missing(p.recipient, 'WRONG_MEETING_KIND', SHARED, basis));
        await expectNothingChanged(t, p.personId, attempt);
      }
    });
  });

  describe('legal basis VITAL_INTEREST', () => {
    const SHARED = ['IDENTITY', 'CONTACT', 'HEALTH_DISABILITY'];

    it.each<[string, string | null]>([
      ['no justification', null],
      ['a blank justification', '   '],
      ['a justification under 10 characters', '  命の危険あり  '],
    ])('refuses %s: CONSENT_REQUIRED JUSTIFICATION_REQUIRED, nothing changed', async (_case, justification) => {
      const p = await parties();
      for (const path of ['sendReferral', 'createReferral(send: true)'] as const) {
        const overrides = { sharedCategories: SHARED, legalBasis: 'VITAL_INTEREST', justification };
        const attempt = await attemptShare(t, path, p.sender, p.recipient, p.personId, overrides);
        expectConsentRequired(
          attempt.response,
          missing(p.recipient, 'JUSTIFICATION_REQUIRED', SHARED, 'VITAL_INTEREST'),
        );
        await expectNothingChanged(t, p.personId, attempt);
      }
    });

    it('shares with a justification, marks it for review and lists it for the hub admin with the person fully redacted', async () => {
      const p = await parties();
      const referral = await createReferral(
        t,
        p.sender,
        referralInput(p.personId, p.recipient.id, {
          sharedCategories: SHARED,
          legalBasis: 'VITAL_INTEREST',
          justification: JUSTIFICATION,
          send: true,
        }),
      );
      expect(referral).toEqual(expect.objectContaining({ status: 'REQUESTED', reviewRequired: true }));

      const consentBased = await consentedPair(t, p.sender, p.recipient);
      const ordinary = await createReferral(
        t,
        p.sender,
        referralInput(consentBased.personId, p.recipient.id, { send: true }),
      );
      expect(ordinary.reviewRequired).toBe(false);

      type ReviewNode = Record<string, unknown> & { id: string; person: Record<string, unknown> };
      const listed = await t.gql<{ referrals: { edges: { node: ReviewNode }[] } }>(REVIEW_LIST);
      const nodes = dataOf(listed, 'referrals').referrals.edges.map((edge) => edge.node);
      expect(nodes.map((node) => node.id)).not.toContain(ordinary.id);
      const reviewed = nodes.find((node) => node.id === referral.id);
      expect(reviewed).toBeDefined();
      const { person, ...rest } = reviewed!;
      expect(rest).toEqual(
        expect.objectContaining({ legalBasis: 'VITAL_INTEREST', justification: JUSTIFICATION, reviewRequired: true }),
      );
      const { id, redacted, ...fields } = person;
      expect(id).toBe(p.personId);
      expect(redacted).toEqual([...ALL_CATEGORIES]);
      expect(Object.values(fields).every((value) => value === null)).toBe(true);

      const seen = await t.gql<{ person: Record<string, unknown> }>(PERSON, {
        variables: { id: p.personId },
        key: p.recipient.key,
      });
      expect(dataOf(seen, 'person').person).toEqual(
        expect.objectContaining({ familyName: '山田', phone: '052-000-0000', healthDisability: '通院中' }),
      );
    });
  });

  describe('what the sender itself may not see', () => {
    /** A → B under a consent for IDENTITY only; B may pass the person on to C, whom the person also consented to. */
    async function onwardParties() {
      const a = await createAgency(t);
      const b = await createAgency(t, { sector: 'DEBT' });
      const c = await createAgency(t, { sector: RECIPIENT_SECTOR });
      const personId = await registerPerson(t, a);
      const consentForB = await recordConsent(t, a, {
        personId,
        recipientAgencyId: b.id,
        dataCategories: ['IDENTITY'],
      });
      await createReferral(t, a, referralInput(personId, b.id, { sharedCategories: ['IDENTITY'], send: true }));
      await recordConsent(t, a, { personId, recipientAgencyId: c.id, dataCategories: [...ALL_CATEGORIES] });
      return { a, b, c, personId, consentForB };
    }

    it('refuses to share categories the sender cannot see: CONSENT_REQUIRED naming them, nothing created', async () => {
      const { b, c, personId } = await onwardParties();
      const before = await snapshot(t, personId);
      for (const send of [false, true]) {
        const input = referralInput(personId, c.id, { sharedCategories: ['HEALTH_DISABILITY', 'IDENTITY'], send });
        const response = await t.gql(CREATE, { variables: { input }, key: b.key });
        expectConsentRequired(response, { reason: 'NOT_DISCLOSED_TO_SENDER', categories: ['HEALTH_DISABILITY'] });
      }
      expect(await snapshot(t, personId)).toEqual(before);

      const onward = await createReferral(
        t,
        b,
        referralInput(personId, c.id, { sharedCategories: ['IDENTITY'], send: true }),
      );
      expect(onward.status).toBe('REQUESTED');
    });

    it('refuses to send a draft whose categories the sender can no longer see (its consent was withdrawn)', async () => {
      const { a, b, c, personId, consentForB } = await onwardParties();
      const draft = await createReferral(t, b, referralInput(personId, c.id, { sharedCategories: ['IDENTITY'] }));
      dataOf(await withdraw(t, a, consentForB), 'withdrawConsent');
      expectError(await t.gql(PERSON, { variables: { id: personId }, key: b.key }), 'NOT_FOUND');

      const before = await snapshot(t, personId);
      const response = await t.gql(SEND, { variables: { id: draft.id }, key: b.key });
      expectConsentRequired(response, { reason: 'NOT_DISCLOSED_TO_SENDER', categories: ['IDENTITY'] });
      expect(await snapshot(t, personId)).toEqual(before);
    });
  });

  describe('connections', () => {
    /**
     * A request that holds a transaction on one pooled connection and then waits for a second one deadlocks the
     * process as soon as as many such requests run at once as the pool has connections (DATABASE_POOL_SIZE, no
     * acquire timeout): each holds one and waits for another for ever. So while a request is inside a
     * transaction, none of its statements may run on another connection.
     */
    interface PgClient {
      query: (...args: unknown[]) => unknown;
    }
    type Release = (error?: unknown) => void;
    type ConnectCallback = (error: Error | undefined, client: PgClient, release: Release) => void;

    const inTransaction = new Set<PgClient>();
    const wrapped = new WeakSet<PgClient>();
    let outside: string[] | null = null;

    beforeAll(() => {
      const pool = (
        t.app.get(DataSource).driver as unknown as { master: { connect: (cb: ConnectCallback) => unknown } }
      ).master;
      const connect = pool.connect.bind(pool);
      pool.connect = (callback: ConnectCallback) =>
        connect((error, client, release) => {
          if (error || !client) return callback(error, client, release);
          if (!wrapped.has(client)) {
            wrapped.add(client);
            const query = client.query;
            client.query = (...args: unknown[]) => {
              const text = typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: unknown }).text);
              if (outside && [...inTransaction].some((other) => other !== client)) outside.push(text.slice(0, 120));
              if (/^\s*(START TRANSACTION|BEGIN)/i.test(text)) inTransaction.add(client);
              if (/^\s*(COMMIT|ROLLBACK)/i.test(text)) inTransaction.delete(client);
              return query.apply(client, args);
            };
          }
          callback(error, client, (releaseError?: unknown) => {
            inTransaction.delete(client);
            release(releaseError);
          });
        });
    });

    /** The statements the request ran on a second connection while its transaction held the first. */
    async function statementsOutsideTheTransaction(request: () => Promise<Response>): Promise<string[]> {
      outside = [];
      try {
        const response = await request();
        expect(response.body.errors).toBeUndefined();
        return outside;
      } finally {
        outside = null;
      }
    }

    it.each(['sendReferral', 'createReferral(send: true)', 'forwardReferral', 'withdrawConsent'])(
      '%s reads nothing on a second connection while its transaction holds one',
      async (operation) => {
        const p = await parties();
        const consentId = await recordConsent(t, p.sender, {
          personId: p.personId,
          recipientAgencyId: p.recipient.id,
          dataCategories: [...ALL_CATEGORIES],
        });
        let request: () => Promise<Response>;
        if (operation === 'sendReferral') {
          const draft = await createReferral(t, p.sender, referralInput(p.personId, p.recipient.id));
          request = () => t.gql(SEND, { variables: { id: draft.id }, key: p.sender.key });
        } else if (operation === 'createReferral(send: true)') {
          const input = referralInput(p.personId, p.recipient.id, { send: true });
          request = () => t.gql(CREATE, { variables: { input }, key: p.sender.key });
        } else if (operation === 'forwardReferral') {
          const first = await createAgency(t);
          await recordConsent(t, p.sender, {
            personId: p.personId,
            recipientAgencyId: first.id,
            dataCategories: ['IDENTITY', 'CONTACT'],
          });
          const original = await createReferral(t, p.sender, referralInput(p.personId, first.id, { send: true }));
          dataOf(await t.gql(DECLINE, { variables: { id: original.id }, key: first.key }), 'declineReferral');
          request = () => t.gql(FORWARD, { variables: { id: original.id, to: p.recipient.id }, key: p.sender.key });
        } else {
          await createReferral(t, p.sender, referralInput(p.personId, p.recipient.id, { send: true }));
          request = () => withdraw(t, p.sender, consentId);
        }
        expect(await statementsOutsideTheTransaction(request)).toEqual([]);
      },
    );
  });

  describe('recordConsent', () => {
    it('records a consent of the registering agency, ACTIVE, as given', async () => {
      const p = await parties();
      const response = await t.gql<{ recordConsent: ConsentView }>(RECORD_CONSENT, {
        variables: {
          input: {
            personId: p.personId,
            recipientAgencyId: p.recipient.id,
            purposes: ['REFERRAL', 'CASE_CONFERENCE', 'REFERRAL'],
            dataCategories: ['IDENTITY', 'CONTACT'],
            method: 'VERBAL',
            evidenceRef: '相談記録 2026-001',
            expiresAt: '2099-03-31T23:59:59+09:00',
          },
        },
        key: p.sender.key,
      });
      expect(dataOf(response, 'recordConsent').recordConsent).toEqual(
        expect.objectContaining({
          personId: p.personId,
          status: 'ACTIVE',
          recipientAgencyId: p.recipient.id,
          recipientSector: null,
          purposes: ['REFERRAL', 'CASE_CONFERENCE'],
          dataCategories: ['IDENTITY', 'CONTACT'],
          method: 'VERBAL',
          evidenceRef: '相談記録 2026-001',
          expiresAt: '2099-03-31T14:59:59.000Z',
          recordedByAgencyId: p.sender.id,
          withdrawnAt: null,
        }),
      );
    });

    async function consentCount(personId: string): Promise<number> {
      const [row] = await t.app
        .get(DataSource)
        .query<{ n: number }[]>('SELECT count(*)::int AS n FROM consent WHERE person_id = $1', [personId]);
      return row.n;
    }

    it('refuses an agency that can see the person but did not register it as FORBIDDEN', async () => {
      const p = await parties();
      const { personId } = await consentedPair(t, p.sender, p.recipient);
      await createReferral(t, p.sender, referralInput(personId, p.recipient.id, { send: true }));
      expect(dataOf(await t.gql(PERSON, { variables: { id: personId }, key: p.recipient.key }), 'person')).toBeTruthy();
      const before = await consentCount(personId);
      const input = {
        personId,
        recipientAgencyId: p.recipient.id,
        purposes: ['REFERRAL'],
        dataCategories: ['IDENTITY'],
        method: 'WRITTEN',
      };
      expectError(await t.gql(RECORD_CONSENT, { variables: { input }, key: p.recipient.key }), 'FORBIDDEN');
      expect(await consentCount(personId)).toBe(before);
    });

    it('refuses an agency that cannot see the person as NOT_FOUND, exactly as for a person that does not exist', async () => {
      const p = await parties();
      const stranger = await createAgency(t);
      const input = (personId: string) => ({
        personId,
        recipientAgencyId: stranger.id,
        purposes: ['REFERRAL'],
        dataCategories: ['IDENTITY'],
        method: 'WRITTEN',
      });
      const real = await t.gql(RECORD_CONSENT, { variables: { input: input(p.personId) }, key: stranger.key });
      const unknownId = randomUUID();
      const unknown = await t.gql(RECORD_CONSENT, { variables: { input: input(unknownId) }, key: stranger.key });
      expectError(real, 'NOT_FOUND');
      expect(errorOf(real).message).toBe(errorOf(unknown).message);
      expect({ ...errorOf(real).extensions, id: unknownId }).toEqual(errorOf(unknown).extensions);
      expect(await consentCount(p.personId)).toBe(0);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['both a recipient agency and a sector', { recipientSector: 'DEBT' }, 'input.recipientAgencyId'],
      ['neither a recipient agency nor a sector', { recipientAgencyId: null }, 'input.recipientAgencyId'],
      ['an expiry in the past', { expiresAt: '2020-01-01T00:00:00+09:00' }, 'input.expiresAt'],
      ['an obtainedAt in the future', { obtainedAt: '2099-01-01T00:00:00+09:00' }, 'input.obtainedAt'],
    ])('refuses %s as BAD_USER_INPUT naming the field, nothing stored', async (_case, overrides, field) => {
      const p = await parties();
      const input = {
        personId: p.personId,
        recipientAgencyId: p.recipient.id,
        purposes: ['REFERRAL'],
        dataCategories: ['IDENTITY'],
        method: 'WRITTEN',
        ...overrides,
      };
      expectError(await t.gql(RECORD_CONSENT, { variables: { input }, key: p.sender.key }), 'BAD_USER_INPUT', {
        field,
      });
      expect(await consentCount(p.personId)).toBe(0);
    });
  });

  describe('consents and withdrawal', () => {
    it('lists the consents with their status derived (ACTIVE, WITHDRAWN), the recipient only those naming it', async () => {
      const p = await parties();
      const active = await recordConsent(t, p.sender, {
        personId: p.personId,
        recipientAgencyId: p.recipient.id,
        dataCategories: ['IDENTITY'],
      });
      const withdrawn = await recordConsent(t, p.sender, {
        personId: p.personId,
        recipientAgencyId: p.recipient.id,
        dataCategories: ['CONTACT'],
      });
      const other = await createAgency(t);
      const forOther = await recordConsent(t, p.sender, {
        personId: p.personId,
        recipientAgencyId: other.id,
        dataCategories: ['IDENTITY'],
      });
      dataOf(await withdraw(t, p.sender, withdrawn), 'withdrawConsent');
      await createReferral(
        t,
        p.sender,
        referralInput(p.personId, p.recipient.id, { sharedCategories: ['IDENTITY'], send: true }),
      );

      const list = async (agency: TestAgency) =>
        dataOf(
          await t.gql<{ consents: ConsentView[] }>(CONSENTS, { variables: { personId: p.personId }, key: agency.key }),
          'consents',
        ).consents.map((consent) => [consent.id, consent.status]);
      expect(await list(p.sender)).toEqual([
        [active, 'ACTIVE'],
        [withdrawn, 'WITHDRAWN'],
        [forOther, 'ACTIVE'],
      ]);
      expect(await list(p.recipient)).toEqual([
        [active, 'ACTIVE'],
        [withdrawn, 'WITHDRAWN'],
      ]);
    });

    it('keeps the consent row and records the withdrawal beside it; withdrawing again returns the same', async () => {
      const p = await parties();
      const consentId = await recordConsent(t, p.sender, {
        personId: p.personId,
        recipientAgencyId: p.recipient.id,
        dataCategories: ['IDENTITY'],
      });
      const db = t.app.get(DataSource);
      const [original] = await db.query<Record<string, unknown>[]>('SELECT * FROM consent WHERE id = $1', [consentId]);

      const first = dataOf(await withdraw(t, p.sender, consentId, '本人が撤回'), 'withdrawConsent').withdrawConsent;
      expect(first).toEqual(
        expect.objectContaining({
          id: consentId,
          status: 'WITHDRAWN',
          withdrawalReason: '本人が撤回',
          dataCategories: ['IDENTITY'],
        }),
      );
      expect(first.withdrawnAt).toEqual(expect.any(String));

      const again = dataOf(await withdraw(t, p.sender, consentId, '二度目'), 'withdrawConsent').withdrawConsent;
      expect(again).toEqual(first);

      const [kept] = await db.query<Record<string, unknown>[]>('SELECT * FROM consent WHERE id = $1', [consentId]);
      expect(kept).toEqual(original);
      const withdrawals = await db.query<{ withdrawn_at: Date; reason: string }[]>(
        'SELECT withdrawn_at, reason FROM consent_withdrawal WHERE consent_id = $1',
        [consentId],
      );
      expect(withdrawals).toEqual([{ withdrawn_at: new Date(first.withdrawnAt!), reason: '本人が撤回' }]);
      const [{ n }] = await db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit_log WHERE consent_id = $1 AND action = 'CONSENT_WITHDRAWN'`,
        [consentId],
      );
      expect(n).toBe(1);
    });
  });

  // As the owner of the tables: the triggers refuse even the owner (the app role may not even try, see
  // db-roles.e2e-spec.ts).
  describe('append-only records', () => {
    let db: DataSource;
    beforeAll(async () => {
      db = new DataSource({ type: 'postgres', url: ownerUrl(t.config.DATABASE_URL), applicationName: 'tsunagu-test' });
      await db.initialize();
    });
    afterAll(() => db.destroy());

    async function recorded() {
      const p = await parties();
      const consentId = await recordConsent(t, p.sender, {
        personId: p.personId,
        recipientAgencyId: p.recipient.id,
        dataCategories: ['IDENTITY'],
      });
      dataOf(await withdraw(t, p.sender, consentId, '撤回'), 'withdrawConsent');
      const [{ id: auditId }] = await db.query<{ id: string }[]>(
        'SELECT id FROM audit_log WHERE person_id = $1 ORDER BY id LIMIT 1',
        [p.personId],
      );
      return { consentId, auditId };
    }

    it('refuses UPDATE and DELETE of a consent and of its withdrawal', async () => {
      const { consentId } = await recorded();
      const rows = async () => [
        await db.query<unknown[]>('SELECT * FROM consent WHERE id = $1', [consentId]),
        await db.query<unknown[]>('SELECT * FROM consent_withdrawal WHERE consent_id = $1', [consentId]),
      ];
      const before = await rows();
      await expect(
        db.query(`UPDATE consent SET data_categories = '{IDENTITY,JUSTICE}' WHERE id = $1`, [consentId]),
      ).rejects.toThrow(/append-only/);
      await expect(db.query('DELETE FROM consent WHERE id = $1', [consentId])).rejects.toThrow(/append-only/);
      await expect(
        db.query("UPDATE consent_withdrawal SET withdrawn_at = now() + interval '1 year' WHERE consent_id = $1", [
          consentId,
        ]),
      ).rejects.toThrow(/append-only/);
      await expect(db.query('DELETE FROM consent_withdrawal WHERE consent_id = $1', [consentId])).rejects.toThrow(
        /append-only/,
      );
      expect(await rows()).toEqual(before);
    });

    it('refuses UPDATE, DELETE and TRUNCATE of the audit log', async () => {
      const { auditId } = await recorded();
      const row = async () => db.query<unknown[]>('SELECT * FROM audit_log WHERE id = $1', [auditId]);
      const before = await row();
      await expect(db.query(`UPDATE audit_log SET operation = 'rewritten' WHERE id = $1`, [auditId])).rejects.toThrow(
        /append-only/,
      );
      await expect(db.query('DELETE FROM audit_log WHERE id = $1', [auditId])).rejects.toThrow(/append-only/);
      // In a transaction rolled back afterwards: should the trigger ever be missing, nothing is lost.
      const runner = db.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        await expect(runner.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
      expect(await row()).toEqual(before);
    });
  });
});

describe('consent gate over time', () => {
  const HOUR = 60 * 60 * 1000;
  let t: TestApp;
  let clock: FixedClock;

  beforeAll(async () => {
    clock = new FixedClock(new Date());
    t = await startTestApp({}, { clock });
  });
  afterAll(() => t.close());

  async function expiringConsent() {
    const sender = await createAgency(t);
    const recipient = await createAgency(t, { sector: RECIPIENT_SECTOR });
    const personId = await registerPerson(t, sender);
    const consentId = await recordConsent(t, sender, {
      personId,
      recipientAgencyId: recipient.id,
      dataCategories: [...ALL_CATEGORIES],
      expiresAt: new Date(clock.now().getTime() + HOUR).toISOString(),
    });
    return { sender, recipient, personId, consentId };
  }

  it.each(PATHS)(
    'refuses an expired consent via %s: CONSENT_REQUIRED CONSENT_EXPIRED, nothing changed',
    async (path) => {
      const p = await expiringConsent();
      clock.advance(2 * HOUR);
      const attempt = await attemptShare(t, path, p.sender, p.recipient, p.personId);
      expectConsentRequired(attempt.response, missing(p.recipient, 'CONSENT_EXPIRED', ['IDENTITY', 'CONTACT']));
      await expectNothingChanged(t, p.personId, attempt);
    },
  );

  it('shows the consent ACTIVE until it expires and EXPIRED afterwards', async () => {
    const p = await expiringConsent();
    const status = async () =>
      dataOf(
        await t.gql<{ consents: ConsentView[] }>(CONSENTS, { variables: { personId: p.personId }, key: p.sender.key }),
        'consents',
      ).consents.map((consent) => consent.status);
    expect(await status()).toEqual(['ACTIVE']);
    clock.advance(HOUR - 1000);
    expect(await status()).toEqual(['ACTIVE']);
    clock.advance(1000);
    expect(await status()).toEqual(['EXPIRED']);
  });

  it('shares under the consent until it expires', async () => {
    const p = await expiringConsent();
    clock.advance(HOUR / 2);
    const attempt = await attemptShare(t, 'createReferral(send: true)', p.sender, p.recipient, p.personId);
    await expectShared(t, p.personId, attempt, [p.consentId]);
  });
});
