import { createHash, randomUUID } from 'node:crypto';
import { AGENCY_SCOPES, ApiKeysService, generateApiKey } from '@tsunagu/platform';
import { DataSource } from 'typeorm';
import { agencyInput, createAgency, issueKey, type TestAgency } from './support/builders.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';

const KEY_FORMAT = /^tsu_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

const VIEWER = '{ viewer { isHubAdmin scopes agency { id code } } }';
const AGENCIES = '{ agencies(first: 1) { totalCount } }';
const ISSUE_KEY = /* GraphQL */ `
  mutation ($input: IssueApiKeyInput!) {
    issueApiKey(input: $input) {
      secret
      apiKey {
        id
        prefix
        label
        scopes
        agencyId
        isHubAdmin
        revokedAt
      }
    }
  }
`;
const REVOKE_KEY = /* GraphQL */ `
  mutation ($id: ID!) {
    revokeApiKey(id: $id) {
      id
      prefix
      agencyId
      revokedAt
    }
  }
`;

interface ViewerView {
  isHubAdmin: boolean;
  scopes: string[];
  agency: { id: string; code: string } | null;
}

interface IssuedView {
  secret: string;
  apiKey: {
    id: string;
    prefix: string;
    label: string | null;
    scopes: string[];
    agencyId: string | null;
    isHubAdmin: boolean;
    revokedAt: string | null;
  };
}

interface RevokedView {
  id: string;
  prefix: string;
  agencyId: string | null;
  revokedAt: string | null;
}

describe('API keys and access', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  function expectError(
    response: GraphQLResponse<unknown>,
    code: string,
    extensions: Record<string, unknown> = {},
  ): void {
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors![0].extensions).toEqual(expect.objectContaining({ code, ...extensions }));
  }

  async function viewer(key: string | null): Promise<GraphQLResponse<{ viewer: ViewerView }>> {
    return t.gql<{ viewer: ViewerView }>(VIEWER, { key });
  }

  async function issue(input: Record<string, unknown>, key?: string) {
    return t.gql<{ issueApiKey: IssuedView }>(ISSUE_KEY, { variables: { input }, key });
  }

  async function revoke(id: string, key?: string) {
    return t.gql<{ revokeApiKey: RevokedView }>(REVOKE_KEY, { variables: { id }, key });
  }

  async function apiKeyRows(where: string, parameters: unknown[]): Promise<Record<string, unknown>[]> {
    return t.app.get(DataSource).query<Record<string, unknown>[]>(`SELECT * FROM api_key WHERE ${where}`, parameters);
  }

  function prefixOf(secret: string): string {
    return KEY_FORMAT.exec(secret)![1];
  }

  describe('authentication', () => {
    it('refuses agencies and viewer without an Authorization header as UNAUTHENTICATED', async () => {
      expectError(await t.gql(AGENCIES, { key: null }), 'UNAUTHENTICATED');
      expectError(await viewer(null), 'UNAUTHENTICATED');
    });

    it('refuses a malformed token as UNAUTHENTICATED', async () => {
      expectError(await t.gql(AGENCIES, { key: 'not-a-key' }), 'UNAUTHENTICATED');
      expectError(await t.gql(AGENCIES, { key: 'tsu_short_secret' }), 'UNAUTHENTICATED');
      expectError(
        await t.gql(AGENCIES, { key: null, headers: { authorization: `Basic ${t.adminKey}` } }),
        'UNAUTHENTICATED',
      );
    });

    it('refuses a well-formed key that was never issued as UNAUTHENTICATED', async () => {
      expectError(await t.gql(AGENCIES, { key: generateApiKey().secret }), 'UNAUTHENTICATED');
    });

    it('refuses a key with a known prefix but the wrong secret as UNAUTHENTICATED', async () => {
      const forged = `tsu_${prefixOf(t.adminKey)}_${generateApiKey().secret.slice(-43)}`;
      expectError(await t.gql(AGENCIES, { key: forged }), 'UNAUTHENTICATED');
    });

    it('answers nothing without a key, not even { __typename }: 401 before the document is parsed', async () => {
      const response = await t.gql('{ __typename }', { key: null });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ errors: [expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })] });
    });
  });

  describe('viewer', () => {
    it("shows an agency key's agency and scopes, not hub admin", async () => {
      const agency = await createAgency(t);
      const response = await viewer(agency.key);
      expect(response.body.data!.viewer).toEqual({
        isHubAdmin: false,
        scopes: expect.arrayContaining([...AGENCY_SCOPES]) as unknown,
        agency: { id: agency.id, code: agency.code },
      });
      expect(response.body.data!.viewer.scopes).toHaveLength(AGENCY_SCOPES.length);
    });

    it('shows the hub-admin key as hub admin without an agency', async () => {
      const response = await viewer(t.adminKey);
      expect(response.body.data!.viewer).toEqual(expect.objectContaining({ isHubAdmin: true, agency: null }));
      expect(response.body.data!.viewer.scopes).toContain('admin');
    });
  });

  describe('scopes', () => {
    it('refuses agencies to a key without directory:read as FORBIDDEN naming the missing scope', async () => {
      const agency = await createAgency(t, {}, ['persons:read']);
      expectError(await t.gql(AGENCIES, { key: agency.key }), 'FORBIDDEN', { missingScopes: ['directory:read'] });
    });

    it('refuses createAgency to an agency key as FORBIDDEN', async () => {
      const agency = await createAgency(t);
      const response = await t.gql(`mutation ($input: CreateAgencyInput!) { createAgency(input: $input) { id } }`, {
        variables: { input: agencyInput() },
        key: agency.key,
      });
      expectError(response, 'FORBIDDEN');
    });
  });

  describe('issueApiKey', () => {
    it('returns the secret once in the tsu_<8>_<43> format, with its prefix visible on the key', async () => {
      const agency = await createAgency(t);
      const response = await issue({ agencyId: agency.id, scopes: ['directory:read'], label: 'partner CRM' });
      expect(response.body.errors).toBeUndefined();
      const { secret, apiKey } = response.body.data!.issueApiKey;
      expect(secret).toMatch(KEY_FORMAT);
      expect(apiKey).toEqual(
        expect.objectContaining({
          prefix: prefixOf(secret),
          label: 'partner CRM',
          scopes: ['directory:read'],
          agencyId: agency.id,
          isHubAdmin: false,
          revokedAt: null,
        }),
      );
      expect((await viewer(secret)).body.data!.viewer.agency).toEqual({ id: agency.id, code: agency.code });

      const apiKeyType = await t.gql<{ __type: { fields: { name: string }[] } }>(
        '{ __type(name: "ApiKey") { fields { name } } }',
      );
      expect(apiKeyType.body.data!.__type.fields.map((field) => field.name)).not.toContainEqual(
        expect.stringMatching(/secret|hash/i),
      );
    });

    it('stores the key only as its SHA-256 hash', async () => {
      const agency = await createAgency(t);
      const { secret, apiKey } = (await issue({ agencyId: agency.id, scopes: ['directory:read'] })).body.data!
        .issueApiKey;
      const [row] = await apiKeyRows('id = $1', [apiKey.id]);
      const randomPart = KEY_FORMAT.exec(secret)![2];

      for (const [column, value] of Object.entries(row)) {
        const texts = Buffer.isBuffer(value)
          ? [value.toString('utf8'), value.toString('hex'), value.toString('base64'), value.toString('base64url')]
          : [JSON.stringify(value) ?? ''];
        for (const text of texts) {
          expect({ column, leaks: text.includes(randomPart) }).toEqual({ column, leaks: false });
        }
      }
      expect(Buffer.isBuffer(row.secret_hash)).toBe(true);
      expect((row.secret_hash as Buffer).length).toBe(32);
      expect((row.secret_hash as Buffer).equals(createHash('sha256').update(secret, 'utf8').digest())).toBe(true);
      expect(row.prefix).toBe(prefixOf(secret));
    });

    it('lets an agency key issue a key for its own agency with a subset of its scopes', async () => {
      const agency = await createAgency(t);
      const response = await issue({ agencyId: agency.id, scopes: ['directory:read', 'referrals:read'] }, agency.key);
      expect(response.body.errors).toBeUndefined();
      const issued = response.body.data!.issueApiKey;
      expect(issued.apiKey).toEqual(expect.objectContaining({ agencyId: agency.id, isHubAdmin: false }));
      expect([...issued.apiKey.scopes].sort()).toEqual(['directory:read', 'referrals:read']);
      const seen = (await viewer(issued.secret)).body.data!.viewer;
      expect(seen.agency?.id).toBe(agency.id);
      expect([...seen.scopes].sort()).toEqual(['directory:read', 'referrals:read']);
    });

    it('issues a key for the calling agency when an agency key omits agencyId', async () => {
      const agency = await createAgency(t);
      const response = await issue({ scopes: ['directory:read'] }, agency.key);
      expect(response.body.data!.issueApiKey.apiKey).toEqual(
        expect.objectContaining({ agencyId: agency.id, isHubAdmin: false }),
      );
    });

    it('refuses an agency key issuing a key for another agency as FORBIDDEN', async () => {
      const [mine, other] = [await createAgency(t), await createAgency(t)];
      expectError(await issue({ agencyId: other.id, scopes: ['directory:read'] }, mine.key), 'FORBIDDEN');
      expect(await apiKeyRows('agency_id = $1', [other.id])).toHaveLength(1);
    });

    it('refuses an agency key granting scopes it lacks as FORBIDDEN', async () => {
      const agency = await createAgency(t, {}, ['directory:read', 'directory:write']);
      expectError(
        await issue({ agencyId: agency.id, scopes: ['directory:read', 'persons:read'] }, agency.key),
        'FORBIDDEN',
        {
          missingScopes: ['persons:read'],
        },
      );
      expectError(await issue({ scopes: ['admin'] }, agency.key), 'FORBIDDEN');
    });

    it("refuses the 'admin' scope on an agency's key as BAD_USER_INPUT", async () => {
      const agency = await createAgency(t);
      expectError(await issue({ agencyId: agency.id, scopes: ['directory:read', 'admin'] }), 'BAD_USER_INPUT', {
        field: 'input.scopes',
      });
    });

    it('refuses an unknown scope as BAD_USER_INPUT naming the scopes field', async () => {
      const agency = await createAgency(t);
      expectError(await issue({ agencyId: agency.id, scopes: ['directory:delete'] }), 'BAD_USER_INPUT', {
        field: 'input.scopes',
      });
    });

    it('answers NOT_FOUND for an unknown agencyId', async () => {
      expectError(await issue({ agencyId: randomUUID(), scopes: ['directory:read'] }), 'NOT_FOUND');
    });

    it('issues hub-admin keys, with the admin scope, when the hub admin omits agencyId', async () => {
      const response = await issue({ scopes: ['directory:read'], label: 'second admin' });
      const issued = response.body.data!.issueApiKey;
      expect(issued.apiKey).toEqual(expect.objectContaining({ agencyId: null, isHubAdmin: true }));
      expect(issued.apiKey.scopes).toContain('admin');
      expect((await viewer(issued.secret)).body.data!.viewer).toEqual(
        expect.objectContaining({ isHubAdmin: true, agency: null }),
      );
    });
  });

  describe('revokeApiKey', () => {
    let agency: TestAgency;

    beforeEach(async () => {
      agency = await createAgency(t);
    });

    it('makes the revoked key UNAUTHENTICATED on its very next request', async () => {
      const key = await issueKey(t, { agencyId: agency.id, scopes: ['directory:read'] });
      expect((await viewer(key.secret)).body.data!.viewer.agency?.id).toBe(agency.id);
      const revoked = await revoke(key.id);
      expect(revoked.body.data!.revokeApiKey).toEqual(
        expect.objectContaining({ id: key.id, revokedAt: expect.any(String) as unknown }),
      );
      expectError(await viewer(key.secret), 'UNAUTHENTICATED');
    });

    it('returns the same still-revoked key when revoked again', async () => {
      const key = await issueKey(t, { agencyId: agency.id, scopes: ['directory:read'] });
      const first = (await revoke(key.id)).body.data!.revokeApiKey;
      const again = await revoke(key.id);
      expect(again.body.errors).toBeUndefined();
      expect(again.body.data!.revokeApiKey).toEqual(first);
      expectError(await viewer(key.secret), 'UNAUTHENTICATED');
    });

    it("lets an agency revoke its own keys but not another agency's (NOT_FOUND)", async () => {
      const other = await createAgency(t);
      const othersKey = await issueKey(t, { agencyId: other.id, scopes: ['directory:read'] });
      expectError(await revoke(othersKey.id, agency.key), 'NOT_FOUND');
      expect((await viewer(othersKey.secret)).body.data!.viewer.agency?.id).toBe(other.id);

      const ownKey = await issueKey(t, { agencyId: agency.id, scopes: ['directory:read'] });
      expect((await revoke(ownKey.id, agency.key)).body.data!.revokeApiKey.revokedAt).toEqual(expect.any(String));
      expectError(await viewer(ownKey.secret), 'UNAUTHENTICATED');
    });

    it('refuses to let a weaker key revoke a key with scopes it does not hold (FORBIDDEN)', async () => {
      const weak = await issueKey(t, { agencyId: agency.id, scopes: ['directory:read'] });
      const strongId = (await apiKeyRows('agency_id = $1 AND id <> $2', [agency.id, weak.id]))[0].id as string;
      const response = await revoke(strongId, weak.secret);
      expectError(response, 'FORBIDDEN');
      expect(response.body.errors![0].extensions.missingScopes).toEqual(expect.arrayContaining(['referrals:write']));
      expect((await viewer(agency.key)).body.data!.viewer.agency?.id).toBe(agency.id);
      expect((await revoke(weak.id, weak.secret)).body.data!.revokeApiKey.revokedAt).toEqual(expect.any(String));
    });

    it("lets the hub admin revoke any agency's key", async () => {
      const response = await revoke((await apiKeyRows('agency_id = $1', [agency.id]))[0].id as string);
      expect(response.body.data!.revokeApiKey).toEqual(
        expect.objectContaining({ agencyId: agency.id, revokedAt: expect.any(String) as unknown }),
      );
      expectError(await viewer(agency.key), 'UNAUTHENTICATED');
    });

    it('answers NOT_FOUND for an unknown key id', async () => {
      expectError(await revoke(randomUUID()), 'NOT_FOUND');
    });
  });

  describe('configured HUB_ADMIN_KEY', () => {
    it('works as a hub-admin key', async () => {
      const response = await t.gql<{ viewer: ViewerView }>(VIEWER, { key: t.adminKey });
      expect(response.body.data!.viewer.isHubAdmin).toBe(true);
      expect((await t.gql(AGENCIES, { key: t.adminKey })).body.errors).toBeUndefined();
    });

    it('survives a second app starting with the same HUB_ADMIN_KEY, stored once', async () => {
      const second = await startTestApp({ HUB_ADMIN_KEY: t.adminKey });
      try {
        const response = await second.gql<{ viewer: ViewerView }>(VIEWER, { key: t.adminKey });
        expect(response.body.data!.viewer.isHubAdmin).toBe(true);
      } finally {
        await second.close();
      }
      expect(await apiKeyRows('prefix = $1', [prefixOf(t.adminKey)])).toHaveLength(1);
    });

    it('registers a new HUB_ADMIN_KEY once, without failing, when two instances start at the same time', async () => {
      // What every instance runs on bootstrap (AuthModule.onApplicationBootstrap), here by two at once. Several
      // rounds, because the first round can run on a single pooled connection and so never overlap.
      const apiKeys = t.app.get(ApiKeysService);
      for (let round = 0; round < 5; round += 1) {
        const secret = generateApiKey().secret;
        const results = await Promise.allSettled([
          apiKeys.ensureConfiguredHubAdminKey(secret),
          apiKeys.ensureConfiguredHubAdminKey(secret),
        ]);
        expect(results.map((result) => (result.status === 'rejected' ? String(result.reason) : 'ok'))).toEqual([
          'ok',
          'ok',
        ]);
        expect(await apiKeyRows('prefix = $1', [prefixOf(secret)])).toHaveLength(1);
        expect((await viewer(secret)).body.data!.viewer.isHubAdmin).toBe(true);
      }
    });
  });
});
