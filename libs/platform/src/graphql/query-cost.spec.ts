import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { documentSize, DOCUMENT_BOUNDS } from './document-bounds.js';
import { operationCost } from './query-cost.js';

const root = path.resolve(import.meta.dirname, '../../../..');
const schema = buildSchema(readFileSync(path.join(root, 'schema.gql'), 'utf8'));
const options = { defaultPageSize: 20, maxPageSize: 100 };
const BUDGET = 25_000;

const cost = (document: string, variables?: Record<string, unknown>) =>
  operationCost(schema, parse(document), variables, undefined, options);

describe('operationCost', () => {
  it('counts one per field and multiplies a connection by `first`, from literals or variables', () => {
    expect(cost('{ viewer { isHubAdmin } }')).toBe(2);
    // 1 + 10 × (edges 1 + node (1 + id 1 + code 1))
    expect(cost('{ agencies(first: 10) { edges { node { id code } } } }')).toBe(1 + 10 * 4);
    expect(cost('query ($n: Int) { agencies(first: $n) { edges { node { id } } } }', { n: 50 })).toBe(1 + 50 * 3);
    // No `first`: the default page; over the cap: the cap.
    expect(cost('{ agencies { edges { node { id } } } }')).toBe(1 + 20 * 3);
    expect(cost('{ agencies(first: 5000) { edges { node { id } } } }')).toBe(1 + 100 * 3);
  });

  it('weights mutations and expensive root fields, and expands fragments', () => {
    expect(cost('mutation { revokeApiKey(id: "x") { id } }')).toBe(1 + 10 + 1);
    expect(cost('{ responseTimeStats(groupBy: SECTOR) { referralCount } }')).toBe(1 + 100 + 5 * 1);
    expect(cost('query { ...F } fragment F on Query { viewer { isHubAdmin } }')).toBe(2);
  });

  it('keeps every operation shown in docs/api.md and the README under a tenth of the budget and the bounds', () => {
    const sources = [
      readFileSync(path.join(root, 'docs/api.md'), 'utf8'),
      readFileSync(path.join(root, 'README.md'), 'utf8'),
    ];
    const documents = sources.flatMap((text) =>
      [...text.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]),
    );
    const curl = /"query":"(.*?)"\}'/.exec(sources[1])?.[1].replace(/\\"/g, '"');
    if (curl) documents.push(curl);
    const checked = documents.filter((document) => validate(schema, parse(document)).length === 0);
    expect(checked.length).toBeGreaterThanOrEqual(2);
    for (const document of checked) {
      expect(cost(document)).toBeLessThan(BUDGET / 10);
      const size = documentSize(parse(document, { maxTokens: DOCUMENT_BOUNDS.maxTokens }));
      expect(size.fields).toBeLessThan(DOCUMENT_BOUNDS.maxFields);
      expect(size.aliases).toBeLessThanOrEqual(DOCUMENT_BOUNDS.maxAliases);
      expect(size.rootFields).toBeLessThanOrEqual(DOCUMENT_BOUNDS.maxRootFields);
    }
  });
});

describe('documentSize', () => {
  it('counts fields, aliases, root fields, repeated response names and depth', () => {
    expect(documentSize(parse('{ a: viewer { isHubAdmin isHubAdmin } b: viewer { isHubAdmin } }'))).toEqual({
      fields: 5,
      aliases: 2,
      rootFields: 2,
      repeats: 2,
      depth: 2,
    });
  });
});
