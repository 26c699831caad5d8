import { serverAudits } from 'graphql-http';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The GraphQL-over-HTTP spec's audits (the `graphql-http` package) against the running API. Every MUST and
 * every SHOULD has to pass; the MAY results are listed in docs/benchmarks.md.
 */
describe('GraphQL over HTTP conformance', () => {
  let t: TestApp;
  let results: Awaited<ReturnType<ReturnType<typeof serverAudits>[number]['fn']>>[] = [];
  // Every GraphQL request needs a key (docs/security.md), so the audits send the app's own.
  const authorizedFetch: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${t.adminKey}`);
    return fetch(input, { ...init, headers });
  };
  const audits = serverAudits({ url: () => `${t.url}/graphql`, fetchFn: authorizedFetch });

  beforeAll(async () => {
    t = await startTestApp();
    results = await Promise.all(audits.map((audit) => audit.fn()));
  });
  afterAll(() => t.close());

  it('runs the full audit list', () => {
    expect(results.length).toBeGreaterThan(50);
  });

  it.each(audits.filter((audit) => /^(MUST|SHOULD) /.test(audit.name)).map((audit) => [audit.name, audit.id]))(
    '%s',
    (_name, id) => {
      const result = results[audits.findIndex((audit) => audit.id === id)];
      expect(result.status === 'ok' ? 'ok' : `${result.status}: ${'reason' in result ? result.reason : ''}`).toBe('ok');
    },
  );

  it('answers in application/graphql-response+json when the client prefers it', async () => {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json;q=0.9',
        authorization: `Bearer ${t.adminKey}`,
      },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('accepts "extensions": null in the request body', async () => {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        authorization: `Bearer ${t.adminKey}`,
      },
      body: JSON.stringify({ query: '{ __typename }', extensions: null }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers a validation error with 200 for application/json and 400 without data for graphql-response+json', async () => {
    const body = JSON.stringify({ query: '{ noSuchField }' });
    const json = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        authorization: `Bearer ${t.adminKey}`,
      },
      body,
    });
    expect(json.status).toBe(200);
    const jsonBody = (await json.json()) as { errors: { extensions: { code: string } }[] };
    expect(jsonBody.errors[0].extensions.code).toBe('BAD_USER_INPUT');

    const graphqlResponse = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        authorization: `Bearer ${t.adminKey}`,
      },
      body,
    });
    expect(graphqlResponse.status).toBe(400);
    const graphqlBody = (await graphqlResponse.json()) as Record<string, unknown>;
    expect(graphqlBody).not.toHaveProperty('data');
    expect(graphqlBody.errors).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } })]);
  });
});
