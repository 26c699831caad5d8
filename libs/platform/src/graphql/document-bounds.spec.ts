import { getIntrospectionQuery, parse } from 'graphql';
import { assertDocumentWithinBounds, DOCUMENT_BOUNDS, documentSize } from './document-bounds.js';

const nested = (levels: number): string => `${'a { '.repeat(levels - 1)}b${' }'.repeat(levels - 1)}`;

describe('documentSize: depth', () => {
  it('counts nested field levels of an operation', () => {
    expect(documentSize(parse(`{ ${nested(5)} }`)).depth).toBe(5);
    expect(documentSize(parse('{ a b c }')).depth).toBe(1);
  });

  it('expands fragment spreads and inline fragments', () => {
    const document = parse(`
      query { a { ...F } }
      fragment F on T { b { ... on U { c { d } } } }
    `);
    expect(documentSize(document).depth).toBe(4);
  });

  it('does not count introspection fields, and ends on a fragment cycle', () => {
    expect(documentSize(parse(getIntrospectionQuery({ inputValueDeprecation: true }))).depth).toBe(0);
    expect(documentSize(parse('{ a { __typename b } }')).depth).toBe(2);
    expect(documentSize(parse('{ a { ...F } } fragment F on T { b { ...F } }')).depth).toBe(2);
  });

  it('refuses one level past the bound, and lets the bound itself through', () => {
    expect(() => assertDocumentWithinBounds(parse(`{ ${nested(DOCUMENT_BOUNDS.maxDepth)} }`))).not.toThrow();
    expect(() => assertDocumentWithinBounds(parse(`{ ${nested(DOCUMENT_BOUNDS.maxDepth + 1)} }`))).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ measure: 'depth', limit: 12 }) as unknown }),
    );
  });
});
