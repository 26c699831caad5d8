import { buildSchema, parse } from 'graphql';
import { graphqlMetricsHooks, operationLabels, type GraphQLHookContext } from './graphql-metrics.js';
import { Metrics } from './metrics.js';

const schema = buildSchema(`
  type Referral { id: ID! status: String! }
  type Query { viewer: String referral(id: ID!): Referral referrals: [Referral!]! }
  type Mutation { createReferral: Referral acknowledgeReferral(id: ID!): Referral }
  type Subscription { referralEvents: String }
`);

describe('operationLabels', () => {
  it('uses the operation name when it names a root field, whatever the case of its first letter', () => {
    expect(operationLabels(schema, parse('mutation CreateReferral { createReferral { id } }'))).toEqual({
      operation: 'createReferral',
      type: 'mutation',
    });
    expect(operationLabels(schema, parse('query referrals { referrals { id } }'))).toEqual({
      operation: 'referrals',
      type: 'query',
    });
  });

  it('falls back to the first root field for names the schema does not know, so clients cannot mint labels', () => {
    expect(operationLabels(schema, parse('query InboxPage_7f3a9 { referrals { id } viewer }'))).toEqual({
      operation: 'referrals',
      type: 'query',
    });
    expect(operationLabels(schema, parse('mutation { acknowledgeReferral(id: "1") { id } }'))).toEqual({
      operation: 'acknowledgeReferral',
      type: 'mutation',
    });
    // An operation name of the wrong type is no better than an unknown one.
    expect(operationLabels(schema, parse('query CreateReferral { viewer }')).operation).toBe('viewer');
  });

  it('finds the root field behind __typename, inline fragments and fragment spreads', () => {
    expect(operationLabels(schema, parse('{ __typename ... on Query { viewer } }')).operation).toBe('viewer');
    expect(
      operationLabels(schema, parse('query { ...Page } fragment Page on Query { __typename referral(id: "1") { id } }'))
        .operation,
    ).toBe('referral');
  });

  it('picks the operation the request names out of several', () => {
    const document = parse('query A { viewer } mutation B { createReferral { id } }');
    expect(operationLabels(schema, document, 'B')).toEqual({ operation: 'createReferral', type: 'mutation' });
    expect(operationLabels(schema, document, 'A')).toEqual({ operation: 'viewer', type: 'query' });
    expect(operationLabels(schema, document)).toEqual({ operation: 'anonymous', type: 'unknown' });
  });

  it('labels introspection as such, and a selection of nothing the schema has as anonymous', () => {
    expect(operationLabels(schema, parse('query IntrospectionQuery { __schema { queryType { name } } }'))).toEqual({
      operation: 'introspection',
      type: 'query',
    });
    expect(operationLabels(schema, parse('{ __typename }')).operation).toBe('anonymous');
    expect(operationLabels(schema, parse('{ noSuchField }')).operation).toBe('anonymous');
  });
});

describe('graphqlMetricsHooks', () => {
  function run(source: string, context: GraphQLHookContext, errors?: unknown[]) {
    const metrics = new Metrics();
    const hooks = graphqlMetricsHooks(metrics);
    hooks.preParsing(schema, source, context);
    hooks.preExecution(schema, parse(source), context);
    hooks.onResolution({ errors }, context);
    return metrics.registry.getSingleMetricAsString('tsunagu_graphql_operation_duration_seconds');
  }

  it('observes one operation by name, type and outcome', async () => {
    const text = await run('mutation Ack { acknowledgeReferral(id: "1") { id } }', {});
    expect(text).toContain(
      'tsunagu_graphql_operation_duration_seconds_count{operation="acknowledgeReferral",type="mutation",outcome="ok"} 1',
    );
  });

  it('marks an operation whose result carries errors', async () => {
    const text = await run('{ viewer }', {}, [new Error('FORBIDDEN')]);
    expect(text).toContain(
      'tsunagu_graphql_operation_duration_seconds_count{operation="viewer",type="query",outcome="error"} 1',
    );
  });

  it("reads the operation name from the request's body", async () => {
    const context = { reply: { request: { body: { operationName: 'B' } } } };
    const text = await run('query A { viewer } mutation B { createReferral { id } }', context);
    expect(text).toContain('operation="createReferral",type="mutation",outcome="ok"} 1');
  });
});
