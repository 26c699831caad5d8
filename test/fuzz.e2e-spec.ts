import { randomUUID } from 'node:crypto';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isRequiredArgument,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { DataSource } from 'typeorm';
import { AGENCY_SCOPES } from '@tsunagu/platform';
import { createAgency, issueKey, type TestAgency } from './support/builders.js';
import { consentedPair, CREATE_REFERRAL, dataOf, referralInput } from './support/referral-builders.js';
import { startTestApp, uniqueSuffix, type TestApp } from './support/test-app.js';
import { createMigratedDatabase, dropDatabase } from './setup/test-database.js';

/**
 * Schema-driven fuzzing: every argument of every query and mutation, read from the running API's schema, gets
 * hostile values (NUL bytes, lone surrogates, huge strings, wrong types, non-UUID ids, edited cursors, numbers
 * out of range, impossible dates, unknown enum values, input objects with bad or missing fields), sent as
 * variables and as literals, with keys of every kind. Nothing may come back as INTERNAL_SERVER_ERROR or a 5xx,
 * and the database keeps its rules afterwards. Reproduce a failure with the seed it prints: FUZZ_SEED=<seed>.
 */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const REQUESTS = 1200;
const CONCURRENCY = 4;

/** mulberry32: small, fast and good enough to pick test inputs reproducibly. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(SEED);
const chance = (p: number) => random() < p;
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

const cursor = (values: unknown) => Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');

const HOSTILE_STRINGS: readonly unknown[] = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udc00y',
  '\udbff',
  'x'.repeat(20_000),
  '長'.repeat(5_000),
  '👪'.repeat(300),
  "'; DROP TABLE agency; --",
  '%_\\',
  '${{7*7}}',
  '<script>alert(1)</script>',
  '\r\n\t\u0007',
  '\u202e\u200b',
  123,
  true,
  1.5,
  ['a'],
  { a: 1 },
];

const HOSTILE_IDS: readonly unknown[] = [
  'x',
  '1',
  '0',
  '-1',
  'null',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '6f1c0a52-7d1e-4a8f-9d1b-1c2d3e4f5a6',
  '6f1c0a52-7d1e-4a8f-9d1b-1c2d3e4f5a6bb',
  '{6f1c0a52-7d1e-4a8f-9d1b-1c2d3e4f5a6b}',
  '6f1c0a527d1e4a8f9d1b1c2d3e4f5a6b',
  '6f1c0a52-7d1e-4a8f-9d1b-1c2d3e4f5a6\u0000',
  '\ud800',
  "' OR '1'='1",
  'z'.repeat(5_000),
  12345,
  -1,
  1e21,
];

const HOSTILE_CURSORS: readonly unknown[] = [
  'not a cursor',
  '%%%',
  cursor(['not a date', 'x']),
  cursor(['2024-13-45T99:99:99.999Z', randomUUID()]),
  cursor(['2024-02-30T00:00:00.000Z', randomUUID()]),
  cursor(['+275760-09-13T00:00:00.000Z', randomUUID()]),
  cursor(['2024-05-01T00:00:00.000Z', 'not-a-uuid']),
  cursor(['2024-05-01T00:00:00.000Z', randomUUID(), 'extra']),
  cursor([randomUUID(), '2024-05-01T00:00:00.000Z']),
  cursor(['99999999999999999999']),
  cursor(['9223372036854775808']),
  cursor(['-1']),
  cursor(['1e5']),
  cursor([1]),
  cursor([null]),
  cursor([]),
  cursor({ id: 1 }),
  cursor('abc'),
  cursor(['\u0000']),
  cursor(['\ud800']),
  cursor([['nested']]),
  cursor(['x'.repeat(300)]),
  'A'.repeat(600),
];

const HOSTILE_INTS: readonly unknown[] = [-1, -2147483648, 2147483647, 2147483648, 1e100, 1.5, '1', true, null, 0];
const HOSTILE_FLOATS: readonly unknown[] = [1e308, -1e308, -0, 1e-320, '1', null, false];
const HOSTILE_BOOLEANS: readonly unknown[] = ['true', 0, 1, null, 'yes'];
const HOSTILE_ENUMS: readonly unknown[] = ['NOPE', 'housing', '', '\u0000', 1, null, true, '__proto__'];
const HOSTILE_DATE_TIMES: readonly unknown[] = [
  '2020-02-30T00:00:00Z',
  '2020-01-01T25:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '+275760-09-13T00:00:00.000Z',
  '-000001-01-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '1970-01-01T00:00:00+14:00',
  '2020-01-01',
  'now',
  '',
  '\u0000',
  8.64e15,
  -1,
  1e300,
];
const HOSTILE_DATES: readonly unknown[] = [
  '2020-02-30',
  '0000-00-00',
  '99999-01-01',
  '2020-1-1',
  '1800-01-01',
  '2999-12-31',
  '2020-01-01T00:00:00Z',
  'yesterday',
  '\u0000',
];
const HOSTILE_DURATIONS: readonly unknown[] = ['P1Y', 'P1M', 'PT-1H', 'PT0S', 'P99999999999D', 'PT1.5H', 'P', '4h'];
const HOSTILE_URLS: readonly unknown[] = [
  'http://[::127.0.0.1]/',
  'http://[::1]/',
  'http://169.254.169.254/latest',
  'http://0.0.0.0/',
  'http://user:pass@127.0.0.1:9/',
  'ftp://127.0.0.1/',
  'javascript:alert(1)',
  'http://127.0.0.1:99999/',
  'http://%00/',
  `http://127.0.0.1/${'a'.repeat(3000)}`,
];
const HOSTILE_JSON: readonly unknown[] = [
  { a: '\u0000' },
  '\u0000',
  [[[[[[[[[[[]]]]]]]]]]],
  { __proto__: { x: 1 } },
  1e308,
];

interface Known {
  /** How often a plausible value of a nullable position is null. */
  nullChance: number;
  ids: string[];
  personId: string;
  referralId: string;
  agencyIds: string[];
  cursors: string[];
}

function plausibleString(name: string, known: Known): unknown {
  const lower = name.toLowerCase();
  if (lower === 'after') return chance(0.5) ? pick(known.cursors) : null;
  if (lower.includes('email')) return `fuzz-${uniqueSuffix().toLowerCase()}@example.jp`;
  if (lower.includes('url')) return 'http://127.0.0.1:9/hook';
  if (lower.includes('municipality')) return pick(['231100', '131016', '011002']);
  if (lower === 'code') return pick([`FZ-${uniqueSuffix()}`, '231100']);
  if (lower.includes('within')) return pick(['PT4H', 'P2D', 'PT30M']);
  if (lower.includes('needcategor')) return pick(['INCOME', 'HOUSING', 'DEBT']);
  if (lower.includes('scope')) return pick(AGENCY_SCOPES);
  if (lower.includes('event')) return pick(['referral.sent', 'referral.accepted', 'consent.withdrawn']);
  if (lower.includes('birthdate') || lower === 'date' || lower === 'from' || lower === 'to') return '1980-04-01';
  if (lower.includes('phone')) return '052-000-0000';
  return pick(['fuzz', '山田', 'ヤマダ', 'note about the person', 'a']);
}

function hostileString(name: string): unknown {
  const lower = name.toLowerCase();
  if (lower === 'after' && chance(0.8)) return pick(HOSTILE_CURSORS);
  if (lower.includes('within') && chance(0.6)) return pick(HOSTILE_DURATIONS);
  if (lower.includes('url') && chance(0.6)) return pick(HOSTILE_URLS);
  if ((lower.includes('date') || lower === 'from' || lower === 'to') && chance(0.6)) return pick(HOSTILE_DATES);
  return pick(HOSTILE_STRINGS);
}

/** A value for an input position: plausible, or (with `hostile`) one meant to break something. */
function valueFor(type: GraphQLInputType, name: string, hostile: boolean, known: Known, depth = 0): unknown {
  if (isNonNullType(type)) {
    if (hostile && chance(0.08)) return null;
    return valueFor(type.ofType, name, hostile, known, depth);
  }
  if (!hostile && chance(known.nullChance)) return null;
  if (isListType(type)) {
    if (hostile) {
      const roll = random();
      if (roll < 0.1) return [];
      if (roll < 0.2) return Array.from({ length: 1_000 }, () => valueFor(type.ofType, name, false, known, depth + 1));
      if (roll < 0.3) return valueFor(type.ofType, name, true, known, depth + 1); // one value for a list
      if (roll < 0.4) return [valueFor(type.ofType, name, false, known, depth + 1), null];
      if (roll < 0.5) {
        const item = valueFor(type.ofType, name, false, known, depth + 1);
        return [item, item];
      }
      return [
        valueFor(type.ofType, name, false, known, depth + 1),
        valueFor(type.ofType, name, true, known, depth + 1),
      ];
    }
    return Array.from({ length: 1 + Math.floor(random() * 2) }, () =>
      valueFor(type.ofType, name, false, known, depth + 1),
    );
  }
  if (isInputObjectType(type)) {
    if (depth > 4) return null;
    if (hostile && chance(0.1)) return pick(['x', 1, [], { unknownField: 1 }]);
    const fields = Object.values(type.getFields());
    const target = hostile ? pick(fields) : undefined;
    const object: Record<string, unknown> = {};
    for (const field of fields) {
      const required = isNonNullType(field.type);
      if (field === target) {
        if (chance(0.1) && required) continue; // a required field left out
        object[field.name] = valueFor(field.type, field.name, true, known, depth + 1);
      } else if (required || chance(0.6)) {
        object[field.name] = valueFor(field.type, field.name, hostile && chance(0.15), known, depth + 1);
      }
    }
    if (hostile && chance(0.05)) object.unknownField = 'x';
    return object;
  }
  if (isEnumType(type)) {
    return hostile ? pick(HOSTILE_ENUMS) : pick(type.getValues()).value;
  }
  switch (type.name) {
    case 'ID':
      if (hostile) return pick(HOSTILE_IDS);
      if (name.toLowerCase().includes('person')) return chance(0.8) ? known.personId : randomUUID();
      if (name.toLowerCase().includes('referral')) return chance(0.8) ? known.referralId : randomUUID();
      if (name.toLowerCase().includes('agency')) return pick(known.agencyIds);
      return chance(0.85) ? pick(known.ids) : randomUUID();
    case 'String':
      return hostile ? hostileString(name) : plausibleString(name, known);
    case 'Int':
      return hostile ? pick(HOSTILE_INTS) : Math.floor(random() * 30);
    case 'Float':
      return hostile ? pick(HOSTILE_FLOATS) : random() * 10;
    case 'Boolean':
      return hostile ? pick(HOSTILE_BOOLEANS) : chance(0.5);
    case 'DateTime':
      if (hostile) return pick(HOSTILE_DATE_TIMES);
      return new Date(Date.now() + (random() - 0.3) * 400 * 86_400_000).toISOString();
    case 'Date':
      return hostile ? pick(HOSTILE_DATES) : '1980-04-01';
    case 'JSON':
      return hostile ? pick(HOSTILE_JSON) : {};
    default:
      return hostile ? pick(HOSTILE_STRINGS) : 'fuzz';
  }
}

/** A selection of the return type: its leaf fields, and objects a few levels down. */
function selectionOf(type: GraphQLOutputType, depth = 0): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named) && !isInterfaceType(named)) return '{ __typename }';
  const parts: string[] = [];
  for (const field of Object.values(named.getFields())) {
    if (field.args.some(isRequiredArgument)) continue;
    const inner = getNamedType(field.type);
    if (isLeafType(inner)) parts.push(field.name);
    else if (depth < 2) {
      const nested = selectionOf(field.type, depth + 1);
      if (nested) parts.push(`${field.name} ${nested}`);
    }
  }
  return parts.length ? `{ ${parts.join(' ')} }` : '{ __typename }';
}

/** A JavaScript value written as a GraphQL literal (enum positions get bare names where they can). */
function literal(value: unknown, type: GraphQLInputType): string {
  if (value === null || value === undefined) return 'null';
  const unwrapped = isNonNullType(type) ? type.ofType : type;
  if (Array.isArray(value)) {
    const item = isListType(unwrapped) ? unwrapped.ofType : unwrapped;
    return `[${value.map((entry) => literal(entry, item)).join(', ')}]`;
  }
  if (typeof value === 'object') {
    const fields = isInputObjectType(unwrapped) ? unwrapped.getFields() : {};
    return `{ ${Object.entries(value)
      .map(([key, entry]) => `${key}: ${literal(entry, fields[key]?.type ?? unwrapped)}`)
      .join(', ')} }`;
  }
  if (isEnumType(getNamedType(unwrapped)) && typeof value === 'string' && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value)) {
    return value;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  return JSON.stringify(value);
}

interface Operation {
  kind: 'query' | 'mutation' | 'subscription';
  field: GraphQLField<unknown, unknown>;
}

function requestFor(operation: Operation, known: Known): { query: string; variables: Record<string, unknown> } {
  const { field, kind } = operation;
  const args: readonly GraphQLArgument[] = field.args;
  const hostileArg = args.length ? pick(args) : undefined;
  const variables: Record<string, unknown> = {};
  const definitions: string[] = [];
  const passed: string[] = [];
  const inline = chance(0.2);
  for (const arg of args) {
    const hostile = arg === hostileArg || chance(0.1);
    if (!hostile && !isRequiredArgument(arg) && chance(0.4)) continue;
    const value = valueFor(arg.type, arg.name, hostile, known);
    if (inline) {
      passed.push(`${arg.name}: ${literal(value, arg.type)}`);
    } else {
      definitions.push(`$${arg.name}: ${String(arg.type)}`);
      passed.push(`${arg.name}: $${arg.name}`);
      variables[arg.name] = value;
    }
  }
  const header = definitions.length ? `${kind} (${definitions.join(', ')})` : kind;
  const call = passed.length ? `${field.name}(${passed.join(', ')})` : field.name;
  return { query: `${header} { ${call} ${selectionOf(field.type)} }`, variables };
}

/** Every position of an operation's arguments that takes text: `input.familyName`, `memberAgencyIds.0` … */
function textPositions(args: readonly GraphQLArgument[]): { arg: GraphQLArgument; path: string[] }[] {
  const positions: { arg: GraphQLArgument; path: string[] }[] = [];
  const walk = (arg: GraphQLArgument, type: GraphQLInputType, path: string[], depth: number) => {
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) return walk(arg, inner.ofType, [...path, '0'], depth);
    if (isInputObjectType(inner)) {
      if (depth < 3)
        for (const field of Object.values(inner.getFields())) walk(arg, field.type, [...path, field.name], depth + 1);
      return;
    }
    if (inner.name === 'String' || inner.name === 'ID') positions.push({ arg, path });
  };
  for (const arg of args) walk(arg, arg.type, [arg.name], 0);
  return positions;
}

/** `value` with `path` (below the argument) set to `text`, creating the objects and lists on the way. */
function withText(value: unknown, type: GraphQLInputType, path: string[], text: string, known: Known): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    const list = Array.isArray(value) && value.length ? [...(value as unknown[])] : [undefined];
    list[0] = withText(list[0], inner.ofType, path.slice(1), text, known); // path[0] is the index, 0
    return list;
  }
  if (path.length === 0) return text;
  const [head, ...rest] = path;
  if (isInputObjectType(inner)) {
    // A complete object around the text, so that nothing else in it is wrong.
    const object = { ...((value ?? valueFor(inner, head, false, known)) as Record<string, unknown>) };
    object[head] = withText(object[head], inner.getFields()[head].type, rest, text, known);
    return object;
  }
  return text;
}

interface Finding {
  status: number;
  key: string;
  query: string;
  variables: Record<string, unknown>;
  errors: unknown;
}

describe(`schema-driven fuzzing (FUZZ_SEED=${SEED})`, () => {
  const adminUrl = process.env.TSUNAGU_TEST_ADMIN_DATABASE_URL as string;
  const database = `tsunagu_fuzz_${process.pid}`;
  let t: TestApp;
  let schema: GraphQLSchema;
  let keys: { name: string; secret: string | null }[];
  let known: Known;
  let sender: TestAgency;

  beforeAll(async () => {
    // A database of its own: the rules are checked on every row afterwards, not only on this file's.
    const url = await createMigratedDatabase(adminUrl, database);
    t = await startTestApp({ DATABASE_URL: url });
    schema = t.app.get(GraphQLSchemaHost).schema;

    sender = await createAgency(t);
    const recipient = await createAgency(t, { sector: 'HOUSING' });
    const { personId, consentId } = await consentedPair(t, sender, recipient);
    const created = await t.gql<{ createReferral: { id: string } }>(CREATE_REFERRAL, {
      variables: { input: { ...referralInput(personId, recipient.id), send: true } },
      key: sender.key,
    });
    const referralId = dataOf(created, 'createReferral').createReferral.id;
    const meeting = await t.gql<{ createSupportMeeting: { id: string } }>(
      'mutation ($input: CreateSupportMeetingInput!) { createSupportMeeting(input: $input) { id } }',
      {
        variables: {
          input: {
            kind: 'SUPPORT_MEETING',
            name: 'fuzz meeting',
            municipalityCode: '231100',
            memberAgencyIds: [sender.id, recipient.id],
          },
        },
      },
    );
    const meetingId = dataOf(meeting, 'createSupportMeeting').createSupportMeeting.id;
    const listed = await t.gql<{
      referrals: { pageInfo: { endCursor: string } };
      agencies: { pageInfo: { endCursor: string } };
      auditTrail: { pageInfo: { endCursor: string } };
    }>(
      `query ($personId: ID!) {
        referrals(first: 1) { pageInfo { endCursor } }
        agencies(first: 1) { pageInfo { endCursor } }
        auditTrail(personId: $personId, first: 1) { pageInfo { endCursor } }
      }`,
      { variables: { personId }, key: sender.key },
    );
    const pages = dataOf(listed, 'lists');
    const narrow = await issueKey(t, { agencyId: sender.id, scopes: ['directory:read'] }, sender.key);
    keys = [
      { name: 'hub admin', secret: t.adminKey },
      { name: 'hub admin', secret: t.adminKey },
      { name: 'sender (all scopes)', secret: sender.key },
      { name: 'sender (all scopes)', secret: sender.key },
      { name: 'sender (all scopes)', secret: sender.key },
      { name: 'recipient (all scopes)', secret: recipient.key },
      { name: 'sender (directory:read only)', secret: narrow.secret },
      { name: 'no key', secret: null },
    ];
    known = {
      nullChance: 0.05,
      ids: [sender.id, recipient.id, personId, consentId, referralId, meetingId],
      personId,
      referralId,
      agencyIds: [sender.id, recipient.id],
      cursors: [
        pages.referrals.pageInfo.endCursor,
        pages.agencies.pageInfo.endCursor,
        pages.auditTrail.pageInfo.endCursor,
      ],
    };
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await dropDatabase(adminUrl, database);
  });

  it(`answers ${REQUESTS} hostile requests over every query and mutation argument without an internal error`, async () => {
    const operations: Operation[] = [
      ...Object.values(schema.getQueryType()!.getFields()).map((field) => ({ kind: 'query' as const, field })),
      ...Object.values(schema.getMutationType()!.getFields()).map((field) => ({ kind: 'mutation' as const, field })),
      ...Object.values(schema.getSubscriptionType()?.getFields() ?? {}).map((field) => ({
        kind: 'subscription' as const,
        field,
      })),
    ];
    // Every operation several times over, in a seeded order; each request is built before any is sent, so
    // the seed alone decides the inputs.
    const requests = Array.from({ length: REQUESTS }, (_, index) => {
      const operation = operations[index % operations.length];
      return { ...requestFor(operation, known), key: pick(keys) };
    });
    const findings: Finding[] = [];
    const argumentsSeen = new Set<string>();
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const { key, ...request } = requests[next++];
        const response = await fetch(`${t.url}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: chance(0.3) ? 'application/graphql-response+json' : 'application/json',
            ...(key.secret ? { authorization: `Bearer ${key.secret}` } : {}),
          },
          body: JSON.stringify({ query: request.query, variables: request.variables }),
        });
        const text = await response.text();
        let body: { errors?: { extensions?: { code?: string } }[] } = {};
        try {
          body = JSON.parse(text) as typeof body;
        } catch {
          findings.push({
            status: response.status,
            key: key.name,
            ...request,
            errors: `not JSON: ${text.slice(0, 200)}`,
          });
          continue;
        }
        for (const name of Object.keys(request.variables)) argumentsSeen.add(name);
        const internal = body.errors?.some((error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR');
        const uncoded = body.errors?.some((error) => !error.extensions?.code);
        if (response.status >= 500 || internal || uncoded || (!body.errors && !('data' in body))) {
          findings.push({ status: response.status, key: key.name, ...request, errors: body.errors });
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const report = findings.slice(0, 5).map((finding) => ({
      ...finding,
      query: finding.query.slice(0, 300),
      variables: JSON.stringify(finding.variables).slice(0, 300),
    }));
    expect({ seed: SEED, findings: findings.length, first: report }).toEqual({ seed: SEED, findings: 0, first: [] });
    expect(argumentsSeen.size).toBeGreaterThan(20);
  }, 120_000);

  it('refuses a NUL byte and a lone surrogate in every text argument and input field, naming its path', async () => {
    const plausible: Known = { ...known, nullChance: 0 };
    const operations = [
      ...Object.values(schema.getQueryType()!.getFields()).map((field) => ({ kind: 'query', field })),
      ...Object.values(schema.getMutationType()!.getFields()).map((field) => ({ kind: 'mutation', field })),
    ];
    const wrong: unknown[] = [];
    let positions = 0;
    for (const { kind, field } of operations) {
      for (const { arg, path } of textPositions(field.args)) {
        for (const text of ['a\u0000b', 'a\ud800b']) {
          positions++;
          const variables: Record<string, unknown> = {};
          for (const other of field.args) {
            if (other === arg || isRequiredArgument(other))
              variables[other.name] = valueFor(other.type, other.name, false, plausible);
          }
          variables[arg.name] = withText(variables[arg.name], arg.type, path.slice(1), text, plausible);
          const definitions = Object.keys(variables).map(
            (name) => `$${name}: ${String(field.args.find((a) => a.name === name)!.type)}`,
          );
          const call = Object.keys(variables).map((name) => `${name}: $${name}`);
          const query = `${kind} (${definitions.join(', ')}) { ${field.name}(${call.join(', ')}) ${selectionOf(field.type)} }`;
          let response = await t.gql(query, { variables, key: sender.key });
          if (response.body.errors?.[0]?.extensions.code === 'FORBIDDEN') response = await t.gql(query, { variables });
          const error = response.body.errors?.[0]?.extensions;
          const expected = path.join('.');
          if (error?.code !== 'BAD_USER_INPUT' || error.field !== expected) {
            wrong.push({ operation: field.name, field: expected, text: JSON.stringify(text), got: error });
          }
        }
      }
    }
    expect(positions).toBeGreaterThan(100);
    expect(wrong).toEqual([]);
  }, 120_000);

  it('refuses malformed HTTP requests as client errors', async () => {
    const bodies = [
      '{',
      'null',
      '[]',
      '',
      '{"query": 1}',
      '{"query": true}',
      JSON.stringify({ query: JSON.stringify({ kind: 'Document', definitions: [{}] }) }),
      JSON.stringify({ query: JSON.stringify({ kind: 'Document', definitions: [{ kind: 'OperationDefinition' }] }) }),
      '{"query": "{ viewer { scopes } }", "variables": "x"}',
      '{"query": "{ viewer { scopes } }", "operationName": 1}',
      '{"query": "{ viewer { scopes } }", "extensions": "x"}',
    ];
    for (const body of bodies) {
      const response = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${sender.key}` },
        body,
      });
      const text = await response.text();
      expect({ body, status: response.status, internal: text.includes('INTERNAL_SERVER_ERROR') }).toEqual({
        body,
        status: expect.any(Number),
        internal: false,
      });
      expect(response.status).toBeLessThan(500);
    }
  });

  it('leaves no row that breaks the domain rules', async () => {
    const db = t.app.get(DataSource);
    const count = async (sql: string) => Number((await db.query<{ n: string }[]>(sql))[0].n);

    // No stored text holds a replacement character: a lone surrogate was refused, not silently rewritten.
    const columns = await db.query<{ table_name: string; column_name: string }[]>(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'ARRAY')`,
    );
    for (const { table_name: table, column_name: column } of columns) {
      const sql = `SELECT count(*) AS n FROM "${table}" WHERE strpos("${column}"::text, U&'\\FFFD') > 0`;
      expect({ table, column, n: await count(sql) }).toEqual({ table, column, n: 0 });
    }

    const rules: Record<string, string> = {
      'agency codes keep their format': `SELECT count(*) AS n FROM agency WHERE code !~ '^[A-Z0-9][A-Z0-9_-]{2,63}$'`,
      'referrals are between two agencies': `SELECT count(*) AS n FROM referral WHERE from_agency_id = to_agency_id`,
      'every referral has its history': `SELECT count(*) AS n FROM referral r
        WHERE NOT EXISTS (SELECT 1 FROM referral_event e WHERE e.referral_id = r.id)`,
      'a rejected referral has its reason': `SELECT count(*) AS n FROM referral
        WHERE status = 'REJECTED' AND decline_reason IS NULL`,
      'a completed referral has its outcome': `SELECT count(*) AS n FROM referral
        WHERE status = 'COMPLETED' AND (outcome IS NULL OR btrim(outcome) = '')`,
      'messages come from one side of their referral': `SELECT count(*) AS n FROM referral_message m
        JOIN referral r ON r.id = m.referral_id WHERE m.from_agency_id NOT IN (r.from_agency_id, r.to_agency_id)`,
      'a person has a name': `SELECT count(*) AS n FROM person WHERE family_name = '' OR given_name = ''`,
      'keys carry known scopes': `SELECT count(*) AS n FROM api_key WHERE NOT (scopes <@ ARRAY[${[
        ...AGENCY_SCOPES,
        'admin',
      ]
        .map((scope) => `'${scope}'`)
        .join(', ')}]::text[])`,
      'webhook endpoints have an http(s) URL': `SELECT count(*) AS n FROM webhook_endpoint WHERE url !~ '^https?://'`,
    };
    for (const [rule, sql] of Object.entries(rules)) {
      expect({ rule, violations: await count(sql) }).toEqual({ rule, violations: 0 });
    }
  });
});
