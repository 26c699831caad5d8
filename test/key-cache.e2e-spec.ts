import { DataSource } from 'typeorm';
import { startApiProcess, type ApiProcess } from './support/api-process.js';
import { deleteRedisKeys } from './support/bus.js';
import { createAgency, issueKey, type TestAgency } from './support/builders.js';
import { startTestApp, uniqueSuffix, type TestApp } from './support/test-app.js';
import { createMigratedDatabase, dropDatabase } from './setup/test-database.js';

const VIEWER = '{ viewer { scopes } }';
const REVOKE = 'mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }';

/**
 * API keys are authenticated from each instance's memory after the first request, and a revocation still takes
 * effect at once everywhere: the revoking instance forgets the keys before it answers, the others through the
 * Redis bus, whose announcement the answer waits for. API_KEY_CACHE_TTL bounds a change that bypassed the API.
 */
describe('the API-key cache across instances', () => {
  const adminUrl = process.env.TSUNAGU_TEST_ADMIN_DATABASE_URL as string;
  const database = `tsunagu_keycache_${process.pid}`;
  const prefix = `tsunagu-keycache-${uniqueSuffix().toLowerCase()}`;
  let t: TestApp;
  let other: ApiProcess;
  let agency: TestAgency;

  beforeAll(async () => {
    const url = await createMigratedDatabase(adminUrl, database);
    t = await startTestApp({ DATABASE_URL: url, REDIS_PREFIX: prefix, API_KEY_CACHE_TTL: 'PT2S' });
    other = await startApiProcess({
      DATABASE_URL: url,
      REDIS_URL: process.env.REDIS_URL as string,
      REDIS_PREFIX: prefix,
      HUB_ADMIN_KEY: t.adminKey,
      RATE_LIMIT_ENABLED: 'false',
    });
    agency = await createAgency(t);
  }, 60_000);

  afterAll(async () => {
    await other?.stop();
    await t?.close();
    await dropDatabase(adminUrl, database);
    await deleteRedisKeys(process.env.REDIS_URL as string, prefix);
  });

  async function status(url: string, key: string): Promise<string> {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: VIEWER }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: { extensions: { code: string } }[] };
    return body.errors?.[0]?.extensions.code ?? 'OK';
  }

  it('refuses a revoked key on the very next request, on the revoking instance and on another', async () => {
    for (let round = 0; round < 10; round++) {
      const [onThis, onOther] = [
        await issueKey(t, { agencyId: agency.id, scopes: ['directory:read'] }),
        await issueKey(t, { agencyId: agency.id, scopes: ['directory:read'] }),
      ];
      // Both instances have both keys in memory.
      for (const key of [onThis, onOther]) {
        expect([await status(t.url, key.secret), await status(other.url, key.secret)]).toEqual(['OK', 'OK']);
      }
      expect((await t.gql(REVOKE, { variables: { id: onThis.id } })).body.errors).toBeUndefined();
      expect(await status(t.url, onThis.secret)).toBe('UNAUTHENTICATED');
      expect((await t.gql(REVOKE, { variables: { id: onOther.id } })).body.errors).toBeUndefined();
      expect(await status(other.url, onOther.secret)).toBe('UNAUTHENTICATED');
    }
  });

  it('serves a cached key without reading the database, and sees a change behind its back within the TTL', async () => {
    const key = await issueKey(t, { agencyId: agency.id, scopes: ['directory:read'] });
    expect(await status(t.url, key.secret)).toBe('OK');
    // Revoked in SQL, not through the API: no announcement. The instance keeps trusting its memory …
    await t.app.get(DataSource).query('UPDATE api_key SET revoked_at = now() WHERE id = $1', [key.id]);
    expect(await status(t.url, key.secret)).toBe('OK');
    // … for at most API_KEY_CACHE_TTL (2 s here), then reads the row again.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(await status(t.url, key.secret)).toBe('UNAUTHENTICATED');
  });
});
