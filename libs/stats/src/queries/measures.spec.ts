import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { ALL_MEASURE_KEYS, requestedMeasures } from './measures.js';

function infoOf(document: string) {
  const parsed = parse(document);
  const operation = parsed.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  )!;
  const fragments = Object.fromEntries(
    parsed.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const root = operation.selectionSet.selections[0] as FieldNode;
  return { fieldNodes: [root], fragments };
}

describe('requestedMeasures', () => {
  it('lists the measure and time basis pairs the request reads', () => {
    const info = infoOf(`{ responseTimeStats(groupBy: SECTOR) {
      key referralCount
      acknowledge { calendar { p50Ms } }
      decision { business { p90Ms } calendar { count } }
      overdue { total }
    } }`);
    expect([...requestedMeasures(info)].sort()).toEqual([
      'acknowledge.calendar',
      'decision.business',
      'decision.calendar',
    ]);
  });

  it('reads through aliases, inline fragments and named fragments', () => {
    const info = infoOf(`
      query { responseTimeStats(groupBy: WEEK) {
        slow: completion { ...Both }
        ... on ResponseTimeStats { start { business { maxMs } } }
      } }
      fragment Both on ResponseTimeMeasure { calendar { p95Ms } ...Business }
      fragment Business on ResponseTimeMeasure { business { meanMs } }`);
    expect([...requestedMeasures(info)].sort()).toEqual([
      'completion.business',
      'completion.calendar',
      'start.business',
    ]);
  });

  it('is empty when no duration is read', () => {
    expect(requestedMeasures(infoOf('{ responseTimeStats(groupBy: AGENCY) { key overdue { total } } }')).size).toBe(0);
  });

  it('knows eight pairs', () => {
    expect(ALL_MEASURE_KEYS).toHaveLength(8);
  });
});
