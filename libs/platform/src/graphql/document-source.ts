import { GraphQLError, Location, type DocumentNode, type GraphQLSchema } from 'graphql';

/** The `extensions.reason` of a `query` that is not GraphQL source text. */
export const NOT_GRAPHQL_SOURCE = 'NOT_GRAPHQL_SOURCE';

/**
 * Mercurius `preValidation` hook: only documents written in GraphQL reach validation. When a `query` does not
 * parse, Mercurius tries it as a JSON-encoded syntax tree; such a tree (`"1"`, `"true"`, a hand-made
 * `{"kind":"Document",…}`) bypasses the parser's limits and can make validation throw. graphql-js's parser
 * gives every document a `Location`, which JSON cannot make.
 */
export function refuseNonGraphQLDocument(_schema: GraphQLSchema, document: DocumentNode): void {
  if ((document as Partial<DocumentNode> | null)?.loc instanceof Location) return;
  throw new GraphQLError('Syntax Error: `query` is not a GraphQL document', {
    extensions: { reason: NOT_GRAPHQL_SOURCE },
  });
}
