import { migrateDatabase } from '@tsunagu/platform';
import { agencyInput } from './support/builders.js';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres.js';
import { startTestApp, type TestApp } from './support/test-app.js';

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
    pg.stop();
    try {
      const during = await t.gql(CREATE_AGENCY, { variables: { input } });
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
      expect(Number(during.headers['retry-after'])).toBe(during.body.errors?.[0].extensions.retryAfter);

      const read = await t.gql(AGENCY, {
        variables: { code: input.code },
        headers: { accept: 'application/graphql-response+json' },
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
});
