import { DataSource } from 'typeorm';
import { createAgency, type TestAgency } from './support/builders.js';
import { CREATE_REFERRAL, dataOf, recordConsent, referralInput, registerPerson } from './support/referral-builders.js';
import { StatementRecorder } from './support/statement-recorder.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';

/**
 * The referral list with everything a partner's inbox screen asks for must not issue one query per referral
 * (N+1): the number of SQL statements of one request is the same for a page of 5 and a page of 50
 * (counted by `StatementRecorder`).
 */

/** The largest number of statements one page request may take, whatever its size. */
const MAX_STATEMENTS_PER_PAGE = 20;
const PAGE_SIZE = 50;
/** Below the test app's DATABASE_POOL_SIZE (4). */
const SETUP_CONCURRENCY = 3;

const INBOX_PAGE = /* GraphQL */ `
  query ($first: Int) {
    referrals(filter: { box: INBOX }, first: $first) {
      totalCount
      edges {
        node {
          id
          status
          overdue
          legalBasisRef
          fromAgency {
            code
            name
          }
          toAgency {
            code
            name
          }
          person {
            familyName
            redacted
          }
          events {
            type
            actorAgency {
              code
            }
          }
          messages {
            body
            fromAgency {
              code
            }
          }
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`;

interface InboxNode {
  id: string;
  status: string;
  legalBasisRef: string | null;
  fromAgency: { code: string };
  toAgency: { code: string };
  person: { familyName: string | null; redacted: string[] };
  events: { type: string; actorAgency: { code: string } | null }[];
  messages: { body: string; fromAgency: { code: string } }[];
}

interface InboxPage {
  referrals: { totalCount: number; edges: { node: InboxNode }[]; pageInfo: { hasNextPage: boolean } };
}

describe('referral list query count', () => {
  let t: TestApp;
  let recorder: StatementRecorder;
  let sender: TestAgency;
  let otherSender: TestAgency;
  let recipient: TestAgency;
  let meetingId: string;

  async function postMessage(agency: TestAgency, referralId: string, body: string): Promise<void> {
    dataOf(
      await t.gql('mutation ($id: ID!, $body: String!) { postReferralMessage(referralId: $id, body: $body) { id } }', {
        variables: { id: referralId, body },
        key: agency.key,
      }),
      'postReferralMessage',
    );
  }

  /** A person of `from`, sent to the recipient (under consent, or under the support meeting), with messages. */
  async function sentReferral(from: TestAgency, index: number): Promise<void> {
    const personId = await registerPerson(t, from, { familyName: `山田${index}` });
    const underMeeting = index % 3 === 0;
    if (!underMeeting) {
      await recordConsent(t, from, { personId, recipientAgencyId: recipient.id, dataCategories: ['IDENTITY'] });
    }
    const input = referralInput(personId, recipient.id, {
      sharedCategories: ['IDENTITY'],
      send: true,
      ...(underMeeting ? { legalBasis: 'SUPPORT_MEETING', legalBasisRef: meetingId } : {}),
    });
    const created = dataOf(
      await t.gql<{ createReferral: { id: string } }>(CREATE_REFERRAL, { variables: { input }, key: from.key }),
      'createReferral',
    ).createReferral;
    if (index % 2 === 0) {
      dataOf(
        await t.gql('mutation ($id: ID!) { acknowledgeReferral(id: $id) { id } }', {
          variables: { id: created.id },
          key: recipient.key,
        }),
        'acknowledgeReferral',
      );
    }
    await postMessage(from, created.id, `ご相談です (${index})`);
    await postMessage(recipient, created.id, `承りました (${index})`);
  }

  async function inboxPage(first: number): Promise<{ page: InboxPage['referrals']; statements: string[] }> {
    let page: InboxPage['referrals'] | undefined;
    const statements = await recorder.during(async () => {
      page = dataOf(
        await t.gql<InboxPage>(INBOX_PAGE, { variables: { first }, key: recipient.key }),
        'referrals',
      ).referrals;
    });
    return { page: page!, statements };
  }

  beforeAll(async () => {
    t = await startTestApp();
    recorder = new StatementRecorder(t.app.get(DataSource));
    sender = await createAgency(t);
    otherSender = await createAgency(t, { sector: 'DEBT' });
    recipient = await createAgency(t, { sector: 'HOUSING' });
    meetingId = dataOf(
      await t.gql<{ createSupportMeeting: { id: string } }>(
        'mutation ($input: CreateSupportMeetingInput!) { createSupportMeeting(input: $input) { id } }',
        {
          variables: {
            input: {
              kind: 'SUPPORT_MEETING',
              name: '中川区支援会議',
              municipalityCode: '231100',
              memberAgencyIds: [sender.id, otherSender.id, recipient.id],
            },
          },
        },
      ),
      'createSupportMeeting',
    ).createSupportMeeting.id;
    // A few at a time, below the pool size: see the `connections` tests in consent.e2e-spec.ts.
    const indexes = Array.from({ length: PAGE_SIZE + 2 }, (_, index) => index);
    for (let start = 0; start < indexes.length; start += SETUP_CONCURRENCY) {
      await Promise.all(
        indexes
          .slice(start, start + SETUP_CONCURRENCY)
          .map((index) => sentReferral(index % 2 ? otherSender : sender, index)),
      );
    }
  }, 60_000);
  afterAll(() => t.close());

  it('answers a page of 50 with every nested field resolved', async () => {
    const { page } = await inboxPage(PAGE_SIZE);
    expect(page.totalCount).toBe(PAGE_SIZE + 2);
    expect(page.edges).toHaveLength(PAGE_SIZE);
    expect(page.pageInfo.hasNextPage).toBe(true);
    for (const { node } of page.edges) {
      expect([sender.code, otherSender.code]).toContain(node.fromAgency.code);
      expect(node.toAgency.code).toBe(recipient.code);
      expect(node.person.familyName).toMatch(/^山田\d+$/);
      expect(node.person.redacted).not.toContain('IDENTITY');
      expect(node.person.redacted).toContain('CONTACT');
      expect(node.events.map((event) => event.type)).toEqual(expect.arrayContaining(['CREATED', 'SENT']));
      expect(node.events.every((event) => event.actorAgency !== null)).toBe(true);
      expect(node.messages.map((message) => message.fromAgency.code)).toEqual([node.fromAgency.code, recipient.code]);
    }
    expect(page.edges.some(({ node }) => node.legalBasisRef === meetingId)).toBe(true);
  });

  it(`runs the same small number of statements (at most ${MAX_STATEMENTS_PER_PAGE}) for 5 and for 50 referrals`, async () => {
    await inboxPage(1); // warm-up: per-process caches (API key, metadata) are filled before counting
    const small = await inboxPage(5);
    const large = await inboxPage(PAGE_SIZE);
    expect(small.page.edges).toHaveLength(5);
    expect(large.page.edges).toHaveLength(PAGE_SIZE);

    // On failure jest prints the statements received, which shows the resolver that repeats itself.
    expect(large.statements).toHaveLength(small.statements.length);
    expect(large.statements.length).toBeLessThanOrEqual(MAX_STATEMENTS_PER_PAGE);
    expect(large.statements.length).toBeGreaterThan(0);
  });
});

/**
 * The statements of the partner's round trip — create and send, acknowledge, accept — with the key already
 * known to the instance. docs/benchmarks.md ("Hot path") lists them; these maxima keep them from
 * creeping back.
 */
const HOT_PATH_STATEMENTS = { createAndSend: 6, acknowledge: 1, accept: 1 };

describe('hot-path statement counts', () => {
  let t: TestApp;
  let recorder: StatementRecorder;
  let sender: TestAgency;
  let recipient: TestAgency;

  beforeAll(async () => {
    t = await startTestApp();
    recorder = new StatementRecorder(t.app.get(DataSource));
    sender = await createAgency(t);
    recipient = await createAgency(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  async function counted<T>(key: string, query: string, variables: Record<string, unknown>) {
    let response: GraphQLResponse<T> | undefined;
    const statements = await recorder.during(async () => {
      response = await t.gql<T>(query, { key, variables });
    });
    if (!response) throw new Error('no response');
    return { data: dataOf<T>(response, 'hot path'), statements };
  }

  it('creates and sends, acknowledges and accepts in no more statements than listed', async () => {
    const personId = await registerPerson(t, sender);
    await recordConsent(t, sender, {
      personId,
      recipientAgencyId: recipient.id,
      dataCategories: ['IDENTITY', 'CONTACT'],
      obtainedAt: new Date().toISOString(),
    });
    // Warm-up: the keys are in the instance's cache, as they are for a partner's steady traffic.
    await t.gql('{ viewer { scopes } }', { key: sender.key });
    await t.gql('{ viewer { scopes } }', { key: recipient.key });

    const created = await counted<{ createReferral: { id: string; status: string } }>(sender.key, CREATE_REFERRAL, {
      input: { ...referralInput(personId, recipient.id), send: true },
    });
    expect(created.data.createReferral.status).toBe('REQUESTED');
    const id = created.data.createReferral.id;
    const acknowledged = await counted<{ acknowledgeReferral: { status: string } }>(
      recipient.key,
      'mutation ($id: ID!) { acknowledgeReferral(id: $id) { id status version } }',
      { id },
    );
    expect(acknowledged.data.acknowledgeReferral.status).toBe('RECEIVED');
    const FIELDS = 'id status version updatedAt acknowledgedAt decidedAt sentAt acknowledgeDueAt decisionDueAt';
    const accepted = await counted<{ acceptReferral: Record<string, unknown> }>(
      recipient.key,
      `mutation ($id: ID!) { acceptReferral(id: $id) { ${FIELDS} } }`,
      { id },
    );
    expect(accepted.data.acceptReferral.status).toBe('ACCEPTED');
    // What the mutation answers without reading the row again is what a fresh read finds.
    const read = await t.gql<{ referral: Record<string, unknown> }>(
      `query ($id: ID!) { referral(id: $id) { ${FIELDS} } }`,
      {
        key: recipient.key,
        variables: { id },
      },
    );
    expect(accepted.data.acceptReferral).toEqual(dataOf(read, 'referral').referral);
    expect(accepted.data.acceptReferral.version).toBe(4); // created 1, sent 2, acknowledged 3, accepted 4

    expect(created.statements.length).toBeLessThanOrEqual(HOT_PATH_STATEMENTS.createAndSend);
    expect(acknowledged.statements.length).toBeLessThanOrEqual(HOT_PATH_STATEMENTS.acknowledge);
    expect(accepted.statements.length).toBeLessThanOrEqual(HOT_PATH_STATEMENTS.accept);
  });
});
