import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { createAgency, type TestAgency } from './support/builders.js';
import { consentedPair, CREATE_REFERRAL, dataOf, referralInput } from './support/referral-builders.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';

type ErrorOf = NonNullable<GraphQLResponse['body']['errors']>[number];

/** The one error of a response; a response without exactly one fails the test with the whole answer. */
function onlyError(response: GraphQLResponse<unknown>): ErrorOf {
  expect(response.body.errors).toHaveLength(1);
  return response.body.errors![0];
}

/** Everything of an error but its message: what must not change with the language. */
function withoutMessage({ message: _message, ...rest }: ErrorOf): Omit<ErrorOf, 'message'> {
  return rest;
}

const JA = { 'accept-language': 'ja' };

/** Error messages follow Accept-Language (English by default); codes, paths and details never change. */
describe('error messages in Japanese', () => {
  let t: TestApp;
  let sender: TestAgency;
  let recipient: TestAgency;

  beforeAll(async () => {
    t = await startTestApp();
    sender = await createAgency(t);
    recipient = await createAgency(t);
  });
  afterAll(() => t.close());

  /** The same request in English (no header) and with each Accept-Language given. */
  async function inLanguages(
    query: string,
    options: { variables?: Record<string, unknown>; key?: string | null },
    headers: Record<string, string>[] = [JA],
  ) {
    const english = await t.gql(query, options);
    const others = [];
    for (const header of headers) others.push(await t.gql(query, { ...options, headers: header }));
    return { english, others };
  }

  it('NOT_FOUND: a referral the caller may not see', async () => {
    const id = randomUUID();
    const { english, others } = await inLanguages('query ($id: ID!) { referral(id: $id) { id } }', {
      variables: { id },
      key: sender.key,
    });
    const [japanese] = others;

    expect(onlyError(english)).toMatchObject({ message: 'Referral not found', extensions: { code: 'NOT_FOUND' } });
    expect(onlyError(japanese).message).toBe('紹介（Referral）が見つかりません。');
    expect(withoutMessage(onlyError(japanese))).toEqual(withoutMessage(onlyError(english)));
    expect(japanese.body.data).toEqual(english.body.data);
  });

  it('reads q-values: ja-JP and "en;q=0.5, ja;q=0.9" are Japanese, "ja;q=0.1, en" and "fr" are English', async () => {
    const { english, others } = await inLanguages(
      'query ($id: ID!) { referral(id: $id) { id } }',
      { variables: { id: randomUUID() }, key: sender.key },
      [
        { 'accept-language': 'ja-JP' },
        { 'accept-language': 'en;q=0.5, ja;q=0.9' },
        { 'accept-language': 'ja;q=0.1, en' },
        { 'accept-language': 'fr' },
      ],
    );
    expect(others.map((response) => onlyError(response).message)).toEqual([
      '紹介（Referral）が見つかりません。',
      '紹介（Referral）が見つかりません。',
      'Referral not found',
      'Referral not found',
    ]);
    for (const response of others)
      expect(withoutMessage(onlyError(response))).toEqual(withoutMessage(onlyError(english)));
  });

  it("a variable that does not coerce keeps graphql-js's English behind a Japanese prefix naming the field", async () => {
    const { personId } = await consentedPair(t, sender, recipient);
    const { english, others } = await inLanguages(CREATE_REFERRAL, {
      variables: { input: referralInput(personId, recipient.id, { urgency: 'SOON' }) },
      key: sender.key,
    });
    const [japanese] = others;

    const englishError = onlyError(english);
    expect(englishError.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.urgency' });
    expect(onlyError(japanese).message).toBe(
      `リクエストが GraphQL として正しくありません（項目: input.urgency）: ${englishError.message}`,
    );
    expect(withoutMessage(onlyError(japanese))).toEqual(withoutMessage(englishError));
  });

  it('BAD_USER_INPUT of the input checks: the reason and the field path in Japanese', async () => {
    const { english, others } = await inLanguages(
      'mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }',
      {
        variables: { input: { familyName: '山田', givenName: '花子', email: 'a\u0000@example.jp' } },
        key: sender.key,
      },
    );
    const [japanese] = others;

    expect(onlyError(english)).toMatchObject({
      message: 'input.email must not contain a NUL character',
      extensions: { code: 'BAD_USER_INPUT', field: 'input.email', reason: 'NUL_CHARACTER' },
    });
    expect(onlyError(japanese).message).toBe(
      '入力内容が正しくありません。文字列に NUL 文字を含めることはできません。（項目: input.email）',
    );
    expect(withoutMessage(onlyError(japanese))).toEqual(withoutMessage(onlyError(english)));
  });

  /** A DRAFT from the sender to the recipient about a person who consented to share these categories. */
  async function draft(consented: string[], shared: string[] = consented): Promise<string> {
    const { personId } = await consentedPair(t, sender, recipient, consented);
    const response = await t.gql<{ createReferral: { id: string } }>(CREATE_REFERRAL, {
      variables: { input: referralInput(personId, recipient.id, { sharedCategories: shared }) },
      key: sender.key,
    });
    return dataOf(response, 'createReferral').createReferral.id;
  }

  const SEND = 'mutation ($id: ID!) { sendReferral(id: $id) { id status } }';

  it('CONSENT_REQUIRED (the consent gate of sending): the categories the consent does not cover', async () => {
    const id = await draft(['IDENTITY', 'CONTACT'], ['IDENTITY', 'CONTACT', 'HEALTH_DISABILITY', 'INCOME_DEBT']);
    const { english, others } = await inLanguages(SEND, { variables: { id }, key: sender.key });
    const [japanese] = others;

    const englishError = onlyError(english);
    expect(englishError).toMatchObject({
      message: 'No consent or legal basis covers this disclosure (CATEGORIES_NOT_COVERED)',
      extensions: {
        code: 'CONSENT_REQUIRED',
        missing: { reason: 'CATEGORIES_NOT_COVERED', categories: ['HEALTH_DISABILITY', 'INCOME_DEBT'] },
      },
    });
    expect(onlyError(japanese).message).toBe(
      'この情報の提供を認める本人の同意または法的根拠がありません。同意が一部の情報の区分を含んでいません。' +
        '同意が必要な区分: HEALTH_DISABILITY、INCOME_DEBT。目的: REFERRAL。法的根拠: CONSENT。',
    );
    expect(withoutMessage(onlyError(japanese))).toEqual(withoutMessage(englishError));
  });

  it('INVALID_TRANSITION: the current status and the allowed next ones, in both languages', async () => {
    const id = await draft(['IDENTITY', 'CONTACT']);
    dataOf(await t.gql(SEND, { variables: { id }, key: sender.key }), 'sendReferral');

    const { english, others } = await inLanguages('mutation ($id: ID!) { startReferral(id: $id) { id } }', {
      variables: { id },
      key: recipient.key,
    });
    const [japanese] = others;

    const englishError = onlyError(english);
    expect(englishError.extensions).toEqual({
      code: 'INVALID_TRANSITION',
      current: 'REQUESTED',
      attempted: 'START',
      allowed: ['RECEIVED', 'ACCEPTED', 'REJECTED'],
    });
    expect(englishError.message).toContain('allowed next: RECEIVED, ACCEPTED, REJECTED');
    expect(onlyError(japanese).message).toBe(
      'この状態の変更は許可されていません（現在の状態: REQUESTED、求められた変更: START）。' +
        '次に可能な状態: RECEIVED、ACCEPTED、REJECTED。',
    );
    expect(withoutMessage(onlyError(japanese))).toEqual(withoutMessage(englishError));
  });

  it('UNAUTHENTICATED before the document is read: Japanese message, same code and status', async () => {
    const { english, others } = await inLanguages('{ viewer { scopes } }', { key: null });
    const [japanese] = others;

    expect(english.status).toBe(401);
    expect(japanese.status).toBe(401);
    expect(onlyError(english).extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(onlyError(japanese).message).toBe(
      '有効な API キーが必要です。「Authorization: Bearer <キー>」ヘッダーで、失効していない API キーを送ってください。',
    );
    expect(withoutMessage(onlyError(japanese))).toEqual(withoutMessage(onlyError(english)));
  });
});

/**
 * The first answer of a graphql-ws subscription: the errors of its first result, or of the error message that
 * refused it. `headers` go on the WebSocket upgrade request.
 */
async function firstSubscriptionErrors(
  t: TestApp,
  key: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<ErrorOf[]> {
  class WithHeaders extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  const client = createClient({
    url: `${t.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WithHeaders,
    connectionParams: { authorization: `Bearer ${key}` },
    retryAttempts: 0,
    lazy: true,
  });
  try {
    const iterator = client.iterate({ query, variables });
    try {
      const first = await iterator.next();
      if (first.done || !first.value.errors) throw new Error(`expected errors, got ${JSON.stringify(first)}`);
      return first.value.errors as ErrorOf[];
    } catch (refused) {
      if (Array.isArray(refused)) return refused as ErrorOf[];
      throw refused;
    } finally {
      await iterator.return?.();
    }
  } finally {
    await client.dispose();
  }
}

const REFERRAL_EVENTS = 'subscription ($after: String) { referralEvents(after: $after) { id } }';

/** Over graphql-ws, the language is the one of the connection's upgrade request. */
describe('subscription errors in Japanese', () => {
  let t: TestApp;
  let agency: TestAgency;
  let limited: TestAgency;

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t);
    limited = await createAgency(t, {}, ['directory:read']);
  });
  afterAll(() => t.close());

  it('FORBIDDEN for a key without referrals:read: Japanese message, same code and details', async () => {
    const english = await firstSubscriptionErrors(t, limited.key, REFERRAL_EVENTS, {});
    const japanese = await firstSubscriptionErrors(t, limited.key, REFERRAL_EVENTS, {}, JA);

    expect(english).toHaveLength(1);
    expect(english[0].extensions).toEqual({ code: 'FORBIDDEN', missingScopes: ['referrals:read'] });
    expect(english[0].message).toBe('The API key lacks the scope referrals:read');
    expect(japanese.map((error) => error.message)).toEqual([
      'この操作を行う権限がありません。不足しているスコープ: referrals:read。',
    ]);
    expect(japanese.map(withoutMessage)).toEqual(english.map(withoutMessage));
  });

  it('BAD_USER_INPUT for a malformed cursor: the reason and the field in Japanese', async () => {
    const english = await firstSubscriptionErrors(t, agency.key, REFERRAL_EVENTS, { after: 'nope!' });
    const japanese = await firstSubscriptionErrors(t, agency.key, REFERRAL_EVENTS, { after: 'nope!' }, JA);

    expect(english.map((error) => error.extensions)).toEqual([
      { code: 'BAD_USER_INPUT', field: 'after', reason: 'MALFORMED_CURSOR' },
    ]);
    expect(japanese.map((error) => error.message)).toEqual([
      '入力内容が正しくありません。このリストが返したカーソルではありません。（項目: after）',
    ]);
    expect(japanese.map(withoutMessage)).toEqual(english.map(withoutMessage));
  });

  it("a validation error keeps graphql-js's English behind the Japanese prefix", async () => {
    const query = 'subscription { referralEvents { nope } }';
    const english = await firstSubscriptionErrors(t, agency.key, query, {});
    const japanese = await firstSubscriptionErrors(t, agency.key, query, {}, { 'accept-language': 'ja-JP' });

    expect(english.map((error) => error.extensions.code)).toEqual(['BAD_USER_INPUT']);
    expect(japanese.map((error) => error.message)).toEqual([
      `リクエストが GraphQL として正しくありません: ${english[0].message}`,
    ]);
    expect(japanese.map(withoutMessage)).toEqual(english.map(withoutMessage));
  });
});

/** The enums partners show to people describe every value in Japanese and English. */
describe('enum descriptions in both languages', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const DISPLAYED = [
    'Sector',
    'Urgency',
    'ReferralStatus',
    'DeclineReason',
    'DataCategory',
    'ConsentPurpose',
    'ConsentMethod',
    'ConsentStatus',
    'LegalBasis',
    'UnmetReason',
    'ParticipantKind',
  ];

  it.each(DISPLAYED)('%s: every value is described as "日本語 / English"', async (name) => {
    const response = await t.gql<{ __type: { enumValues: { name: string; description: string | null }[] } }>(
      'query ($name: String!) { __type(name: $name) { enumValues { name description } } }',
      { variables: { name } },
    );
    const values = dataOf(response, `__type ${name}`).__type.enumValues;
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) {
      expect({ value: value.name, description: value.description }).toEqual({
        value: value.name,
        description: expect.stringMatching(
          /^[^/]*[\u3040-\u30ff\u4e00-\u9fff][^/]* \/ [A-Z][\x20-\x7e\u00c0-\u017f]+$/,
        ),
      });
    }
  });

  it('describes a sector by the labels of the sectors query', async () => {
    const response = await t.gql<{
      __type: { enumValues: { name: string; description: string }[] };
      sectors: { code: string; labelJa: string; labelEn: string }[];
    }>('{ __type(name: "Sector") { enumValues { name description } } sectors { code labelJa labelEn } }');
    const data = dataOf(response, 'Sector');
    const described = Object.fromEntries(data.__type.enumValues.map((value) => [value.name, value.description]));
    for (const sector of data.sectors) expect(described[sector.code]).toBe(`${sector.labelJa} / ${sector.labelEn}`);
  });
});
