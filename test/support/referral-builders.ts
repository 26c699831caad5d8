import { type TestAgency } from './builders.js';
import { type GraphQLResponse, type TestApp } from './test-app.js';

/** Fails the test with the GraphQL errors when a setup step does not succeed. */
export function dataOf<T>(response: GraphQLResponse<T>, what: string): T {
  if (!response.body.data || response.body.errors)
    throw new Error(`${what} failed: ${JSON.stringify(response.body.errors)}`);
  return response.body.data;
}

export const ALL_CATEGORIES = [
  'IDENTITY',
  'CONTACT',
  'HOUSEHOLD',
  'HEALTH_DISABILITY',
  'INCOME_DEBT',
  'EMPLOYMENT',
  'EDUCATION',
  'JUSTICE',
  'CASE_NOTES',
  'SUPPORT_NETWORK',
] as const;

export function personInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    familyName: '山田',
    givenName: '花子',
    familyNameKana: 'ヤマダ',
    givenNameKana: 'ハナコ',
    birthDate: '1980-04-01',
    phone: '052-000-0000',
    email: 'hanako@example.jp',
    municipalityCode: '231100',
    address: '名古屋市中川区1-2-3',
    householdNotes: '母と二人暮らし',
    healthDisability: '通院中',
    incomeDebt: '家賃滞納3か月',
    employment: '求職中',
    education: '高校卒業',
    justice: 'なし',
    caseNotes: '初回面談済み',
    ...overrides,
  };
}

export async function registerPerson(
  t: TestApp,
  agency: TestAgency,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const response = await t.gql<{ registerPerson: { id: string } }>(
    'mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }',
    { variables: { input: personInput(overrides) }, key: agency.key },
  );
  return dataOf(response, 'registerPerson').registerPerson.id;
}

export async function recordConsent(t: TestApp, agency: TestAgency, input: Record<string, unknown>): Promise<string> {
  const response = await t.gql<{ recordConsent: { id: string } }>(
    'mutation ($input: RecordConsentInput!) { recordConsent(input: $input) { id } }',
    { variables: { input: { purposes: ['REFERRAL'], method: 'WRITTEN', ...input } }, key: agency.key },
  );
  return dataOf(response, 'recordConsent').recordConsent.id;
}

export function referralInput(personId: string, toAgencyId: string, overrides: Record<string, unknown> = {}) {
  return {
    personId,
    toAgencyId,
    needCategories: ['HOUSING'],
    summary: '住まいを失うおそれ。家賃滞納あり。',
    urgency: 'NORMAL',
    sharedCategories: ['IDENTITY', 'CONTACT'],
    ...overrides,
  };
}

export const CREATE_REFERRAL = /* GraphQL */ `
  mutation ($input: CreateReferralInput!) {
    createReferral(input: $input) {
      id
      status
      version
      toAgency {
        id
      }
      acknowledgeDueAt
      decisionDueAt
    }
  }
`;

/** A sender, a recipient and a person of the sender with consent to refer IDENTITY and CONTACT. */
export async function consentedPair(
  t: TestApp,
  sender: TestAgency,
  recipient: TestAgency,
  categories: readonly string[] = ['IDENTITY', 'CONTACT'],
): Promise<{ personId: string; consentId: string }> {
  const personId = await registerPerson(t, sender);
  const consentId = await recordConsent(t, sender, {
    personId,
    recipientAgencyId: recipient.id,
    dataCategories: [...categories],
  });
  return { personId, consentId };
}
