import { Kind, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/** The durations of the statistics, all measured from sending (`sent_at`). */
export const MEASURES = ['acknowledge', 'decision', 'start', 'completion'] as const;
export type Measure = (typeof MEASURES)[number];
export const TIME_BASES = ['calendar', 'business'] as const;
export type TimeBasis = (typeof TIME_BASES)[number];
export type MeasureKey = `${Measure}.${TimeBasis}`;

export const ALL_MEASURE_KEYS: readonly MeasureKey[] = MEASURES.flatMap((measure) =>
  TIME_BASES.map((basis) => `${measure}.${basis}` as const),
);

export interface SelectionInfo {
  fieldNodes: readonly FieldNode[];
  fragments: Record<string, FragmentDefinitionNode>;
}

/** The fields named in a selection set, through inline fragments and fragment spreads. */
function fieldsOf(
  selectionSet: SelectionSetNode | undefined,
  info: SelectionInfo,
  seen = new Set<string>(),
): FieldNode[] {
  if (!selectionSet) return [];
  return selectionSet.selections.flatMap((selection) => {
    switch (selection.kind) {
      case Kind.FIELD:
        return [selection];
      case Kind.INLINE_FRAGMENT:
        return fieldsOf(selection.selectionSet, info, seen);
      case Kind.FRAGMENT_SPREAD: {
        const fragment = info.fragments[selection.name.value];
        if (!fragment || seen.has(fragment.name.value)) return [];
        return fieldsOf(fragment.selectionSet, info, new Set([...seen, fragment.name.value]));
      }
    }
  });
}

/**
 * Which durations a `responseTimeStats` request reads, so the query sorts only those (each percentile is a
 * sort of its values). `@skip`/`@include` are ignored: a skipped measure is computed needlessly, never missed.
 */
export function requestedMeasures(info: SelectionInfo): Set<MeasureKey> {
  const requested = new Set<MeasureKey>();
  for (const root of info.fieldNodes) {
    for (const field of fieldsOf(root.selectionSet, info)) {
      const measure = MEASURES.find((candidate) => candidate === field.name.value);
      if (!measure) continue;
      for (const inner of fieldsOf(field.selectionSet, info)) {
        const basis = TIME_BASES.find((candidate) => candidate === inner.name.value);
        if (basis) requested.add(`${measure}.${basis}`);
      }
    }
  }
  return requested;
}
