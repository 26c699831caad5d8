import { migrateDatabase } from '@tsunagu/platform';
import { Client } from 'pg';
import { agencyInput, createAgency, issueKey } from './support/builders.js';
import { consentedPair, CREATE_REFERRAL, referralInput } from './support/referral-builders.js';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres.js';
import { startTestApp, uniqueSuffix, type TestApp } from './support/test-app.js';

const CREATE_AGENCY = /* GraphQL */ `
  mutation ($input: CreateAgencyInput!) {
    createAgency(input: $input) {
      id
      code
    }
  }
`;
const AGENCY = /* GraphQL */ `
  query ($code: String) {
    agency(code: $code) {
      id
    }
  }
`;

/**
 * The API on a PostgreSQL of its own that is stopped mid-test (fast shutdown, as in a restart): requests fail
 * with SERVICE_UNAVAILABLE, retryable, nothing committed, and the same request succeeds once it is back.
 */
describe('database outage', () => {
  let pg: PrivatePostgres;
  let t: TestApp;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    await migrateDatabase(pg.url, pg.url, 'tsunagu-outage-test');
    t = await startTestApp({ DATABASE_URL: pg.url });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    pg?.destroy();
  });

  it('answers SERVICE_UNAVAILABLE (retryable, nothing committed) while the database is down, and succeeds after', async () => {
    const before = await t.gql<{ createAgency: { id: string } }>(CREATE_AGENCY, {
      variables: { input: agencyInput() },
    });
    expect(before.body.errors).toBeUndefined();

    const input = agencyInput();
    // A hub-admin key this instance has not seen yet: it cannot be checked while the database is down.
    const unseen = await issueKey(t, { scopes: ['admin'], label: 'not used before the outage' });
    pg.stop();
    try {
      const during = await t.gql(CREATE_AGENCY, { variables: { input }, key: unseen.secret });
      // Refused before execution (the key could not be checked): 503 without a `data` entry, as 401 and 429 are.
      expect(during.status).toBe(503);
      expect(during.body).not.toHaveProperty('data');
      expect(during.body.errors).toHaveLength(1);
      expect(during.body.errors?.[0].extensions).toEqual({
        code: 'SERVICE_UNAVAILABLE',
        reason: 'DATABASE_UNAVAILABLE',
        retryable: true,
        retryAfter: expect.any(Number) as number,
      });
      expect(during.body.errors?.[0].message).not.toMatch(/ECONNREFUSED|terminat|SQL/i);

      // Signing in to the console reads the database too: the same answer, over plain HTTP.
      const signIn = await fetch(`${t.url}/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'someone@example.org', password: 'a long enough passphrase' }),
      });
      expect(signIn.status).toBe(503);
      const signInBody = (await signIn.json()) as { errors: { extensions: Record<string, unknown> }[] };
      expect(signInBody.errors[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });

      // A key the instance knows is authenticated from memory: the operation runs and fails alike, retryable.
      const known = await t.gql(CREATE_AGENCY, { variables: { input } });
      expect(known.body.errors?.[0].extensions).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        reason: 'DATABASE_UNAVAILABLE',
        retryable: true,
      });
      expect(known.body.errors?.[0].message).not.toMatch(/ECONNREFUSED|terminat|SQL/i);
      expect(Number(during.headers['retry-after'])).toBe(during.body.errors?.[0].extensions.retryAfter);

      const read = await t.gql(AGENCY, {
        variables: { code: input.code },
        headers: { accept: 'application/graphql-response+json' },
        key: unseen.secret,
      });
      expect(read.status).toBe(503);
      expect(read.contentType).toMatch(/^application\/graphql-response\+json/);
      expect(read.body.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
    } finally {
      pg.start();
    }

    // Nothing of the failed request was committed: the agency does not exist, and the retry creates it.
    const absent = await t.gql<{ agency: { id: string } | null }>(AGENCY, { variables: { code: input.code } });
    expect(absent.body.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const retried = await t.gql<{ createAgency: { code: string } }>(CREATE_AGENCY, { variables: { input } });
    expect(retried.body.errors).toBeUndefined();
    expect(retried.body.data?.createAgency.code).toBe(input.code);
  });

  it('createReferral with an idempotencyKey: refused during the outage, sent again after, one referral', async () => {
    const sender = await createAgency(t);
    const recipient = await createAgency(t);
    const { personId } = await consentedPair(t, sender, recipient);
    const idempotencyKey = `outage-${uniqueSuffix()}`;
    const input = referralInput(personId, recipient.id, { idempotencyKey, send: true });

    pg.stop();
    try {
      const refused = await t.gql(CREATE_REFERRAL, { variables: { input }, key: sender.key });
      expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
    } finally {
      pg.start();
    }

    const sent = await t.gql<{ createReferral: { id: string; status: string } }>(CREATE_REFERRAL, {
      variables: { input },
      key: sender.key,
    });
    expect(sent.body.errors).toBeUndefined();
    expect(sent.body.data?.createReferral.status).toBe('REQUESTED');
    const again = await t.gql<{ createReferral: { id: string } }>(CREATE_REFERRAL, {
      variables: { input },
      key: sender.key,
    });
    expect(again.body.data?.createReferral.id).toBe(sent.body.data?.createReferral.id);

    const client = new Client({ connectionString: pg.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ count: string }>(
        'SELECT count(*) AS count FROM "referral" WHERE "idempotency_key" = $1',
        [idempotencyKey],
      );
      expect(rows[0].count).toBe('1');
    } finally {
      await client.end();
    }
  });
});
