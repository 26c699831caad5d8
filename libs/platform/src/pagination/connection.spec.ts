import { BadUserInputError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import {
  cursorAfter,
  decodeCursor,
  encodeCursor,
  pageRequest,
  toConnection,
  type CursorPart,
  type PageRequest,
} from './connection.js';

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

function expectBadInput(action: () => unknown, field: string): void {
  const error = thrownBy(action);
  expect(error).toBeInstanceOf(BadUserInputError);
  expect((error as BadUserInputError).code).toBe(ErrorCode.BAD_USER_INPUT);
  expect((error as BadUserInputError).details).toMatchObject({ field });
}

describe('cursors', () => {
  it('round-trip their values', () => {
    const values = ['2024-05-01T09:00:00.000Z', '6f1c0a52-7d1e-4a8f-9d1b-1c2d3e4f5a6b', 42, null, 'ā 日本'];
    const cursor = encodeCursor(values);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(values);
  });

  it.each([
    ['garbage', '%%% not a cursor %%%'],
    ['base64url of non-JSON', Buffer.from('hello', 'utf8').toString('base64url')],
    ['a JSON object', encodeCursor({ id: 1 } as unknown as unknown[])],
    ['a JSON string', Buffer.from('"abc"', 'utf8').toString('base64url')],
    ['a JSON null', Buffer.from('null', 'utf8').toString('base64url')],
    ['too long', encodeCursor(['x'.repeat(600)])],
  ])('rejects %s as BAD_USER_INPUT on `after`', (_, cursor) => {
    expectBadInput(() => decodeCursor(cursor), 'after');
  });
});

describe('pageRequest', () => {
  it('defaults to 20 rows and no cursor', () => {
    expect(pageRequest(undefined, undefined, 100)).toEqual({ limit: 20, after: null });
    expect(pageRequest(null, null, 100)).toEqual({ limit: 20, after: null });
  });

  it('keeps the default within a smaller maximum', () => {
    expect(pageRequest(undefined, undefined, 5).limit).toBe(5);
  });

  it('caps `first` at the maximum', () => {
    expect(pageRequest(1000, undefined, 100).limit).toBe(100);
    expect(pageRequest(100, undefined, 100).limit).toBe(100);
    expect(pageRequest(7, undefined, 100).limit).toBe(7);
  });

  it('allows first: 0', () => {
    expect(pageRequest(0, undefined, 100).limit).toBe(0);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'rejects first: %p as BAD_USER_INPUT on `first`',
    (first) => {
      expectBadInput(() => pageRequest(first, undefined, 100), 'first');
    },
  );

  it('decodes `after`', () => {
    expect(pageRequest(10, encodeCursor(['a', 1]), 100)).toEqual({ limit: 10, after: ['a', 1] });
  });

  it('rejects a foreign `after`', () => {
    expectBadInput(() => pageRequest(10, 'not-a-cursor!', 100), 'after');
  });
});

describe('cursorAfter', () => {
  const page = (values: unknown[]): PageRequest => pageRequest(10, encodeCursor(values), 100);
  const createdAtId: CursorPart[] = ['timestamp', 'uuid'];

  it('is null on the first page', () => {
    expect(cursorAfter(pageRequest(10, null, 100), createdAtId)).toBeNull();
  });

  it('returns the values of a cursor of the right shape', () => {
    const values = ['2024-05-01T09:00:00.000Z', '6f1c0a52-7d1e-4a8f-9d1b-1c2d3e4f5a6b'];
    expect(cursorAfter(page(values), createdAtId)).toEqual(values);
    expect(cursorAfter(page(['9223372036854775807']), ['bigint'])).toEqual(['9223372036854775807']);
    expect(cursorAfter(page(['T-ABC']), ['text'])).toEqual(['T-ABC']);
  });

  it.each([
    ['a non-UUID id', ['2024-05-01T09:00:00.000Z', 'x'], createdAtId],
    ['not a date', ['not a date', '6f1c0a52-7d1e-4a8f-9d1b-1c2d3e4f5a6b'], createdAtId],
    ['an impossible date', ['2024-02-30T09:00:00.000Z', '6f1c0a52-7d1e-4a8f-9d1b-1c2d3e4f5a6b'], createdAtId],
    [
      'a date beyond the ISO form',
      ['+275760-09-13T00:00:00.000Z', '6f1c0a52-7d1e-4a8f-9d1b-1c2d3e4f5a6b'],
      createdAtId,
    ],
    ['too few values', ['2024-05-01T09:00:00.000Z'], createdAtId],
    ['too many values', ['2024-05-01T09:00:00.000Z', '6f1c0a52-7d1e-4a8f-9d1b-1c2d3e4f5a6b', 1], createdAtId],
    ['a bigint out of range', ['9223372036854775808'], ['bigint']],
    ['a negative number', ['-1'], ['bigint']],
    ['a number instead of its text', [1], ['bigint']],
    ['a NUL byte', ['A\u0000'], ['text']],
    ['a lone surrogate', ['\ud800'], ['text']],
    ['a nested list', [['x']], ['text']],
  ] as [string, unknown[], CursorPart[]][])('refuses %s as BAD_USER_INPUT on `after`', (_, values, shape) => {
    expectBadInput(() => cursorAfter(page(values), shape), 'after');
  });
});

describe('toConnection', () => {
  const cursorOf = (row: { id: number }) => [row.id];
  const request: PageRequest = { limit: 2, after: null };

  it('reports a next page when more rows than the limit were fetched, and drops the extra row', () => {
    const connection = toConnection([{ id: 1 }, { id: 2 }, { id: 3 }], request, 10, cursorOf);
    expect(connection.edges.map((edge) => edge.node.id)).toEqual([1, 2]);
    expect(connection.pageInfo.hasNextPage).toBe(true);
    expect(connection.totalCount).toBe(10);
  });

  it('reports no next page when the rows fit', () => {
    const connection = toConnection([{ id: 1 }, { id: 2 }], request, 2, cursorOf);
    expect(connection.pageInfo.hasNextPage).toBe(false);
  });

  it("uses the last edge's cursor as endCursor, and each cursor decodes to its row's values", () => {
    const connection = toConnection([{ id: 1 }, { id: 2 }, { id: 3 }], request, 3, cursorOf);
    expect(connection.edges.map((edge) => decodeCursor(edge.cursor))).toEqual([[1], [2]]);
    expect(connection.pageInfo.endCursor).toBe(connection.edges[1].cursor);
  });

  it('has a null endCursor for an empty page', () => {
    const connection = toConnection([], request, 0, cursorOf);
    expect(connection).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 });
  });

  it('with first: 0, returns no edges but says whether rows exist', () => {
    const connection = toConnection([{ id: 1 }], { limit: 0, after: null }, 5, cursorOf);
    expect(connection.edges).toEqual([]);
    expect(connection.pageInfo).toEqual({ hasNextPage: true, endCursor: null });
  });
});
