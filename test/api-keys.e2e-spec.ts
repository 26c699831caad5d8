import {
  ApiKeysService,
  AuthService,
  closeEventBus,
  createEventBus,
  generateApiKey,
  keysRevokedTopic,
  Scope,
  UnauthenticatedError,
  type EventBus,
  type KeysRevokedPayload,
} from '@tsunagu/platform';
import { DataSource } from 'typeorm';
import { ApiKeyLifetime1764226800000 } from '../migrations/1764226800000-api-key-lifetime.js';
import { createAgency, issueKey, type TestAgency } from './support/builders.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';
import { ownerUrl } from './setup/test-database.js';

const VIEWER = '{ viewer { agency { id } } }';
const ISSUE_KEY = /* GraphQL */ `
  mutation ($input: IssueApiKeyInput!) {
    issueApiKey(input: $input) {
      secret
      apiKey {
        id
        prefix
        expiresAt
        issuedBy {
          id
          prefix
          isHubAdmin
        }
      }
    }
  }
`;
const REVOKE_KEY = 'mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }';
const API_KEYS = /* GraphQL */ `
  query ($agencyId: ID, $first: Int, $after: String) {
    apiKeys(agencyId: $agencyId, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          prefix
          label
          scopes
          agencyId
          createdAt
          lastUsedAt
          expiresAt
          revokedAt
          issuedBy {
            id
            prefix
            isHubAdmin
          }
        }
      }
    }
  }
`;

interface KeyView {
  id: string;
  prefix: string;
  label: string | null;
  scopes: string[];
  agencyId: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  issuedBy: { id: string; prefix: string; isHubAdmin: boolean } | null;
}

interface KeyList {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: KeyView }[];
}

interface Key {
  id: string;
  secret: string;
}

const HOUR = 60 * 60 * 1000;

describe('API key lineage, listing and lifetime', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  function expectError(response: GraphQLResponse<unknown>, code: string, extensions: Record<string, unknown> = {}) {
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors![0].extensions).toEqual(expect.objectContaining({ code, ...extensions }));
  }

  async function works(key: string): Promise<boolean> {
    const response = await t.gql<{ viewer: { agency: { id: string } | null } }>(VIEWER, { key });
    if (response.body.errors) {
      expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      return false;
    }
    return true;
  }

  async function issue(input: Record<string, unknown>, asKey?: string) {
    return t.gql<{
      issueApiKey: { secret: string; apiKey: Pick<KeyView, 'id' | 'prefix' | 'expiresAt' | 'issuedBy'> };
    }>(ISSUE_KEY, { variables: { input }, key: asKey });
  }

  async function revoke(id: string, asKey?: string) {
    return t.gql<{ revokeApiKey: { id: string; revokedAt: string | null } }>(REVOKE_KEY, {
      variables: { id },
      key: asKey,
    });
  }

  async function list(variables: Record<string, unknown>, asKey?: string) {
    return t.gql<{ apiKeys: KeyList }>(API_KEYS, { variables, key: asKey });
  }

  async function listAll(asKey: string): Promise<KeyView[]> {
    const response = await list({ first: 100 }, asKey);
    expect(response.body.errors).toBeUndefined();
    return response.body.data!.apiKeys.edges.map((edge) => edge.node);
  }

  async function keyCount(agencyId: string): Promise<number> {
    const [{ count }] = await t.app
      .get(DataSource)
      .query<{ count: string }[]>('SELECT count(*) FROM api_key WHERE agency_id = $1', [agencyId]);
    return Number(count);
  }

  /** K1 issued by the hub admin for the agency, K2 issued by K1, K3 issued by K2. */
  async function lineage(agency: TestAgency): Promise<[Key, Key, Key]> {
    const k1 = await issueKey(t, { agencyId: agency.id, scopes: ['directory:read', 'referrals:read'], label: 'K1' });
    const k2 = await issueKey(t, { scopes: ['directory:read', 'referrals:read'], label: 'K2' }, k1.secret);
    const k3 = await issueKey(t, { scopes: ['directory:read'], label: 'K3' }, k2.secret);
    return [k1, k2, k3];
  }

  describe('revocation follows what a key issued', () => {
    it('revoking K1 makes K2 (issued by K1) and K3 (issued by K2) UNAUTHENTICATED on their next request', async () => {
      const agency = await createAgency(t);
      const [k1, k2, k3] = await lineage(agency);
      expect([await works(k1.secret), await works(k2.secret), await works(k3.secret)]).toEqual([true, true, true]);

      const revoked = await revoke(k1.id, agency.key);
      expect(revoked.body.errors).toBeUndefined();
      expect(revoked.body.data!.revokeApiKey.revokedAt).toEqual(expect.any(String));

      expect([await works(k1.secret), await works(k2.secret), await works(k3.secret)]).toEqual([false, false, false]);
      expect(await works(agency.key)).toBe(true);
      const byId = new Map((await listAll(agency.key)).map((key) => [key.id, key]));
      for (const key of [k1, k2, k3]) expect(byId.get(key.id)!.revokedAt).toEqual(expect.any(String));
    });

    it('revoking K2 revokes K3 and leaves K1, its issuer, working', async () => {
      const agency = await createAgency(t);
      const [k1, k2, k3] = await lineage(agency);
      expect((await revoke(k2.id, k1.secret)).body.errors).toBeUndefined();
      expect([await works(k1.secret), await works(k2.secret), await works(k3.secret)]).toEqual([true, false, false]);
    });

    it('keeps the first revocation time of a key already revoked, and revokes what it issued on a second call', async () => {
      const agency = await createAgency(t);
      const [k1, k2, k3] = await lineage(agency);
      const dataSource = t.app.get(DataSource);
      // A revocation from before revocation followed the issued keys: K2 revoked alone, K3 still working.
      await dataSource.query(`UPDATE api_key SET revoked_at = '2025-01-01T00:00:00Z' WHERE id = $1`, [k2.id]);
      expect(await works(k3.secret)).toBe(true);

      expect((await revoke(k1.id)).body.errors).toBeUndefined();
      const [k2Row] = await dataSource.query<{ revoked_at: Date }[]>('SELECT revoked_at FROM api_key WHERE id = $1', [
        k2.id,
      ]);
      expect(k2Row.revoked_at.toISOString()).toBe('2025-01-01T00:00:00.000Z');
      expect([await works(k1.secret), await works(k3.secret)]).toEqual([false, false]);
    });

    it("revoking a hub-admin key revokes the agencies' keys it issued", async () => {
      const agency = await createAgency(t);
      const admin = await issueKey(t, { scopes: ['admin'], label: 'second admin' });
      const issued = await issueKey(t, { agencyId: agency.id, scopes: ['directory:read'] }, admin.secret);
      const further = await issueKey(t, { scopes: ['directory:read'] }, issued.secret);
      expect((await revoke(admin.id)).body.errors).toBeUndefined();
      expect([await works(admin.secret), await works(issued.secret), await works(further.secret)]).toEqual([
        false,
        false,
        false,
      ]);
      expect(await works(t.adminKey)).toBe(true);
      expect(await works(agency.key)).toBe(true);
    });

    it('refuses to issue with a key that was revoked after it authenticated (nothing is stored)', async () => {
      const agency = await createAgency(t);
      const key = await issueKey(t, { agencyId: agency.id, scopes: ['directory:read'] });
      const before = await keyCount(agency.id);
      expect((await revoke(key.id)).body.errors).toBeUndefined();
      // The caller as the guard resolved it just before the revocation committed.
      const caller = { keyId: key.id, agencyId: agency.id, scopes: [Scope.DIRECTORY_READ], isHubAdmin: false };
      await expect(t.app.get(ApiKeysService).issue(caller, { scopes: [Scope.DIRECTORY_READ] })).rejects.toThrow(
        UnauthenticatedError,
      );
      expect(await keyCount(agency.id)).toBe(before);
    });

    it('revokes, on migration, the keys issued by keys that were revoked before revocation followed them', async () => {
      const agency = await createAgency(t);
      const [k1, k2, k3] = await lineage(agency);
      const ids = [k1.id, k2.id, k3.id];
      // The schema before the migration, in a transaction that is rolled back (DDL is transactional), as the
      // owner that runs migrations: the app's own role may not change the schema.
      const owner = new DataSource({ type: 'postgres', url: ownerUrl(t.config.DATABASE_URL) });
      await owner.initialize();
      const runner = owner.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        const migration = new ApiKeyLifetime1764226800000();
        await migration.down(runner);
        await runner.query('UPDATE api_key SET revoked_at = now() WHERE id = $1', [k1.id]);
        await migration.up(runner);
        const rows = (await runner.query(
          'SELECT id, revoked_at IS NOT NULL AS revoked FROM api_key WHERE id = ANY($1::uuid[]) ORDER BY id',
          [ids],
        )) as { id: string; revoked: boolean }[];
        expect(rows).toEqual([...ids].sort().map((id) => ({ id, revoked: true })));
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
        await owner.destroy();
      }
      expect(await works(k3.secret)).toBe(true);
    });

    it('revokes the keys issued with the previous demo keys when the demo keys are rotated', async () => {
      const agency = await createAgency(t);
      const apiKeys = t.app.get(ApiKeysService);
      const [demoAdmin] = await apiKeys.rotateDemoKeys([]);
      const issued = await issueKey(t, { agencyId: agency.id, scopes: ['directory:read'] }, demoAdmin.secret);
      expect(await works(issued.secret)).toBe(true);
      const [nextAdmin] = await apiKeys.rotateDemoKeys([]);
      expect([await works(demoAdmin.secret), await works(issued.secret), await works(nextAdmin.secret)]).toEqual([
        false,
        false,
        true,
      ]);
    });

    it('publishes the whole revoked set and its agencies on the event bus', async () => {
      const agency = await createAgency(t);
      const [k1, k2, k3] = await lineage(agency);
      const bus: EventBus = createEventBus(t.config);
      try {
        const received: KeysRevokedPayload[] = [];
        await new Promise<void>((resolve) =>
          bus.on(
            keysRevokedTopic(t.config),
            (message, done) => {
              received.push(message.payload as KeysRevokedPayload);
              done();
            },
            () => resolve(),
          ),
        );
        expect((await revoke(k1.id)).body.errors).toBeUndefined();
        for (let waited = 0; received.length === 0 && waited < 5000; waited += 20) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(received).toHaveLength(1);
        expect([...received[0].keyIds].sort()).toEqual([k1.id, k2.id, k3.id].sort());
        expect(received[0].agencyIds).toEqual([agency.id]);
      } finally {
        await closeEventBus(bus);
      }
    });
  });

  describe('apiKeys', () => {
    it("lists the agency's keys with their issuer, newest first, and never a secret", async () => {
      const agency = await createAgency(t);
      const [k1, k2, k3] = await lineage(agency);
      const response = await list({ first: 100 }, agency.key);
      expect(response.body.errors).toBeUndefined();
      const keys = response.body.data!.apiKeys.edges.map((edge) => edge.node);
      expect(response.body.data!.apiKeys.totalCount).toBe(4);
      expect(keys.map((key) => key.label)).toEqual(['K3', 'K2', 'K1', null]);

      const prefix = (secret: string) => secret.split('_')[1];
      expect(keys[0]).toEqual({
        id: k3.id,
        prefix: prefix(k3.secret),
        label: 'K3',
        scopes: ['directory:read'],
        agencyId: agency.id,
        createdAt: expect.any(String),
        lastUsedAt: null,
        expiresAt: null,
        revokedAt: null,
        issuedBy: { id: k2.id, prefix: prefix(k2.secret), isHubAdmin: false },
      });
      expect(keys[1].issuedBy).toEqual({ id: k1.id, prefix: prefix(k1.secret), isHubAdmin: false });
      expect(keys[2].issuedBy).toEqual(expect.objectContaining({ prefix: prefix(t.adminKey), isHubAdmin: true }));

      const text = JSON.stringify(response.body);
      for (const key of [k1, k2, k3, { secret: agency.key }]) {
        expect(text.includes(key.secret.slice(-43))).toBe(false);
      }
      for (const type of ['ApiKey', 'ApiKeyIssuer']) {
        const fields = await t.gql<{ __type: { fields: { name: string }[] } }>(
          `{ __type(name: "${type}") { fields { name } } }`,
        );
        expect(fields.body.data!.__type.fields.map((field) => field.name)).not.toContainEqual(
          expect.stringMatching(/secret|hash/i),
        );
      }
    });

    it('pages with first/after and refuses a cursor of another list as BAD_USER_INPUT', async () => {
      const agency = await createAgency(t);
      await lineage(agency);
      const first = (await list({ first: 3 }, agency.key)).body.data!.apiKeys;
      expect(first.edges).toHaveLength(3);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const rest = (await list({ first: 3, after: first.pageInfo.endCursor }, agency.key)).body.data!.apiKeys;
      expect(rest.edges).toHaveLength(1);
      expect(rest.pageInfo.hasNextPage).toBe(false);
      expect(new Set([...first.edges, ...rest.edges].map((edge) => edge.node.id)).size).toBe(4);

      const other = await createAgency(t);
      expectError(await list({ after: first.pageInfo.endCursor }, other.key), 'BAD_USER_INPUT', { field: 'after' });
      expectError(await list({ after: 'not-a-cursor' }, agency.key), 'BAD_USER_INPUT', { field: 'after' });
      expectError(await list({ after: Buffer.from('["x"]').toString('base64url') }, agency.key), 'BAD_USER_INPUT', {
        field: 'after',
      });
    });

    it("does not show or revoke another agency's keys (FORBIDDEN to list, NOT_FOUND to revoke)", async () => {
      const [agency, foreign] = [await createAgency(t), await createAgency(t)];
      const [k1, k2] = await lineage(agency);
      const foreignList = await listAll(foreign.key);
      expect(foreignList.map((key) => key.id)).not.toContain(k1.id);
      expect(foreignList.every((key) => key.agencyId === foreign.id)).toBe(true);
      expectError(await list({ agencyId: agency.id }, foreign.key), 'FORBIDDEN');
      expectError(await revoke(k2.id, foreign.key), 'NOT_FOUND');
      expect(await works(k2.secret)).toBe(true);
    });

    it("lets the hub admin list an agency's keys by agencyId, and the hub-admin keys without it", async () => {
      const agency = await createAgency(t);
      const [k1] = await lineage(agency);
      const agencyKeys = (await list({ agencyId: agency.id, first: 100 })).body.data!.apiKeys;
      expect(agencyKeys.totalCount).toBe(4);
      expect(agencyKeys.edges.map((edge) => edge.node.id)).toContain(k1.id);
      const adminKeys = (await list({ first: 100 })).body.data!.apiKeys.edges.map((edge) => edge.node);
      expect(adminKeys.length).toBeGreaterThan(0);
      expect(adminKeys.every((key) => key.agencyId === null)).toBe(true);
      expect(adminKeys.map((key) => key.prefix)).toContain(t.adminKey.split('_')[1]);
    });

    it('records lastUsedAt when a key is used, and at most once a minute', async () => {
      const agency = await createAgency(t);
      const key = await issueKey(t, { agencyId: agency.id, scopes: ['directory:read'] });
      const lastUsed = async () => (await listAll(agency.key)).find((row) => row.id === key.id)!.lastUsedAt;
      expect(await lastUsed()).toBeNull();

      expect(await works(key.secret)).toBe(true);
      let recorded: string | null = null;
      for (let waited = 0; !recorded && waited < 5000; waited += 20) {
        recorded = await lastUsed();
        if (!recorded) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(recorded).toEqual(expect.any(String));

      expect(await works(key.secret)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await lastUsed()).toBe(recorded);
    });
  });

  describe('expiresAt', () => {
    it('issues a key with an expiry, and refuses it as UNAUTHENTICATED once expired', async () => {
      const agency = await createAgency(t);
      const expiresAt = new Date(Date.now() + HOUR).toISOString();
      const response = await issue({ scopes: ['directory:read'], expiresAt }, agency.key);
      expect(response.body.errors).toBeUndefined();
      const { secret, apiKey } = response.body.data!.issueApiKey;
      expect(apiKey.expiresAt).toBe(expiresAt);
      expect(await works(secret)).toBe(true);

      // Time passing, written into the row: a change behind the API's back, which an instance that has the key
      // cached sees only after API_KEY_CACHE_TTL (test/key-cache.e2e-spec.ts), so the cache is told here.
      await t.app
        .get(DataSource)
        .query(`UPDATE api_key SET expires_at = now() - interval '1 second' WHERE id = $1`, [apiKey.id]);
      t.app.get(AuthService).forgetKeys([apiKey.id]);
      const refused = await t.gql(VIEWER, { key: secret });
      expectError(refused, 'UNAUTHENTICATED');
      // Told apart from a key that never existed by nothing.
      const unknown = await t.gql(VIEWER, { key: generateApiKey().secret });
      expect(refused.body.errors![0].message).toBe(unknown.body.errors![0].message);
    });

    it('refuses an expiresAt in the past, or more than ten years ahead, as BAD_USER_INPUT and stores nothing', async () => {
      const agency = await createAgency(t);
      const before = await keyCount(agency.id);
      for (const expiresAt of [new Date(Date.now() - 1000), new Date(Date.now() + 11 * 366 * 24 * HOUR)]) {
        expectError(
          await issue({ scopes: ['directory:read'], expiresAt: expiresAt.toISOString() }, agency.key),
          'BAD_USER_INPUT',
          { field: 'input.expiresAt' },
        );
      }
      expect(await keyCount(agency.id)).toBe(before);
    });

    it('does not let a key outlive the key that issued it', async () => {
      const agency = await createAgency(t);
      const limit = new Date(Date.now() + HOUR).toISOString();
      const k1 = (await issue({ scopes: ['directory:read'], expiresAt: limit }, agency.key)).body.data!.issueApiKey;
      const before = await keyCount(agency.id);
      expectError(
        await issue(
          { scopes: ['directory:read'], expiresAt: new Date(Date.now() + 2 * HOUR).toISOString() },
          k1.secret,
        ),
        'BAD_USER_INPUT',
        { field: 'input.expiresAt', maxExpiresAt: limit },
      );
      expect(await keyCount(agency.id)).toBe(before);

      const inherited = await issue({ scopes: ['directory:read'] }, k1.secret);
      expect(inherited.body.data!.issueApiKey.apiKey).toEqual(
        expect.objectContaining({ expiresAt: limit, issuedBy: expect.objectContaining({ id: k1.apiKey.id }) }),
      );
    });
  });
});
