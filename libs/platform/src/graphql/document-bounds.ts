import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import { QueryTooComplexError } from '../errors/domain-error.js';

/**
 * Bounds every GraphQL document meets before it is validated (docs/security.md). graphql-js validation is
 * superlinear in the number of fields sharing a response name (OverlappingFieldsCanBeMergedRule), so the
 * document's size is bounded first: tokens at parse time, then fields, aliases, root fields and repeats.
 * The largest operation in docs/api.md and GraphiQL's introspection query stay well under every bound: the depth
 * bound does not count introspection (`__schema`, `__type`), whose depth is fixed by the type system, not by data.
 */
export const DOCUMENT_BOUNDS = {
  /** graphql-js `parse({ maxTokens })`: parsing stops at this many tokens. */
  maxTokens: 3000,
  /** Field selections written in the document (fragments counted once, where they are defined). */
  maxFields: 500,
  /** Fields selected under an alias. */
  maxAliases: 50,
  /** Root fields of one operation (each alias counts). */
  maxRootFields: 10,
  /** Selections with the same response name in one selection set (`a a a …`). */
  maxRepeats: 10,
  /** Nested field selections of one operation, fragments expanded; introspection fields not counted. */
  maxDepth: 12,
} as const;

export interface DocumentSize {
  fields: number;
  aliases: number;
  rootFields: number;
  repeats: number;
  depth: number;
}

/** Counts what `DOCUMENT_BOUNDS` bounds, in one walk over the document (no fragment expansion). */
export function documentSize(document: DocumentNode): DocumentSize {
  const size: DocumentSize = { fields: 0, aliases: 0, rootFields: 0, repeats: 0, depth: 0 };
  const walk = (selectionSet: SelectionSetNode): void => {
    const names = new Map<string, number>();
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        size.fields += 1;
        if (selection.alias) size.aliases += 1;
        const name = (selection.alias ?? selection.name).value;
        const seen = (names.get(name) ?? 0) + 1;
        names.set(name, seen);
        size.repeats = Math.max(size.repeats, seen);
        if (selection.selectionSet) walk(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      }
    }
  };
  const depthOf = selectionDepth(document);
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      size.rootFields = Math.max(size.rootFields, rootFieldCount(definition.selectionSet));
      size.depth = Math.max(size.depth, depthOf(definition.selectionSet));
      walk(definition.selectionSet);
    } else if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      walk(definition.selectionSet);
    }
  }
  return size;
}

/**
 * The depth of a selection set: 1 for a set of leaf fields, fragments expanded (each fragment's depth computed
 * once; a spread of a fragment being expanded, a cycle that validation refuses later, counts as nothing).
 * Introspection fields (`__schema`, `__type`, `__typename`) count as nothing.
 */
function selectionDepth(document: DocumentNode): (selectionSet: SelectionSetNode) => number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const fragmentDepths = new Map<string, number>();
  const expanding = new Set<string>();
  const depth = (selectionSet: SelectionSetNode): number => {
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        deepest = Math.max(deepest, 1 + (selection.selectionSet ? depth(selection.selectionSet) : 0));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depth(selection.selectionSet));
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || expanding.has(name)) continue;
        let known = fragmentDepths.get(name);
        if (known === undefined) {
          expanding.add(name);
          known = depth(fragment.selectionSet);
          expanding.delete(name);
          fragmentDepths.set(name, known);
        }
        deepest = Math.max(deepest, known);
      }
    }
    return deepest;
  };
  return depth;
}

function rootFieldCount(selectionSet: SelectionSetNode): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) count += 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) count += rootFieldCount(selection.selectionSet);
    // Fragment spreads at the root are counted by the cost budget, which expands them.
  }
  return count;
}

/** Throws `QUERY_TOO_COMPLEX` naming the first bound the document exceeds. */
export function assertDocumentWithinBounds(document: DocumentNode): void {
  const size = documentSize(document);
  const checks: [keyof DocumentSize, number, string][] = [
    ['fields', DOCUMENT_BOUNDS.maxFields, 'field selections'],
    ['aliases', DOCUMENT_BOUNDS.maxAliases, 'aliases'],
    ['rootFields', DOCUMENT_BOUNDS.maxRootFields, 'root fields in one operation'],
    ['repeats', DOCUMENT_BOUNDS.maxRepeats, 'selections of one response name in a selection set'],
    ['depth', DOCUMENT_BOUNDS.maxDepth, 'levels of nested fields'],
  ];
  for (const [measure, limit, what] of checks) {
    if (size[measure] > limit) {
      throw new QueryTooComplexError(`The document has ${size[measure]} ${what}; at most ${limit} are allowed`, {
        measure,
        cost: size[measure],
        limit,
      });
    }
  }
}

/** graphql-js's message when `maxTokens` stops the parser. */
export function isTokenLimitError(error: unknown): boolean {
  return error instanceof Error && /Document contains more th(?:an|at) \d+ tokens/.test(error.message);
}
