import { ServiceUnavailableError } from '@tsunagu/platform';
import { GraphQLError } from 'graphql';
import { prefersGraphQLResponse, responseStatus } from './http-hooks.js';

describe('responseStatus and SERVICE_UNAVAILABLE', () => {
  const refused = (original: Error) => ({ errors: [new GraphQLError(original.message, { originalError: original })] });
  const econnrefused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

  it('is 503 when the database failed before execution, for both media types', () => {
    expect(responseStatus(refused(econnrefused), 'application/json')).toBe(503);
    expect(responseStatus(refused(econnrefused), 'application/graphql-response+json')).toBe(503);
    const unavailable = new ServiceUnavailableError('down', { reason: 'DATABASE_UNAVAILABLE' });
    expect(responseStatus(refused(unavailable), 'application/graphql-response+json')).toBe(503);
  });

  it('is 200 when a field failed during execution (the response has data)', () => {
    const execution = {
      data: null,
      errors: [new GraphQLError('down', { path: ['agency'], originalError: econnrefused })],
    };
    expect(responseStatus(execution, 'application/graphql-response+json')).toBe(200);
    expect(responseStatus(execution, 'application/json')).toBe(200);
  });
});

describe('prefersGraphQLResponse', () => {
  it.each([
    ['application/graphql-response+json', true],
    ['application/graphql-response+json; charset=utf-8', true],
    ['Application/GraphQL-Response+JSON', true],
    ['application/graphql-response+json, application/json;q=0.9', true],
    ['application/json;q=0.9, application/graphql-response+json', true],
    ['application/json;q=0.5, application/graphql-response+json;q=0.8', true],
    ['application/graphql-response+json;q=0.8, application/json;q=0.5', true],
    ['text/html, application/graphql-response+json;q=0.1', true],
  ])('prefers the GraphQL response type for %j', (accept, expected) => {
    expect(prefersGraphQLResponse(accept)).toBe(expected);
  });

  it.each([
    ['no Accept header', undefined],
    ['an empty Accept header', ''],
    ['application/json', 'application/json'],
    ['JSON ranked higher', 'application/graphql-response+json;q=0.5, application/json;q=0.8'],
    ['JSON ranked higher, listed last', 'application/graphql-response+json;q=0.5, application/json'],
    ['JSON ranked higher, listed first', 'application/json, application/graphql-response+json;q=0.9'],
    ['*/*', '*/*'],
    ['application/*', 'application/*'],
    ['q=0 on the GraphQL type', 'application/graphql-response+json;q=0'],
    ['q=0 on the GraphQL type next to JSON', 'application/graphql-response+json;q=0, application/json'],
    ['an unrelated type', 'text/html'],
  ])('keeps plain JSON for %s', (_, accept) => {
    expect(prefersGraphQLResponse(accept)).toBe(false);
  });
});
