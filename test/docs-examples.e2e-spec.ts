import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { CouncilsDemoSeeder } from '@tsunagu/collaboration';
import { DirectorySeeder } from '@tsunagu/directory';
import { AGENCY_SCOPES } from '@tsunagu/platform';
import { Kind, parse, validate, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { Secret, TOTP } from 'otpauth';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { createMigratedDatabase, dropDatabase } from './setup/test-database.js';
import { issueKey, type TestAgency } from './support/builders.js';
import { CREATE_REFERRAL, dataOf, recordConsent, referralInput, registerPerson } from './support/referral-builders.js';
import { subscribe, wsClient, type Subscription } from './support/subscription-client.js';
import { startTestApp, uniqueSuffix, type TestApp } from './support/test-app.js';

/**
 * Every example of docs/examples/ (one per query, mutation and subscription; format in its README.md) run against
 * the real app, in the order of one story on the demo network of 中川区: directory look-ups, the hub admin's set-up,
 * a person and their consent, referrals through each transition, notifications, statistics, a case conference and
 * the support plan it revises, the hearing sheet and ecomap, and a council that takes up what could not be done.
 * Each example must run without GraphQL errors and answer with the keys its documented response shows, at every
 * level; its `{{placeholders}}` are filled in from the story. The schema's operations and the example files must
 * match one to one, and every example must validate against the schema.
 *
 * `DOCS_EXAMPLES_RECORD=1` writes each response back into its example file instead of comparing shapes (ids and
 * secrets the story knows become their placeholders again); review the diff before committing it.
 */

const EXAMPLES = join(import.meta.dirname, '..', 'docs', 'examples');
const RECORD = process.env.DOCS_EXAMPLES_RECORD === '1';
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const NAKAGAWA = '231100';

const adminUrl = process.env.TSUNAGU_TEST_ADMIN_DATABASE_URL as string;
const database = `tsunagu_docs_examples_${process.pid}`;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Example {
  name: string;
  document: string;
  variables: JsonObject;
  response: { data: JsonObject } | null;
}

function exampleNames(): string[] {
  return readdirSync(EXAMPLES)
    .filter((file) => file.endsWith('.graphql'))
    .map((file) => file.slice(0, -'.graphql'.length))
    .sort();
}

function readExample(name: string): Example {
  const file = JSON.parse(readFileSync(join(EXAMPLES, `${name}.json`), 'utf8')) as Omit<Example, 'name' | 'document'>;
  return { name, document: readFileSync(join(EXAMPLES, `${name}.graphql`), 'utf8'), ...file };
}

/** A date in Japan (YYYY-MM-DD). */
function jstDate(at: Date): string {
  return new Date(at.getTime() + 9 * HOUR).toISOString().slice(0, 10);
}

/**
 * `{{name}}`: a value the story remembered (an id, a secret); `{{time:+2d}}` / `{{time:-1h}}`: now plus or minus
 * days or hours as a DateTime; `{{date:+14d}}`: the same as a Date in Japan.
 */
function fill(value: Json, values: ReadonlyMap<string, string>, now: number): Json {
  if (typeof value === 'string') {
    return value.replace(/\{\{([^}]+)\}\}/g, (_, name: string) => {
      const relative = /^(time|date):([+-])(\d+)([dh])$/.exec(name);
      if (relative) {
        const [, kind, sign, amount, unit] = relative;
        const at = new Date(now + (sign === '-' ? -1 : 1) * Number(amount) * (unit === 'd' ? DAY : HOUR));
        return kind === 'time' ? at.toISOString() : jstDate(at);
      }
      const known = values.get(name);
      if (known === undefined) throw new Error(`the story has no value for {{${name}}}`);
      return known;
    });
  }
  if (Array.isArray(value)) return value.map((item) => fill(item, values, now));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item, values, now)]));
  }
  return value;
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Longer lists of objects and long texts are shortened when recorded: they illustrate, the shape is what is checked. */
const RECORDED_LIST_ITEMS = 3;
const RECORDED_TEXT_LENGTH = 300;

/**
 * A response as recorded into its example file: the values the story knows become their placeholders again (the
 * inverse of {@link fill}), lists of objects keep their first items and long texts their beginning.
 */
function recorded(value: Json, values: ReadonlyMap<string, string>): Json {
  if (typeof value === 'string') {
    let text = value.length > RECORDED_TEXT_LENGTH ? `${value.slice(0, RECORDED_TEXT_LENGTH)} …` : value;
    for (const [name, known] of values) text = text.split(known).join(`{{${name}}}`);
    return text;
  }
  if (Array.isArray(value)) {
    const shown = value.some(isObject) ? value.slice(0, RECORDED_LIST_ITEMS) : value;
    return shown.map((item) => recorded(item, values));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, recorded(item, values)]));
  }
  return value;
}

/**
 * Where `actual` does not have the shape of `documented`: the same keys at every level, lists where lists are
 * documented, objects where objects are, and scalars of the same JSON type. A null on either side (a nullable field
 * without a value) and an empty list match anything of their kind; each item of a list is compared with the
 * documented item at its position (or the last one).
 */
function shapeDifferences(documented: Json | undefined, actual: Json | undefined, path = 'data'): string[] {
  if (documented === undefined || actual === undefined) {
    return [`${path}: ${documented === undefined ? 'not documented' : 'missing'}`];
  }
  if (documented === null || actual === null) return [];
  if (Array.isArray(documented) || Array.isArray(actual)) {
    if (!Array.isArray(documented) || !Array.isArray(actual)) return [`${path}: a list on one side only`];
    if (documented.length === 0) return [];
    return actual.flatMap((item, index) =>
      shapeDifferences(documented[Math.min(index, documented.length - 1)], item, `${path}[${index}]`),
    );
  }
  if (isObject(documented) || isObject(actual)) {
    if (!isObject(documented) || !isObject(actual)) return [`${path}: an object on one side only`];
    const keys = new Set([...Object.keys(documented), ...Object.keys(actual)]);
    return [...keys].sort().flatMap((key) => shapeDifferences(documented[key], actual[key], `${path}.${key}`));
  }
  return typeof documented === typeof actual
    ? []
    : [`${path}: ${typeof documented} documented, ${typeof actual} returned`];
}

/** The operation of an example document, which must be its only definition. */
function operationOf(document: string): OperationDefinitionNode {
  const parsed = parse(document);
  const [definition, ...rest] = parsed.definitions;
  if (rest.length > 0 || definition.kind !== Kind.OPERATION_DEFINITION) {
    throw new Error('an example holds exactly one operation');
  }
  return definition;
}

/** A console session: what a browser holds after `POST /auth/sign-in`. */
interface ConsoleSession {
  cookie: string;
  csrf: string;
}

describe('docs/examples: every operation of the API, run as one story', () => {
  let t: TestApp;
  let dataSource: DataSource;
  let schema: GraphQLSchema;
  const demo: Record<string, TestAgency> = {};
  const values = new Map<string, string>();
  const ran = new Set<string>();
  /** When recording: each example's response, written once the story knows every id. */
  const responses = new Map<string, { example: Example; data: JsonObject }>();

  const remember = (entries: Record<string, string>) => {
    for (const [name, value] of Object.entries(entries)) values.set(name, value);
  };

  function prepare(name: string): { example: Example; variables: JsonObject } {
    const example = readExample(name);
    return { example, variables: fill(example.variables, values, Date.now()) as JsonObject };
  }

  /** Checks (or, when recording, stores) an example's response; `data` is what the operation returned. */
  function settle(example: Example, data: JsonObject): void {
    ran.add(example.name);
    if (RECORD) {
      responses.set(example.name, { example, data });
      return;
    }
    expect({ example: example.name, documented: example.response !== null }).toEqual({
      example: example.name,
      documented: true,
    });
    expect({ example: example.name, differences: shapeDifferences(example.response?.data, data) }).toEqual({
      example: example.name,
      differences: [],
    });
  }

  /**
   * Runs an example over HTTP as `caller` (null: the hub admin; a console session: its cookie and CSRF token) and
   * returns its data.
   */
  async function run<T = Record<string, never>>(
    name: string,
    caller: TestAgency | ConsoleSession | null,
  ): Promise<T & JsonObject> {
    const { example, variables } = prepare(name);
    const response = await t.gql<JsonObject>(
      example.document,
      caller && 'cookie' in caller
        ? { variables, key: null, headers: { cookie: caller.cookie, 'x-csrf-token': caller.csrf } }
        : { variables, key: caller ? caller.key : t.adminKey },
    );
    expect({ example: name, errors: response.body.errors }).toEqual({ example: name, errors: undefined });
    const data = response.body.data as JsonObject;
    settle(example, data);
    return data as T & JsonObject;
  }

  /** A setup step that is not itself an example. */
  async function step<T>(caller: TestAgency | null, query: string, variables: Record<string, unknown>, what: string) {
    return dataOf(await t.gql<T>(query, { variables, key: caller ? caller.key : t.adminKey }), what);
  }

  async function demoAgency(code: string): Promise<TestAgency> {
    const [{ id }] = await dataSource.query<{ id: string }[]>(`SELECT id FROM agency WHERE code = $1`, [code]);
    const key = await issueKey(t, { agencyId: id, scopes: [...AGENCY_SCOPES], label: `docs ${code}` });
    return { id, code, key: key.secret };
  }

  /** A referral of the lead to `to`, sent; returns its id. */
  async function sentReferral(personId: string, to: TestAgency, overrides: Record<string, unknown> = {}) {
    const created = await step<{ createReferral: { id: string } }>(
      demo.lead,
      CREATE_REFERRAL,
      { input: { ...referralInput(personId, to.id), send: true, ...overrides } },
      'createReferral',
    );
    return created.createReferral.id;
  }

  beforeAll(async () => {
    const url = await createMigratedDatabase(adminUrl, database);
    t = await startTestApp({
      DATABASE_URL: url,
      REDIS_PREFIX: `tsunagu-docs-${uniqueSuffix().toLowerCase()}`,
      STATS_MIN_CELL: '2',
    });
    dataSource = t.app.get(DataSource);
    schema = t.app.get(GraphQLSchemaHost).schema;
    await t.app.get(DirectorySeeder).seedReferenceData();
    await t.app.get(DirectorySeeder).seedDemoNetwork();
    await t.app.get(CouncilsDemoSeeder).seed();
    demo.lead = await demoAgency('DEMO-NKG-POVERTY'); // なかがわ くらし・しごと自立相談センター
    demo.housing = await demoAgency('DEMO-NGY-HOUSING'); // 居住支援
    demo.debt = await demoAgency('DEMO-AIC-DEBT-LEGAL'); // 多重債務の法律相談
    demo.disability = await demoAgency('DEMO-NKM-DISABILITY-HUB'); // 障害者基幹相談支援センター, the council's 事務局
    remember({
      leadAgencyId: demo.lead.id,
      housingAgencyId: demo.housing.id,
      debtAgencyId: demo.debt.id,
      disabilityAgencyId: demo.disability.id,
    });
  }, 120_000);

  afterAll(async () => {
    for (const { example, data } of responses.values()) {
      const file = { variables: example.variables, response: { data: recorded(data, values) } };
      writeFileSync(join(EXAMPLES, `${example.name}.json`), `${JSON.stringify(file, null, 2)}\n`);
    }
    await t?.close();
    await dropDatabase(adminUrl, database);
  });

  describe('the examples and the schema', () => {
    it('has one example per query, mutation and subscription, and no other', () => {
      const operations = (['query', 'mutation', 'subscription'] as const).flatMap((kind) => {
        const root = {
          query: schema.getQueryType(),
          mutation: schema.getMutationType(),
          subscription: schema.getSubscriptionType(),
        }[kind];
        return Object.keys(root?.getFields() ?? {}).map((field) => `${kind}.${field}`);
      });
      expect(operations.length).toBeGreaterThan(90);
      expect(exampleNames()).toEqual([...operations].sort());
    });

    it('holds in each example one valid operation of its kind that selects its field, and a JSON sibling', () => {
      const problems = exampleNames().flatMap((name) => {
        const [kind, field] = name.split('.');
        const example = readExample(name);
        const operation = operationOf(example.document);
        const errors = validate(schema, parse(example.document)).map((error) => `${name}: ${error.message}`);
        const fields = operation.selectionSet.selections.map((selection) =>
          selection.kind === Kind.FIELD ? selection.name.value : selection.kind,
        );
        if (String(operation.operation) !== kind) errors.push(`${name}: a ${operation.operation}`);
        if (fields.join() !== field) errors.push(`${name}: selects ${fields.join()}`);
        if (!isObject(example.variables)) errors.push(`${name}: variables is not an object`);
        if (!RECORD && !isObject(example.response?.data)) errors.push(`${name}: no documented response`);
        return errors;
      });
      expect(problems).toEqual([]);
    });

    it('compares shapes: a missing or extra key, a list for an object, a string for a number are differences', () => {
      expect(shapeDifferences({ a: { b: 1, c: [{ d: 'x' }] } }, { a: { b: 2, c: [{ d: 'y' }, { d: 'z' }] } })).toEqual(
        [],
      );
      expect(shapeDifferences({ a: { b: 1 } }, { a: { b: 1, e: 2 } })).toEqual(['data.a.e: not documented']);
      expect(shapeDifferences({ a: { b: 1 } }, { a: {} })).toEqual(['data.a.b: missing']);
      expect(shapeDifferences({ a: [{ b: 1 }] }, { a: { b: 1 } })).toEqual(['data.a: a list on one side only']);
      expect(shapeDifferences({ a: 1 }, { a: '1' })).toEqual(['data.a: number documented, string returned']);
      expect(shapeDifferences({ a: { b: 1 } }, { a: null })).toEqual([]);
      expect(shapeDifferences({ a: null }, {})).toEqual(['data.a: missing']);
    });
  });

  describe('the story', () => {
    let subscription: Subscription<JsonObject> | undefined;
    let subscriber: Client | undefined;

    afterAll(async () => {
      await subscription?.close();
      await subscriber?.dispose();
    });

    it('looks the directory up', async () => {
      const viewer = await run<{ viewer: { agency: { id: string } } }>('query.viewer', demo.lead);
      expect(viewer.viewer.agency.id).toBe(demo.lead.id);
      await run('query.sectors', demo.lead);
      await run('query.needCategories', demo.lead);
      await run('query.agencies', demo.lead);
      const agency = await run<{ agency: { id: string } }>('query.agency', demo.lead);
      expect(agency.agency.id).toBe(demo.housing.id);
      await run('query.collaborationPathways', demo.lead);
      await run('query.suggestAgencies', demo.lead);
    });

    it('lets the hub admin add an agency, issue and revoke its key', async () => {
      const created = await run<{ createAgency: { id: string } }>('mutation.createAgency', null);
      remember({ newAgencyId: created.createAgency.id });
      await run('mutation.updateAgency', null);
      const issued = await run<{ issueApiKey: { secret: string; apiKey: { id: string } } }>(
        'mutation.issueApiKey',
        null,
      );
      remember({ newApiKeyId: issued.issueApiKey.apiKey.id, newApiKeySecret: issued.issueApiKey.secret });
      await run('query.apiKeys', null);
      const revoked = await run<{ revokeApiKey: { revokedAt: string | null } }>('mutation.revokeApiKey', null);
      expect(revoked.revokeApiKey.revokedAt).not.toBeNull();
    });

    it('lets the hub admin open a staff account; the member signs in, adds a second factor and signs out', async () => {
      const created = await run<{ createStaffMember: { setupToken: string; staffMember: { id: string } } }>(
        'mutation.createStaffMember',
        null,
      );
      remember({ staffMemberId: created.createStaffMember.staffMember.id });
      const post = (path: string, body: unknown) =>
        fetch(`${t.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const password = 'nakagawa misaki 2026';
      const confirmed = await post('/auth/password-reset/confirm', {
        token: created.createStaffMember.setupToken,
        newPassword: password,
      });
      expect(confirmed.status).toBe(200);
      const signedIn = await post('/auth/sign-in', { email: 'sato.misaki@nakagawa-jiritsu.example.jp', password });
      expect(signedIn.status).toBe(200);
      const session: ConsoleSession = {
        cookie: signedIn.headers.get('set-cookie')!.split(';')[0],
        csrf: ((await signedIn.json()) as { csrfToken: string }).csrfToken,
      };
      const begun = await run<{ beginTotpEnrollment: { secret: string } }>('mutation.beginTotpEnrollment', session);
      const totp = new TOTP({ secret: Secret.fromBase32(begun.beginTotpEnrollment.secret), digits: 6, period: 30 });
      remember({ totpSecret: begun.beginTotpEnrollment.secret, totpCode: totp.generate() });
      await run('mutation.confirmTotpEnrollment', session);
      await run('query.staffMembers', null);
      const ended = await run<{ signOutEverywhere: number }>('mutation.signOutEverywhere', session);
      expect(ended.signOutEverywhere).toBe(1);
      await run('mutation.deactivateStaffMember', null);
    });

    it('lets the hub admin keep community resources, which agencies look up', async () => {
      const created = await run<{ createCommunityResource: { id: string } }>('mutation.createCommunityResource', null);
      remember({ communityResourceId: created.createCommunityResource.id });
      await run('query.communityResources', demo.lead);
      await run('query.communityResource', demo.lead);
      await run('mutation.updateCommunityResource', null);
      const closed = await run<{ closeCommunityResource: { status: string } }>('mutation.closeCommunityResource', null);
      expect(closed.closeCommunityResource.status).toBe('CLOSED');
    });

    it('lets the hub admin set up a support meeting', async () => {
      const meeting = await run<{ createSupportMeeting: { id: string } }>('mutation.createSupportMeeting', null);
      remember({ supportMeetingId: meeting.createSupportMeeting.id });
      await run('mutation.setSupportMeetingMembers', null);
      await run('query.supportMeetings', demo.lead);
    });

    it('registers a person, records their consents and withdraws one', async () => {
      const person = await run<{ registerPerson: { id: string } }>('mutation.registerPerson', demo.lead);
      const personId = person.registerPerson.id;
      remember({ personId });
      const consent = await run<{ recordConsent: { id: string; status: string } }>('mutation.recordConsent', demo.lead);
      expect(consent.recordConsent.status).toBe('ACTIVE');
      remember({ consentId: consent.recordConsent.id });
      for (const agency of [demo.debt, demo.disability]) {
        await recordConsent(t, demo.lead, {
          personId,
          recipientAgencyId: agency.id,
          purposes: ['REFERRAL', 'CASE_CONFERENCE'],
          dataCategories: ['IDENTITY', 'CONTACT', 'HOUSEHOLD', 'INCOME_DEBT', 'CASE_NOTES'],
        });
      }
      const sectorConsentId = await recordConsent(t, demo.lead, {
        personId,
        recipientSector: 'EMPLOYMENT',
        purposes: ['INFORMATION_SHARING'],
        dataCategories: ['IDENTITY', 'EMPLOYMENT'],
      });
      remember({ sectorConsentId });
      await run('query.consents', demo.lead);
      const withdrawn = await run<{ withdrawConsent: { status: string } }>('mutation.withdrawConsent', demo.lead);
      expect(withdrawn.withdrawConsent.status).toBe('WITHDRAWN');
    });

    it('sends a referral that the recipient acknowledges, accepts, starts and completes, seen live', async () => {
      const { example, variables } = prepare('subscription.referralEvents');
      subscriber = wsClient(t.url, demo.housing.key);
      subscription = await subscribe<JsonObject>(subscriber, example.document, variables);

      const created = await run<{ createReferral: { id: string; status: string } }>(
        'mutation.createReferral',
        demo.lead,
      );
      expect(created.createReferral.status).toBe('REQUESTED');
      remember({ referralId: created.createReferral.id });

      const [event] = await subscription.next(1, 15_000);
      expect(event.referralEvents).toMatchObject({ referralId: created.createReferral.id, type: 'SENT' });
      settle(example, event);

      // The recipient sees what the referral shares, and nothing else.
      const person = await run<{ person: { redacted: string[] } }>('query.person', demo.housing);
      expect(person.person.redacted).toContain('HEALTH_DISABILITY');

      expect(
        (await run<{ acknowledgeReferral: { status: string } }>('mutation.acknowledgeReferral', demo.housing))
          .acknowledgeReferral.status,
      ).toBe('RECEIVED');
      expect(
        (await run<{ acceptReferral: { status: string } }>('mutation.acceptReferral', demo.housing)).acceptReferral
          .status,
      ).toBe('ACCEPTED');
      expect(
        (await run<{ startReferral: { status: string } }>('mutation.startReferral', demo.housing)).startReferral.status,
      ).toBe('IN_PROGRESS');
      await run('mutation.postReferralMessage', demo.lead);
      expect(
        (await run<{ completeReferral: { status: string } }>('mutation.completeReferral', demo.housing))
          .completeReferral.status,
      ).toBe('COMPLETED');
      await run('query.referral', demo.lead);
    });

    it('puts a referral on hold and ends it as failed', async () => {
      const id = await sentReferral(values.get('personId')!, demo.debt, {
        needCategories: ['DEBT'],
        summary: '消費者金融2社からの借入。債務整理の相談をお願いしたい。',
        sharedCategories: ['IDENTITY', 'CONTACT', 'INCOME_DEBT'],
      });
      remember({ holdReferralId: id });
      await step(demo.debt, 'mutation ($id: ID!) { acceptReferral(id: $id) { id } }', { id }, 'acceptReferral');
      await step(demo.debt, 'mutation ($id: ID!) { startReferral(id: $id) { id } }', { id }, 'startReferral');
      expect(
        (await run<{ holdReferral: { status: string } }>('mutation.holdReferral', demo.debt)).holdReferral.status,
      ).toBe('ON_HOLD');
      expect(
        (await run<{ failReferral: { status: string } }>('mutation.failReferral', demo.debt)).failReferral.status,
      ).toBe('FAILED');
    });

    it('declines a referral for want of a service, which the sender forwards', async () => {
      const debtReferral = {
        needCategories: ['DEBT'],
        summary: '返済計画はできたが、家計の管理を続けて見守ってくれる支援を探している。',
        sharedCategories: ['IDENTITY', 'CONTACT', 'INCOME_DEBT'],
      };
      remember({ declinedReferralId: await sentReferral(values.get('personId')!, demo.debt, debtReferral) });
      const declined = await run<{ declineReferral: { status: string; declineReason: string } }>(
        'mutation.declineReferral',
        demo.debt,
      );
      expect(declined.declineReferral).toMatchObject({ status: 'REJECTED', declineReason: 'SERVICE_NOT_AVAILABLE' });
      const forwarded = await run<{ forwardReferral: { status: string; toAgency: { id: string } } }>(
        'mutation.forwardReferral',
        demo.lead,
      );
      expect(forwarded.forwardReferral).toMatchObject({ status: 'REQUESTED', toAgency: { id: demo.disability.id } });

      // A second person declined for the same want, so that the statistics of unmet needs have a cell to show.
      const suzuki = await registerPerson(t, demo.lead, { familyName: '鈴木', givenName: '一郎' });
      await recordConsent(t, demo.lead, {
        personId: suzuki,
        recipientAgencyId: demo.debt.id,
        dataCategories: ['IDENTITY', 'CONTACT', 'INCOME_DEBT'],
      });
      const id = await sentReferral(suzuki, demo.debt, debtReferral);
      remember({ secondDeclinedReferralId: id });
      await step(
        demo.debt,
        'mutation ($id: ID!) { declineReferral(id: $id, reason: SERVICE_NOT_AVAILABLE) { id } }',
        { id },
        'declineReferral',
      );
    });

    it('sends a draft, then cancels it', async () => {
      const draft = await step<{ createReferral: { id: string } }>(
        demo.lead,
        CREATE_REFERRAL,
        {
          input: referralInput(values.get('personId')!, demo.housing.id, {
            summary: '母の介護と両立できる住まいの相談（追加）',
          }),
        },
        'createReferral',
      );
      remember({ draftReferralId: draft.createReferral.id });
      expect(
        (await run<{ sendReferral: { status: string } }>('mutation.sendReferral', demo.lead)).sendReferral.status,
      ).toBe('REQUESTED');
      expect(
        (await run<{ cancelReferral: { status: string } }>('mutation.cancelReferral', demo.lead)).cancelReferral.status,
      ).toBe('CANCELLED');
      const listed = await run<{ referrals: { totalCount: number } }>('query.referrals', demo.lead);
      expect(listed.referrals.totalCount).toBe(2);
      await run('query.auditTrail', demo.lead);
    });

    it('registers a webhook, redelivers a dead letter and chooses the e-mail notices', async () => {
      // A partner's HTTPS endpoint; here one on loopback, which the test configuration allows (nothing listens on it).
      remember({ webhookUrl: 'http://127.0.0.1:9/tsunagu/webhook' });
      const registered = await run<{ registerWebhook: { signingSecret: string; webhook: { id: string } } }>(
        'mutation.registerWebhook',
        demo.lead,
      );
      remember({
        webhookId: registered.registerWebhook.webhook.id,
        signingSecret: registered.registerWebhook.signingSecret,
      });
      await run('mutation.updateWebhook', demo.lead);
      const rotated = await run<{ rotateWebhookSecret: { signingSecret: string } }>(
        'mutation.rotateWebhookSecret',
        demo.lead,
      );
      expect(rotated.rotateWebhookSecret.signingSecret).not.toBe(registered.registerWebhook.signingSecret);
      remember({ rotatedSigningSecret: rotated.rotateWebhookSecret.signingSecret });
      await run('query.webhooks', demo.lead);

      // A delivery that the worker gave up on (the endpoint answered 503 three times), and an e-mail notice that
      // the mail server refused: what the worker leaves behind, written directly since no worker runs here.
      const [event] = await dataSource.query<{ id: string; type: string }[]>(
        `SELECT "id", "type" FROM "outbox_event" WHERE "aggregate_id" = $1 ORDER BY "occurred_at" LIMIT 1`,
        [values.get('referralId')],
      );
      const [{ id: deliveryId }] = await dataSource.query<{ id: string }[]>(
        `INSERT INTO "webhook_delivery" ("endpoint_id", "agency_id", "event_id", "event_type", "body", "status",
                "attempts", "last_status_code", "last_error", "last_attempt_at", "dead_lettered_at")
         VALUES ($1, $2, $3, $4, '{}', 'DEAD_LETTERED', 3, 503, 'HTTP 503', now(), now()) RETURNING "id"`,
        [values.get('webhookId'), demo.lead.id, event.id, event.type],
      );
      remember({ deliveryId });
      await dataSource.query(
        `INSERT INTO "email_delivery" ("agency_id", "event_id", "event_type", "recipient", "status", "attempts", "last_error")
         VALUES ($1, $2, $3, 'window@nakagawa-soudan.example.jp', 'FAILED', 5, '550 5.1.1 mailbox unavailable')`,
        [demo.lead.id, event.id, event.type],
      );
      await run('query.webhookDeliveries', demo.lead);
      const redelivered = await run<{ redeliverWebhook: { status: string; redeliveries: number } }>(
        'mutation.redeliverWebhook',
        demo.lead,
      );
      expect(redelivered.redeliverWebhook).toMatchObject({ status: 'PENDING', redeliveries: 1 });
      await run('query.emailDeliveries', demo.lead);

      await run('query.notificationPreferences', demo.lead);
      const set = await run<{ setNotificationPreferences: { isDefault: boolean } }>(
        'mutation.setNotificationPreferences',
        demo.lead,
      );
      expect(set.setNotificationPreferences.isDefault).toBe(false);
      const reset = await run<{ resetNotificationPreferences: { isDefault: boolean } }>(
        'mutation.resetNotificationPreferences',
        demo.lead,
      );
      expect(reset.resetNotificationPreferences.isDefault).toBe(true);
    });

    it('answers the statistics', async () => {
      await run('query.responseTimeStats', demo.housing);
      const unmet = await run<{ unmetNeeds: { needCategory: string; personCount: number }[] }>(
        'query.unmetNeeds',
        demo.lead,
      );
      expect(unmet.unmetNeeds).toContainEqual(expect.objectContaining({ needCategory: 'DEBT', personCount: 2 }));
    });

    it('holds and records a case conference, and cancels another', async () => {
      const scheduled = await run<{ scheduleCaseConference: { id: string } }>(
        'mutation.scheduleCaseConference',
        demo.lead,
      );
      remember({ conferenceId: scheduled.scheduleCaseConference.id });
      await run('mutation.addCaseConferenceAgency', demo.lead);
      const added = await run<{ addCaseConferenceParticipant: { participants: { id: string; kind: string }[] } }>(
        'mutation.addCaseConferenceParticipant',
        demo.lead,
      );
      const minsei = added.addCaseConferenceParticipant.participants.find((one) => one.kind === 'MINSEI_IIN')!;
      remember({ minseiParticipantId: minsei.id });
      await run('mutation.holdCaseConference', demo.lead);
      const recorded = await run<{
        recordCaseConference: { status: string; record: { unmetItems: { id: string }[] } };
      }>('mutation.recordCaseConference', demo.lead);
      expect(recorded.recordCaseConference.status).toBe('RECORDED');
      remember({ unmetItemId: recorded.recordCaseConference.record.unmetItems[0].id });

      const other = await step<{ scheduleCaseConference: { id: string } }>(
        demo.lead,
        'mutation ($input: ScheduleCaseConferenceInput!) { scheduleCaseConference(input: $input) { id } }',
        {
          input: {
            personId: values.get('personId'),
            title: '個別支援会議（就労）',
            scheduledAt: new Date(Date.now() + 7 * DAY).toISOString(),
            dataCategories: ['IDENTITY'],
            agencies: [{ agencyId: demo.housing.id, roleLabel: '住まいの確保' }],
          },
        },
        'scheduleCaseConference',
      );
      remember({ cancelledConferenceId: other.scheduleCaseConference.id });
      await run('mutation.cancelCaseConference', demo.lead);
      await run('query.caseConference', demo.housing);
      const listed = await run<{ caseConferences: { totalCount: number } }>('query.caseConferences', demo.lead);
      expect(listed.caseConferences.totalCount).toBe(2);
    });

    it('shows the support plan the conference revised, and closes its tasks', async () => {
      await run('query.supportPlan', demo.lead);
      await run('mutation.setSupportPlanReview', demo.lead);
      const tasks = await run<{ supportTasks: { edges: { node: { id: string; ownerAgencyId: string | null } }[] } }>(
        'query.supportTasks',
        demo.lead,
      );
      const owned = (agency: TestAgency) =>
        tasks.supportTasks.edges.find((edge) => edge.node.ownerAgencyId === agency.id)!.node.id;
      remember({ leadTaskId: owned(demo.lead), housingTaskId: owned(demo.housing) });
      expect(
        (await run<{ completeSupportTask: { status: string } }>('mutation.completeSupportTask', demo.lead))
          .completeSupportTask.status,
      ).toBe('DONE');
      expect(
        (await run<{ dropSupportTask: { status: string } }>('mutation.dropSupportTask', demo.housing)).dropSupportTask
          .status,
      ).toBe('DROPPED');
    });

    it('keeps the hearing sheet and the relations that the ecomap draws', async () => {
      await run('mutation.saveHearingSheet', demo.lead);
      await run('query.hearingSheet', demo.lead);
      const relation = await run<{ addPersonRelation: { id: string } }>('mutation.addPersonRelation', demo.lead);
      remember({ relationId: relation.addPersonRelation.id });
      const neighbour = await step<{ addPersonRelation: { id: string } }>(
        demo.lead,
        'mutation ($input: AddPersonRelationInput!) { addPersonRelation(input: $input) { id } }',
        {
          input: {
            personId: values.get('personId'),
            kind: 'NEIGHBOUR',
            label: '隣の部屋の住人',
            strength: 'WEAK',
          },
        },
        'addPersonRelation',
      );
      remember({ neighbourRelationId: neighbour.addPersonRelation.id });
      await run('mutation.updatePersonRelation', demo.lead);
      await run('mutation.removePersonRelation', demo.lead);
      await run('query.personRelations', demo.lead);
      await run('query.ecomap', demo.lead);
    });

    it('lets the hub admin create a council whose secretariat shapes it', async () => {
      const created = await run<{ createCouncil: { id: string } }>('mutation.createCouncil', null);
      remember({ newCouncilId: created.createCouncil.id });
      await run('mutation.addCouncilMember', demo.housing);
      await run('mutation.removeCouncilMember', demo.housing);
      const old = await step<{ setUpCouncilBody: { id: string } }>(
        demo.housing,
        'mutation ($input: SetUpCouncilBodyInput!) { setUpCouncilBody(input: $input) { id } }',
        {
          input: {
            councilId: created.createCouncil.id,
            kind: 'SUBCOMMITTEE',
            name: '住まい部会',
            establishedOn: '2025-04-01',
          },
        },
        'setUpCouncilBody',
      );
      remember({ oldBodyId: old.setUpCouncilBody.id });
      const body = await run<{ setUpCouncilBody: { id: string } }>('mutation.setUpCouncilBody', demo.housing);
      remember({ newBodyId: body.setUpCouncilBody.id });
      await run('mutation.dissolveCouncilBody', demo.housing);
      await run('query.council', demo.housing);
    });

    it('raises what the conference could not do to the council, which takes it up at a meeting', async () => {
      const list = await run<{ councilList: { id: string; name: string; bodies: { id: string; kind: string }[] }[] }>(
        'query.councilList',
        demo.lead,
      );
      const council = list.councilList.find((one) => one.name === '中川区地域自立支援協議会')!;
      remember({
        councilId: council.id,
        steeringBodyId: council.bodies.find((one) => one.kind === 'STEERING')!.id,
      });
      const meeting = await run<{ scheduleCouncilMeeting: { id: string } }>(
        'mutation.scheduleCouncilMeeting',
        demo.disability,
      );
      remember({ meetingId: meeting.scheduleCouncilMeeting.id });
      await run('query.councilMeetings', demo.lead);

      const raised = await run<{ raiseRegionalIssue: { id: string; stage: string } }>(
        'mutation.raiseRegionalIssue',
        demo.lead,
      );
      expect(raised.raiseRegionalIssue.stage).toBe('RAISED');
      remember({ issueId: raised.raiseRegionalIssue.id });
      const other = await step<{ raiseRegionalIssue: { id: string } }>(
        demo.lead,
        'mutation ($input: RaiseRegionalIssueInput!) { raiseRegionalIssue(input: $input) { id } }',
        {
          input: {
            councilId: council.id,
            title: '債務整理後の家計相談の受け皿',
            function: 'DEVELOPMENT',
            needCategories: ['DEBT'],
            municipalityCodes: [NAKAGAWA],
          },
        },
        'raiseRegionalIssue',
      );
      remember({ otherIssueId: other.raiseRegionalIssue.id });
      await run('mutation.linkRegionalIssueEvidence', demo.lead);
      const similar = await run<{ similarRegionalIssues: { id: string }[] }>('query.similarRegionalIssues', demo.lead);
      expect(similar.similarRegionalIssues.map((one) => one.id)).toContain(other.raiseRegionalIssue.id);
      await run('mutation.mergeRegionalIssues', demo.disability);
      const moved = await run<{ moveRegionalIssue: { stage: string } }>('mutation.moveRegionalIssue', demo.disability);
      expect(moved.moveRegionalIssue.stage).toBe('STEERING');
      await run('query.regionalIssue', demo.lead);
      await run('query.regionalIssues', demo.lead);
      await run('query.councilMeetingAgenda', demo.lead);
      await run('query.communityGaps', demo.lead);
    });

    it('has run every example', () => {
      expect(exampleNames().filter((name) => !ran.has(name))).toEqual([]);
    });
  });

  describe('the subscription snippet of docs/api.md', () => {
    const markdown = () => readFileSync(join(import.meta.dirname, '..', 'docs', 'api.md'), 'utf8');
    const snippet = () => {
      const section = markdown().slice(markdown().indexOf('## Live events'));
      const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
      if (!code) throw new Error('docs/api.md has no js snippet under "Live events"');
      return code;
    };

    it('is an ES module that creates its graphql-ws client with `ws` and resubscribes after its last cursor', async () => {
      const code = snippet();
      const vm = (await import('node:vm')) as unknown as { SourceTextModule: new (code: string) => unknown };
      expect(() => new vm.SourceTextModule(code)).not.toThrow();
      for (const part of [
        "import { createClient } from 'graphql-ws';",
        "import WebSocket from 'ws';",
        'webSocketImpl: WebSocket,',
        'retryAttempts: Infinity,',
        "connectionParams: { authorization: 'Bearer <api key>' },",
        'shouldRetry: (event) => event?.code !== 4403,',
        'get variables() {',
        'return { after: lastCursor };',
        'lastCursor = data.referralEvents.cursor;',
      ]) {
        expect(code).toContain(part);
      }
    });

    it('resumes after a reconnect from the last cursor seen, with no event lost or repeated', async () => {
      // The snippet's client and subscription (graphql-ws with `ws` on Node 20), its query taken from docs/api.md.
      const query = /query: `([\s\S]*?)`/.exec(snippet())?.[1] ?? '';
      expect(validate(schema, parse(query))).toEqual([]);
      let lastCursor: string | undefined;
      let connections = 0;
      const events: { id: string; cursor: string; referralId: string; type: string }[] = [];
      const errors: unknown[] = [];
      const client = createClient({
        url: `${t.url.replace(/^http/, 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${demo.housing.key}` },
        retryAttempts: Infinity,
        shouldRetry: (event) => (event as { code?: number } | undefined)?.code !== 4403,
        on: { connected: () => void connections++ },
      });
      const unsubscribe = client.subscribe<{ referralEvents: (typeof events)[number] }>(
        {
          query,
          get variables() {
            return { after: lastCursor };
          },
        },
        {
          next: ({ data, errors: failed }) => {
            if (failed) return void errors.push(failed);
            events.push(data!.referralEvents);
            lastCursor = data!.referralEvents.cursor;
          },
          error: (error) => void errors.push(error),
          complete: () => undefined,
        },
      );
      const waitFor = async (count: number) => {
        const deadline = Date.now() + 20_000;
        while (events.length < count && errors.length === 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(errors).toEqual([]);
        expect(events).toHaveLength(count);
      };
      try {
        const personId = values.get('personId')!;
        await new Promise((resolve) => setTimeout(resolve, 300));
        const first = await sentReferral(personId, demo.housing, { summary: '住まいの相談（再接続の確認 1）' });
        await waitFor(1);
        expect(events[0]).toMatchObject({ referralId: first, type: 'SENT' });

        // The connection drops; an event happens before the client is back (its first retry waits over a second).
        client.terminate();
        const second = await sentReferral(personId, demo.housing, { summary: '住まいの相談（再接続の確認 2）' });
        expect(connections).toBe(1);
        await waitFor(2);
        expect(connections).toBe(2);
        expect(events[1]).toMatchObject({ referralId: second, type: 'SENT' });
        expect(new Set(events.map((event) => event.id)).size).toBe(2);
      } finally {
        unsubscribe();
        await client.dispose();
      }
    });
  });
});
