import {
  getNamedType,
  getNullableType,
  getOperationAST,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  OperationTypeNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { QueryTooComplexError } from '../errors/domain-error.js';

/**
 * The cost model of docs/security.md. Every field costs 1; a field returning a list multiplies what it
 * selects by the rows it may return: `first` (or the default page size) on connections, an estimate on
 * plain lists. Root fields that do more than read rows carry a weight of their own: mutations write,
 * `person` writes an audit row, the statistics and suggestions compute.
 */
export interface CostOptions {
  /** Rows a connection returns when `first` is not given. */
  defaultPageSize: number;
  /** The cap on `first` (PAGE_SIZE_MAX). */
  maxPageSize: number;
}

/** The cost options of a deployment: connections default to `pageRequest`'s page of 20, capped at PAGE_SIZE_MAX. */
export function costOptionsOf(config: { PAGE_SIZE_MAX: number }): CostOptions {
  return { defaultPageSize: Math.min(20, config.PAGE_SIZE_MAX), maxPageSize: config.PAGE_SIZE_MAX };
}

/** Rows assumed for a list field without `first`. */
export const LIST_ESTIMATE = 5;
/** Weight of every mutation root field. */
export const MUTATION_WEIGHT = 10;
/** Root fields heavier than a read of rows. */
export const FIELD_WEIGHTS: Readonly<Record<string, number>> = {
  person: 5,
  auditTrail: 10,
  suggestAgencies: 50,
  unmetNeeds: 100,
  responseTimeStats: 100,
};

type Variables = Record<string, unknown> | null | undefined;

function argumentValue(node: ValueNode | undefined, variables: Variables): unknown {
  if (!node) return undefined;
  if (node.kind === Kind.VARIABLE) return variables?.[node.name.value];
  if (node.kind === Kind.INT) return Number(node.value);
  return undefined;
}

/** The computed cost of the operation the request runs (expanding fragments; `@skip`/`@include` ignored). */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Variables,
  operationName: string | null | undefined,
  options: CostOptions,
): number {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return 0;
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }

  const fieldsOf = (type: GraphQLNamedType): Record<string, GraphQLField<unknown, unknown>> =>
    isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};

  const selectionCost = (
    selectionSet: SelectionSetNode,
    type: GraphQLNamedType,
    isRoot: boolean,
    inConnection: boolean,
    spreads: ReadonlySet<string>,
  ): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || spreads.has(fragment.name.value)) continue;
        const fragmentType = schema.getType(fragment.typeCondition.name.value) ?? type;
        total += selectionCost(
          fragment.selectionSet,
          fragmentType,
          isRoot,
          inConnection,
          new Set([...spreads, fragment.name.value]),
        );
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const fragmentType = selection.typeCondition
          ? (schema.getType(selection.typeCondition.name.value) ?? type)
          : type;
        total += selectionCost(selection.selectionSet, fragmentType, isRoot, inConnection, spreads);
        continue;
      }
      const name = selection.name.value;
      let cost = 1;
      if (isRoot) {
        cost += operation.operation === OperationTypeNode.MUTATION ? MUTATION_WEIGHT : (FIELD_WEIGHTS[name] ?? 0);
      }
      const field = fieldsOf(type)[name];
      if (!field || !selection.selectionSet) {
        total += cost;
        continue;
      }
      const named = getNamedType(field.type);
      const isConnection = named.name.endsWith('Connection');
      const firstNode = selection.arguments?.find((argument) => argument.name.value === 'first')?.value;
      const first = argumentValue(firstNode, variables);
      let rows = 1;
      if (isConnection) {
        const asked =
          typeof first === 'number' && Number.isFinite(first) && first >= 0 ? first : options.defaultPageSize;
        rows = Math.min(asked, options.maxPageSize);
      } else if (isListType(getNullableType(field.type))) {
        // The edges of a connection are already counted by its `first`.
        rows = inConnection ? 1 : LIST_ESTIMATE;
      }
      cost += rows * selectionCost(selection.selectionSet, named, false, isConnection, spreads);
      total += cost;
    }
    return total;
  };

  return selectionCost(operation.selectionSet, root, true, false, new Set());
}

/** Throws `QUERY_TOO_COMPLEX` with the computed cost and the limit when the operation is over budget. */
export function assertCostWithinBudget(cost: number, limit: number): void {
  if (cost > limit) {
    throw new QueryTooComplexError(`The operation costs ${cost}; the limit is ${limit}. Ask for fewer rows or fields`, {
      measure: 'cost',
      cost,
      limit,
    });
  }
}
