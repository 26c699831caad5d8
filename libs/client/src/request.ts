import { type TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';
import { TsunaguError } from './errors.js';

/** The variables argument: optional when the operation has no required variable. */
export type VariablesArgument<TVariables> =
  Record<string, never> extends TVariables ? [variables?: TVariables] : [variables: TVariables];

interface GraphQLResponseBody<TResult> {
  data?: TResult | null;
  errors?: GraphQLFormattedError[];
}

const printed = new WeakMap<object, string>();

/** The query text of a document (printed once per document). */
export function queryOf(document: TypedDocumentNode<unknown, never>): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

/**
 * Runs one query or mutation against `url` (the API's `/graphql`) with an agency's API key, and returns its
 * typed data; throws a {@link TsunaguError} carrying the GraphQL `extensions.code` when the API answers with
 * errors. Network failures reject as fetch rejects.
 */
export async function request<TResult, TVariables>(
  url: string,
  apiKey: string,
  document: TypedDocumentNode<TResult, TVariables>,
  ...[variables]: VariablesArgument<TVariables>
): Promise<TResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json;q=0.9',
      authorization: `Bearer ${apiKey}`,
    },
    body: JSON.stringify({ query: queryOf(document), variables: variables ?? {} }),
  });
  const text = await response.text();
  let body: GraphQLResponseBody<TResult>;
  try {
    body = JSON.parse(text) as GraphQLResponseBody<TResult>;
  } catch {
    throw new TsunaguError('BAD_RESPONSE', `HTTP ${response.status}: not a GraphQL response`, {}, [], response.status);
  }
  if (body.errors?.length) throw TsunaguError.fromGraphQLErrors(body.errors, response.status);
  if (body.data === undefined || body.data === null) {
    throw new TsunaguError('BAD_RESPONSE', `HTTP ${response.status}: a response without data`, {}, [], response.status);
  }
  return body.data;
}
