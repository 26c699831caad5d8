import { randomUUID } from 'node:crypto';
import { createAgency, type TestAgency } from './support/builders.js';
import { consentedPair } from './support/referral-builders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const cursor = (values: unknown) => Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');

/** Crafted input that used to fail inside the API (INTERNAL_SERVER_ERROR) is the client's error, named. */
describe('crafted input', () => {
  let t: TestApp;
  let agency: TestAgency;
  let other: TestAgency;
  let personId: string;

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t);
    other = await createAgency(t);
    ({ personId } = await consentedPair(t, agency, other));
  });
  afterAll(() => t.close());

  const edited = {
    'a non-UUID id': cursor(['2024-05-01T00:00:00.000Z', 'x']),
    'an impossible date': cursor(['2024-02-30T00:00:00.000Z', randomUUID()]),
    'not a date': cursor(['not a date', randomUUID()]),
    'a number out of range': cursor(['99999999999999999999']),
    'a NUL byte': cursor(['\u0000']),
  };
  const lists: [string, string, Record<string, string>][] = [
    ['referrals', 'query ($after: String) { referrals(after: $after) { totalCount } }', edited],
    ['emailDeliveries', 'query ($after: String) { emailDeliveries(after: $after) { totalCount } }', edited],
    ['webhookDeliveries', 'query ($after: String) { webhookDeliveries(after: $after) { totalCount } }', edited],
    [
      'auditTrail',
      'query ($after: String, $personId: ID!) { auditTrail(personId: $personId, after: $after) { totalCount } }',
      edited,
    ],
    [
      'agencies',
      'query ($after: String) { agencies(after: $after) { totalCount } }',
      { 'a number': cursor([1]), 'a NUL byte': cursor(['\u0000']), 'a lone surrogate': cursor(['\ud800']) },
    ],
  ];

  describe.each(lists)('%s', (_list, query, cases) => {
    it.each(Object.entries(cases))('refuses an `after` cursor with %s as BAD_USER_INPUT on after', async (_, after) => {
      const response = await t.gql(query, { variables: { after, personId }, key: agency.key });
      expect(response.body.errors).toEqual([
        expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } }),
      ]);
    });
  });

  it('still pages with the cursors it hands out', async () => {
    const first = await t.gql<{ agencies: { pageInfo: { endCursor: string } } }>(
      '{ agencies(first: 1) { pageInfo { endCursor } } }',
      { key: agency.key },
    );
    const after = first.body.data!.agencies.pageInfo.endCursor;
    const next = await t.gql('query ($after: String) { agencies(after: $after) { totalCount } }', {
      variables: { after },
      key: agency.key,
    });
    expect(next.body.errors).toBeUndefined();
  });

  it('refuses a NUL byte in a text argument, naming it', async () => {
    const response = await t.gql('query ($code: String) { agency(code: $code) { id } }', {
      variables: { code: 'A\u0000B' },
      key: agency.key,
    });
    expect(response.body.errors).toEqual([
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'code', reason: 'NUL_CHARACTER' } }),
    ]);
  });

  it('refuses a lone surrogate in an e-mail address, naming the field, and stores nothing', async () => {
    const response = await t.gql<{ registerPerson: { id: string } }>(
      'mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }',
      { variables: { input: { familyName: '山田', givenName: '花子', email: 'x\ud800@example.jp' } }, key: agency.key },
    );
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        extensions: { code: 'BAD_USER_INPUT', field: 'input.email', reason: 'LONE_SURROGATE' },
      }),
    ]);
    expect(response.body.data ?? null).toBeNull();
  });

  it('refuses non-UUID ids in setSupportMeetingMembers, naming the list item, and keeps the members', async () => {
    const created = await t.gql<{ createSupportMeeting: { id: string } }>(
      'mutation ($input: CreateSupportMeetingInput!) { createSupportMeeting(input: $input) { id } }',
      {
        variables: {
          input: {
            kind: 'SUPPORT_MEETING',
            name: '支援会議',
            municipalityCode: '231100',
            memberAgencyIds: [agency.id, other.id],
          },
        },
      },
    );
    const id = created.body.data!.createSupportMeeting.id;
    const response = await t.gql(
      'mutation ($id: ID!, $ids: [ID!]!) { setSupportMeetingMembers(id: $id, memberAgencyIds: $ids) { id } }',
      { variables: { id, ids: [agency.id, 'not-a-uuid'] } },
    );
    expect(response.body.errors).toEqual([
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'memberAgencyIds.1' } }),
    ]);
    const meetings = await t.gql<{ supportMeetings: { id: string; memberAgencyIds: string[] }[] }>(
      '{ supportMeetings { id memberAgencyIds } }',
    );
    const meeting = meetings.body.data!.supportMeetings.find((entry) => entry.id === id);
    expect([...meeting!.memberAgencyIds].sort()).toEqual([agency.id, other.id].sort());
  });

  it('refuses a subscription sent over HTTP POST, every time (the document cache does not skip the check)', async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await t.gql('subscription { referralEvents { id } }', { key: agency.key });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        errors: [expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', reason: 'SUBSCRIPTION_OVER_HTTP' } })],
      });
    }
    const strict = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        authorization: `Bearer ${agency.key}`,
      },
      body: JSON.stringify({
        query: 'query Q { viewer { scopes } } subscription S { referralEvents { id } }',
        operationName: 'S',
      }),
    });
    expect(strict.status).toBe(400);
  });

  it('refuses a `query` that is a JSON syntax tree instead of GraphQL', async () => {
    const response = await t.gql(JSON.stringify({ kind: 'Document', definitions: [{ kind: 'OperationDefinition' }] }), {
      key: agency.key,
    });
    expect(response.body.errors).toEqual([
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', reason: 'NOT_GRAPHQL_SOURCE' } }),
    ]);
  });
});
