import { randomUUID } from 'node:crypto';
import { closeEventBus, createEventBus, DOCUMENT_BOUNDS, MetricsPort, type EventBus } from '@tsunagu/platform';
import { getIntrospectionQuery } from 'graphql';
import { type Client } from 'graphql-ws';
import { startApiProcess } from './support/api-process.js';
import { createAgency, issueKey, type TestAgency } from './support/builders.js';
import { publishStored } from './support/stored-events.js';
import { subscribe, wsClient } from './support/subscription-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The limits of docs/security.md: no work for a caller without a key, bounded documents, a cost budget, rate
 * limits, and graphql-ws refusals and revocations that close sockets with 4403.
 */

const REFERRAL_EVENTS = /* GraphQL */ `
  subscription {
    referralEvents {
      id
      type
    }
  }
`;

/** The document of the attack: one field repeated until it is about 34 KB, plus an alias so it is not cached. */
function repeatedDocument(): string {
  return `{ unique${randomUUID().slice(0, 8)}: __typename ${'agencies(first:1){totalCount} '.repeat(1000)}}`;
}

/** Resolves with the close code of the client's socket. */
function closeCode(client: Client): Promise<number> {
  return new Promise((resolve) => client.on('closed', (event) => resolve((event as { code: number }).code)));
}

function busEvent(agencyId: string) {
  const referralId = randomUUID();
  return {
    id: randomUUID(),
    type: 'referral.sent',
    agencyIds: [agencyId],
    payload: { referralId, fromStatus: 'DRAFT', toStatus: 'REQUESTED', actorAgencyId: null, toAgencyId: agencyId },
    occurredAt: new Date().toISOString(),
  };
}

describe('security limits', () => {
  let t: TestApp;
  let agency: TestAgency;

  beforeAll(async () => {
    // A budget below the default (25,000), so a handful of aliases shows it.
    t = await startTestApp({ GRAPHQL_MAX_COST: '5000' });
    agency = await createAgency(t);
  });
  afterAll(() => t.close());

  describe('a caller without a valid key', () => {
    it('is refused before its document is parsed: a syntax error without a key is UNAUTHENTICATED', async () => {
      const response = await t.gql('{ this is not GraphQL', { key: null });
      expect(response.status).toBe(401);
      expect(response.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })]);
    });

    it('gets UNAUTHENTICATED for the 34 KB document, with a bad key as without one', async () => {
      const document = repeatedDocument();
      expect(document.length).toBeGreaterThan(30_000);
      for (const key of [null, 'tsu_abcdefgh_' + 'x'.repeat(43)]) {
        const response = await t.gql(document, { key });
        expect(response.status).toBe(401);
        expect(response.body.errors?.map((error) => error.extensions.code)).toEqual(['UNAUTHENTICATED']);
      }
    });

    it('cannot introspect the schema nor get "Did you mean" suggestions', async () => {
      const introspection = await t.gql('{ __schema { types { name } } }', { key: null });
      expect(introspection.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(introspection.body.data).toBeUndefined();
      const suggestion = await t.gql('{ agencie { totalCount } }', { key: null });
      expect(JSON.stringify(suggestion.body)).not.toMatch(/Did you mean/);
      // With a key the suggestion is there: the refusal above is about the key, not the document.
      const keyed = await t.gql('{ agencie { totalCount } }', { key: agency.key });
      expect(JSON.stringify(keyed.body)).toMatch(/Did you mean/);
    });
  });

  describe('document bounds (a valid key)', () => {
    it('stops parsing at the token limit: the 34 KB document is QUERY_TOO_COMPLEX', async () => {
      const response = await t.gql(repeatedDocument(), { key: agency.key });
      expect(response.body.errors).toEqual([
        expect.objectContaining({
          extensions: { code: 'QUERY_TOO_COMPLEX', measure: 'tokens', limit: DOCUMENT_BOUNDS.maxTokens },
        }),
      ]);
    });

    it.each([
      ['aliases', `{ ${Array.from({ length: 60 }, (_, i) => `a${i}: __typename`).join(' ')} }`, 60],
      [
        'rootFields',
        `{ ${Array.from({ length: 11 }, (_, i) => `r${i}: agencies(first: 1) { totalCount }`).join(' ')} }`,
        11,
      ],
      ['repeats', `{ viewer { ${'isHubAdmin '.repeat(11)}} }`, 11],
      [
        'fields',
        `{ viewer { ${Array.from({ length: 51 }, () => 'agency { id code name sector kind nameEn contactEmail needCategories version }').join(' ')} } }`,
        51 * 10 + 1,
      ],
      ['depth', `{ ${'viewer { '.repeat(13)}id${' }'.repeat(13)} }`, 14],
    ])('refuses a document over the %s bound before validation, naming it', async (measure, document, size) => {
      const response = await t.gql(document, { key: agency.key });
      const error = response.body.errors?.[0];
      expect(error?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', measure });
      expect(error?.extensions.cost).toBe(size);
      expect(size).toBeGreaterThan(Number(error?.extensions.limit));
      expect(response.body.data).toBeUndefined();
    });

    it("answers GraphiQL's full introspection query, deeper than the depth bound, which counts no introspection field", async () => {
      const query = getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
      });
      const response = await t.gql<{ __schema: { queryType: { name: string } } }>(query, { key: agency.key });
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data?.__schema.queryType.name).toBe('Query');
    });
  });

  describe('the cost budget', () => {
    const AGENCIES = /* GraphQL */ `
      query Agencies($n: Int) {
        a: agencies(first: $n) {
          edges {
            node {
              id
              code
              name
              sector
              kind
              contactEmail
              needCategories
            }
          }
        }
        b: agencies(first: $n) {
          edges {
            node {
              id
              code
              name
              sector
              kind
              contactEmail
              needCategories
            }
          }
        }
        c: agencies(first: $n) {
          edges {
            node {
              id
              code
              name
              sector
              kind
              contactEmail
              needCategories
            }
          }
        }
        d: agencies(first: $n) {
          edges {
            node {
              id
              code
              name
              sector
              kind
              contactEmail
              needCategories
            }
          }
        }
        e: agencies(first: $n) {
          edges {
            node {
              id
              code
              name
              sector
              kind
              contactEmail
              needCategories
            }
          }
        }
        f: agencies(first: $n) {
          edges {
            node {
              id
              code
              name
              sector
              kind
              contactEmail
              needCategories
            }
          }
        }
      }
    `;

    it('weights lists by `first` from the variables: the same document runs with 5 rows and is refused with 100', async () => {
      const small = await t.gql<{ a: { edges: unknown[] } }>(AGENCIES, { key: agency.key, variables: { n: 5 } });
      expect(small.body.errors).toBeUndefined();
      expect(small.body.data?.a.edges.length).toBeGreaterThan(0);

      const large = await t.gql(AGENCIES, { key: agency.key, variables: { n: 100 } });
      expect(large.body.data).toBeUndefined();
      expect(large.body.errors).toEqual([
        expect.objectContaining({
          extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', measure: 'cost', limit: 5000 }) as unknown,
        }),
      ]);
      expect(Number(large.body.errors?.[0].extensions.cost)).toBeGreaterThan(5000);
    });

    it('refuses 200 aliases of person(id) before any of them runs (so before any audit row)', async () => {
      const document = `{ ${Array.from({ length: 200 }, (_, i) => `p${i}: person(id: "${randomUUID()}") { id }`).join(' ')} }`;
      const response = await t.gql(document, { key: agency.key });
      expect(response.body.data).toBeUndefined();
      expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
    });

    it('counts the weight of the statistics: more than the budget allows in one operation is refused', async () => {
      const stats = `{ ${Array.from({ length: 10 }, (_, i) => `s${i}: responseTimeStats(groupBy: SECTOR) { referralCount }`).join(' ')} }`;
      const response = await t.gql(stats, { key: agency.key });
      // 10 × (1 + 100 + 5 × 1) = 1060: under the budget, so it runs …
      expect(response.body.errors).toBeUndefined();
      // … and a budget below it refuses the same operation with the computed cost.
      const strict = await startTestApp({ GRAPHQL_MAX_COST: '1000' });
      try {
        const refused = await strict.gql(stats);
        expect(refused.body.errors?.[0].extensions).toEqual({
          code: 'QUERY_TOO_COMPLEX',
          measure: 'cost',
          cost: 1060,
          limit: 1000,
        });
      } finally {
        await strict.close();
      }
    });
  });
});

describe('rate limits', () => {
  let t: TestApp;
  let agency: TestAgency;

  beforeAll(async () => {
    t = await startTestApp({
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_PER_KEY: '2',
      RATE_LIMIT_PER_ADDRESS: '1000',
      AUTH_FAILURES_PER_ADDRESS: '5',
      AUTH_FAILURES_PER_PREFIX: '3',
      // The client address comes from X-Forwarded-For, so one test can speak from several addresses.
      TRUST_PROXY: 'true',
    });
    agency = await createAgency(t, {}, undefined);
  });
  afterAll(() => t.close());

  const from = (address: string) => ({ 'x-forwarded-for': address });

  it('answers RATE_LIMITED with retryAfter, HTTP 429 and Retry-After once a key has used its requests', async () => {
    const responses = [];
    for (let i = 0; i < 15; i++) responses.push(await t.gql('{ viewer { isHubAdmin } }', { key: agency.key }));
    const limited = responses.filter((response) => response.status === 429);
    // 2 a second plus a burst of 10 over ten seconds: at most 12 of 15 pass in the first second or two.
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(responses[0].status).toBe(200);
    const error = limited[0].body.errors?.[0];
    expect(error?.extensions.code).toBe('RATE_LIMITED');
    expect(Number(error?.extensions.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(limited[0].headers['retry-after']).toBe(String(error?.extensions.retryAfter));
    // Another key is not affected.
    const other = await createAgency(t);
    expect((await t.gql('{ viewer { isHubAdmin } }', { key: other.key })).status).toBe(200);
  });

  it('throttles failed authentications per address: after 5 bad keys the address waits, even with a good key', async () => {
    const address = '203.0.113.10';
    const codes: string[] = [];
    for (let i = 0; i < 8; i++) {
      const bad = `tsu_${randomUUID().replace(/-/g, '').slice(0, 8)}_${'x'.repeat(43)}`;
      const response = await t.gql('{ viewer { isHubAdmin } }', { key: bad, headers: from(address) });
      codes.push(String(response.body.errors?.[0].extensions.code));
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('UNAUTHENTICATED'));
    expect(codes.slice(5)).toEqual(Array(3).fill('RATE_LIMITED'));
    const good = await t.gql('{ viewer { isHubAdmin } }', { key: t.adminKey, headers: from(address) });
    expect(good.status).toBe(429);
    expect(Number(good.headers['retry-after'])).toBeGreaterThan(800);
    // Another address is served.
    const elsewhere = await t.gql('{ viewer { isHubAdmin } }', { key: t.adminKey, headers: from('203.0.113.11') });
    expect(elsewhere.status).toBe(200);
  });

  it('throttles failed authentications per key prefix, whatever the address', async () => {
    const prefix = randomUUID().replace(/-/g, '').slice(0, 8);
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await t.gql('{ viewer { isHubAdmin } }', {
        key: `tsu_${prefix}_${String(i).repeat(43)}`,
        headers: from(`198.51.100.${i + 1}`),
      });
      codes.push(String(response.body.errors?.[0].extensions.code));
    }
    expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED', 'RATE_LIMITED']);
  });
});

describe('graphql-ws refusals and revocation', () => {
  let t: TestApp;
  let bus: EventBus;
  let agency: TestAgency;

  beforeAll(async () => {
    t = await startTestApp();
    bus = createEventBus(t.config);
    agency = await createAgency(t);
  });
  afterAll(async () => {
    await closeEventBus(bus);
    await t.close();
  });

  it.each([
    ['a bad key', 'tsu_abcdefgh_' + 'y'.repeat(43)],
    ['no key', null],
  ])(
    'closes a connection_init with %s with 4403 Forbidden, as the official client understands it',
    async (_what, key) => {
      const client = wsClient(t.url, key);
      const closed = closeCode(client);
      const subscription = await subscribe(client, REFERRAL_EVENTS);
      try {
        expect(await closed).toBe(4403);
        const failure = await subscription.next(1, 2000).then(
          () => 'no failure',
          (error: unknown) => String(error),
        );
        expect(failure).not.toMatch(/connection_error|Invalid message|no failure/);
      } finally {
        await client.dispose();
      }
    },
  );

  it('bounds the subscribe payload: an oversized document is QUERY_TOO_COMPLEX, the connection stays usable', async () => {
    const client = wsClient(t.url, agency.key);
    try {
      const oversized = `subscription { referralEvents { id ${'type '.repeat(DOCUMENT_BOUNDS.maxTokens)}} }`;
      const refused = await subscribe(client, oversized);
      await expect(refused.next(1, 3000)).rejects.toThrow(/QUERY_TOO_COMPLEX/);
      const repeated = await subscribe(client, `subscription { referralEvents { ${'id '.repeat(20)}} }`);
      await expect(repeated.next(1, 3000)).rejects.toThrow(/QUERY_TOO_COMPLEX/);
      const invalid = await subscribe(client, 'subscription { referralEvents { nope } }');
      await expect(invalid.next(1, 3000)).rejects.toThrow(/BAD_USER_INPUT/);

      const live = await subscribe<{ referralEvents: { id: string } }>(client, REFERRAL_EVENTS);
      const event = busEvent(agency.id);
      await publishStored(t, bus, event);
      expect((await live.next())[0].referralEvents.id).toBe(event.id);
      await live.close();
    } finally {
      await client.dispose();
    }
  });

  it('closes the sockets of an expiring key with 4403 when the key expires, not before', async () => {
    const expiresAt = new Date(Date.now() + 2500);
    const key = await issueKey(t, {
      agencyId: agency.id,
      scopes: ['referrals:read'],
      expiresAt: expiresAt.toISOString(),
    });
    const client = wsClient(t.url, key.secret);
    try {
      const closed = closeCode(client).then((code) => ({ code, at: Date.now() }));
      const subscription = await subscribe<{ referralEvents: { id: string } }>(client, REFERRAL_EVENTS);
      const event = busEvent(agency.id);
      await publishStored(t, bus, event);
      expect((await subscription.next())[0].referralEvents.id).toBe(event.id);

      const stillOpen = new Promise<{ code: string; at: number }>((resolve) =>
        setTimeout(
          () => resolve({ code: 'still open 5 s after expiry', at: 0 }),
          expiresAt.getTime() - Date.now() + 5000,
        ),
      );
      const { code, at } = await Promise.race([closed, stillOpen]);
      expect(code).toBe(4403);
      expect(at).toBeGreaterThanOrEqual(expiresAt.getTime());
      const after = busEvent(agency.id);
      await publishStored(t, bus, after);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(subscription.received.map((result) => result.referralEvents.id)).toEqual([event.id]);
    } finally {
      await client.dispose();
    }
  });

  it('closes the sockets of a revoked key with 4403 within a second, on this instance and on another', async () => {
    const key = await issueKey(t, { agencyId: agency.id, scopes: ['referrals:read'] });
    const second = await startApiProcess({
      DATABASE_URL: process.env.DATABASE_URL!,
      REDIS_URL: t.config.REDIS_URL,
      REDIS_PREFIX: t.config.REDIS_PREFIX,
    });
    const local = wsClient(t.url, key.secret);
    const remote = wsClient(second.url, key.secret);
    try {
      const localClosed = closeCode(local);
      const remoteClosed = closeCode(remote);
      const subscriptions = [await subscribe(local, REFERRAL_EVENTS), await subscribe(remote, REFERRAL_EVENTS)];
      // Both are live: an event reaches them.
      const event = busEvent(agency.id);
      await publishStored(t, bus, event);
      for (const subscription of subscriptions) await subscription.next();

      const revokedAt = Date.now();
      const revoked = await t.gql(`mutation ($id: ID!) { revokeApiKey(id: $id) { id } }`, {
        variables: { id: key.id },
      });
      expect(revoked.body.errors).toBeUndefined();
      const codes = await Promise.all([localClosed, remoteClosed]);
      expect(codes).toEqual([4403, 4403]);
      expect(Date.now() - revokedAt).toBeLessThan(1000);

      // Events after the revocation reach no one.
      const after = busEvent(agency.id);
      await publishStored(t, bus, after);
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const subscription of subscriptions) {
        expect(
          subscription.received.map((result) => (result as { referralEvents: { id: string } }).referralEvents.id),
        ).toEqual([event.id]);
      }
    } finally {
      await local.dispose();
      await remote.dispose();
      await second.stop();
    }
  });
});

describe('production defaults', () => {
  it('serves no GraphiQL with NODE_ENV=production unless GRAPHQL_IDE is set', async () => {
    const production = await startTestApp({ NODE_ENV: 'production', GRAPHQL_IDE: undefined });
    const enabled = await startTestApp({ NODE_ENV: 'production', GRAPHQL_IDE: 'true' });
    try {
      expect((await fetch(`${production.url}/graphiql`)).status).toBe(404);
      expect((await fetch(`${enabled.url}/graphiql`)).status).toBe(200);
    } finally {
      await production.close();
      await enabled.close();
    }
  });

  it('puts /metrics behind METRICS_TOKEN', async () => {
    const token = 'metrics-token-of-this-test';
    const t = await startTestApp({ METRICS_TOKEN: token });
    try {
      const without = await fetch(`${t.url}/metrics`);
      expect(without.status).toBe(401);
      expect(await without.text()).not.toMatch(/tsunagu_/);
      expect((await fetch(`${t.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0000' } })).status).toBe(
        401,
      );
      const withToken = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(withToken.status).toBe(200);
      expect(await withToken.text()).toMatch(/tsunagu_/);
    } finally {
      await t.close();
    }
  });

  it('moves /metrics to METRICS_PORT: 404 on the API port, served on its own', async () => {
    const t = await startTestApp({ METRICS_PORT: '0' });
    try {
      expect((await fetch(`${t.url}/metrics`)).status).toBe(404);
      const port = t.app.get(MetricsPort).port;
      expect(port).toBeGreaterThan(0);
      const served = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(served.status).toBe(200);
      expect(await served.text()).toMatch(/tsunagu_/);
      // The API's other routes stay where they were.
      expect((await fetch(`${t.url}/health/live`)).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
