import { buildSchema, GraphQLError, parse } from 'graphql';
import { NOT_GRAPHQL_SOURCE, refuseNonGraphQLDocument } from './document-source.js';
import { refuseSubscriptionOverHttp, SUBSCRIPTION_OVER_HTTP } from './http-subscription-refusal.js';
import { mergeGraphQLHooks } from './merge-hooks.js';

const schema = buildSchema('type Query { a: Int } type Subscription { s: Int }');
const http = (body: Record<string, unknown> = {}) => ({ reply: { request: { body } } });

function thrownBy(action: () => void): GraphQLError | undefined {
  try {
    action();
  } catch (error) {
    return error as GraphQLError;
  }
  return undefined;
}

describe('refuseSubscriptionOverHttp', () => {
  it('refuses a subscription operation of an HTTP request', () => {
    const error = thrownBy(() => refuseSubscriptionOverHttp(schema, parse('subscription { s }'), http()));
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error?.extensions).toEqual({ reason: SUBSCRIPTION_OVER_HTTP });
  });

  it('follows the operation name the request selects', () => {
    const document = parse('query Q { a } subscription S { s }');
    expect(thrownBy(() => refuseSubscriptionOverHttp(schema, document, http({ operationName: 'Q' })))).toBeUndefined();
    expect(thrownBy(() => refuseSubscriptionOverHttp(schema, document, http({ operationName: 'S' })))).toBeDefined();
  });

  it('lets queries through, and anything without an HTTP reply (WebSocket)', () => {
    expect(thrownBy(() => refuseSubscriptionOverHttp(schema, parse('{ a }'), http()))).toBeUndefined();
    expect(thrownBy(() => refuseSubscriptionOverHttp(schema, parse('subscription { s }'), {}))).toBeUndefined();
  });
});

describe('refuseNonGraphQLDocument', () => {
  it('lets a parsed document through', () => {
    expect(thrownBy(() => refuseNonGraphQLDocument(schema, parse('{ a }')))).toBeUndefined();
  });

  it('refuses a syntax tree made from JSON, even one that claims a location', () => {
    for (const tree of [1, { kind: 'Document', definitions: [] }, { kind: 'Document', definitions: [], loc: {} }]) {
      const error = thrownBy(() => refuseNonGraphQLDocument(schema, tree as never));
      expect(error?.extensions).toEqual({ reason: NOT_GRAPHQL_SOURCE });
    }
  });
});

describe('mergeGraphQLHooks', () => {
  it('keeps every hook of every set, in order, as lists per hook name', () => {
    const a = () => undefined;
    const b = () => undefined;
    const c = () => undefined;
    expect(mergeGraphQLHooks({ preExecution: a, onResolution: b }, { preExecution: [c] })).toEqual({
      preExecution: [a, c],
      onResolution: [b],
    });
  });
});
