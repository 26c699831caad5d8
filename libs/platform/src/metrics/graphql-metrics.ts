import { performance } from 'node:perf_hooks';
import {
  getOperationAST,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { type Metrics } from './metrics.js';

/** The labels of one GraphQL operation. */
export interface OperationLabels {
  /** A root field of the schema (`createReferral`), `introspection`, or `anonymous`. */
  operation: string;
  /** `query`, `mutation`, `subscription`, or `unknown` when the document names no operation to run. */
  type: string;
}

export const ANONYMOUS_OPERATION = 'anonymous';
export const INTROSPECTION_OPERATION = 'introspection';

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** The first root field the operation selects (through inline fragments and fragment spreads). */
function firstRootField(
  document: DocumentNode,
  selectionSet: SelectionSetNode,
  seen = new Set<string>(),
): string | null {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === '__typename') continue;
      return selection.name.value;
    }
    let nested: SelectionSetNode | undefined;
    if (selection.kind === Kind.INLINE_FRAGMENT) nested = selection.selectionSet;
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      nested = document.definitions.find(
        (definition): definition is FragmentDefinitionNode =>
          definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === selection.name.value,
      )?.selectionSet;
    }
    const found = nested && firstRootField(document, nested, seen);
    if (found) return found;
  }
  return null;
}

/**
 * Labels an operation with names the schema bounds, so a client cannot create series at will: the request's
 * operation name when it names a root field of the operation's type (`CreateReferral` or `createReferral` →
 * `createReferral`), else the first root field the operation selects; `introspection` for `__schema` and
 * `__type`; `anonymous` when neither gives a field of the schema.
 */
export function operationLabels(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
): OperationLabels {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return { operation: ANONYMOUS_OPERATION, type: 'unknown' };
  const fields = schema.getRootType(operation.operation)?.getFields() ?? {};
  const known = (name: string | null | undefined): name is string =>
    !!name && Object.prototype.hasOwnProperty.call(fields, name);

  const named = operation.name ? lowerFirst(operation.name.value) : null;
  if (known(named)) return { operation: named, type: operation.operation };
  const field = firstRootField(document, operation.selectionSet);
  if (field === '__schema' || field === '__type')
    return { operation: INTROSPECTION_OPERATION, type: operation.operation };
  return { operation: known(field) ? field : ANONYMOUS_OPERATION, type: operation.operation };
}

/** What a request says its operation name is (GraphQL over HTTP: the POST body, or the GET query string). */
export function requestedOperationName(context: GraphQLHookContext): string | undefined {
  const request = context.reply?.request;
  for (const source of [request?.body, request?.query]) {
    const name = (source as { operationName?: unknown } | null | undefined)?.operationName;
    if (typeof name === 'string') return name;
  }
  return undefined;
}

/** The part of Mercurius' per-request context that the hooks read. */
export interface GraphQLHookContext {
  reply?: { request: { body?: unknown; query?: unknown } };
}

interface Timing {
  startedAt: number;
  labels?: OperationLabels;
}

/**
 * Mercurius hooks that time every query and mutation from parsing to its result, by operation, type and
 * outcome. Documents that fail to parse or validate never reach execution; they count in the HTTP histogram
 * (route `/graphql`) only. Subscriptions are long-lived and not timed.
 */
export function graphqlMetricsHooks(metrics: Metrics) {
  const timings = new WeakMap<object, Timing>();
  return {
    preParsing: (_schema: GraphQLSchema, _source: string, context: GraphQLHookContext): void => {
      timings.set(context, { startedAt: performance.now() });
    },
    preExecution: (schema: GraphQLSchema, document: DocumentNode, context: GraphQLHookContext): void => {
      const timing = timings.get(context) ?? { startedAt: performance.now() };
      try {
        timing.labels = operationLabels(schema, document, requestedOperationName(context));
      } catch {
        // A metric lost rather than a request failed.
        timing.labels = { operation: ANONYMOUS_OPERATION, type: 'unknown' };
      }
      timings.set(context, timing);
    },
    onResolution: (execution: { errors?: readonly unknown[] }, context: GraphQLHookContext): void => {
      const timing = timings.get(context);
      timings.delete(context);
      if (!timing?.labels) return;
      metrics.graphqlOperationDuration.observe(
        { ...timing.labels, outcome: execution.errors?.length ? 'error' : 'ok' },
        (performance.now() - timing.startedAt) / 1000,
      );
    },
  };
}
