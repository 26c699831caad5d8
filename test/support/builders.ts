import { AGENCY_SCOPES } from '@tsunagu/platform';
import { uniqueSuffix, type TestApp } from './test-app.js';

export interface TestAgency {
  id: string;
  code: string;
  key: string;
}

export function agencyInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    code: `T-${uniqueSuffix()}`,
    name: 'テスト相談支援センター',
    nameEn: 'Test consultation centre',
    sector: 'POVERTY',
    kind: '自立相談支援機関',
    contactEmail: 'window@example.jp',
    needCategories: ['INCOME', 'HOUSING'],
    serviceAreas: [{ level: 'MUNICIPALITY', code: '231100' }],
    ...overrides,
  };
}

const CREATE_AGENCY = /* GraphQL */ `
  mutation ($input: CreateAgencyInput!) {
    createAgency(input: $input) {
      id
      code
    }
  }
`;
const ISSUE_KEY = /* GraphQL */ `
  mutation ($input: IssueApiKeyInput!) {
    issueApiKey(input: $input) {
      secret
      apiKey {
        id
      }
    }
  }
`;

/** Creates an agency through the API (as hub admin) and a key for it. */
export async function createAgency(
  t: TestApp,
  overrides: Record<string, unknown> = {},
  scopes: readonly string[] = AGENCY_SCOPES,
): Promise<TestAgency> {
  const created = await t.gql<{ createAgency: { id: string; code: string } }>(CREATE_AGENCY, {
    variables: { input: agencyInput(overrides) },
  });
  if (!created.body.data?.createAgency) throw new Error(`createAgency failed: ${JSON.stringify(created.body.errors)}`);
  const { id, code } = created.body.data.createAgency;
  const key = await issueKey(t, { agencyId: id, scopes: [...scopes] });
  return { id, code, key: key.secret };
}

export async function issueKey(
  t: TestApp,
  input: Record<string, unknown>,
  asKey: string = t.adminKey,
): Promise<{ secret: string; id: string }> {
  const issued = await t.gql<{ issueApiKey: { secret: string; apiKey: { id: string } } }>(ISSUE_KEY, {
    variables: { input },
    key: asKey,
  });
  if (!issued.body.data?.issueApiKey) throw new Error(`issueApiKey failed: ${JSON.stringify(issued.body.errors)}`);
  return { secret: issued.body.data.issueApiKey.secret, id: issued.body.data.issueApiKey.apiKey.id };
}

/** Creates an agency through the API (as hub admin) without issuing a key for it. */
export async function createAgencyRecord(
  t: TestApp,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; code: string }> {
  const created = await t.gql<{ createAgency: { id: string; code: string } }>(CREATE_AGENCY, {
    variables: { input: agencyInput(overrides) },
  });
  if (!created.body.data?.createAgency) throw new Error(`createAgency failed: ${JSON.stringify(created.body.errors)}`);
  return created.body.data.createAgency;
}
