import { type Type } from '@nestjs/common';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { isUUID } from 'class-validator';
import { BadUserInputError } from '../errors/domain-error.js';
import { hasUnsafeText } from '../validation/safe-text.js';

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A Relay connection type for `classRef`, named `<Name>Connection` / `<Name>Edge`. */
export function ConnectionType<T>(classRef: Type<T>, name: string): Type<Connection<T>> {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => String)
    cursor: string;

    @Field(() => classRef)
    node: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int)
    totalCount: number;
  }
  return ConnectionClass;
}

export interface PageRequest {
  /** Rows to return, already validated and capped. */
  limit: number;
  /** The decoded `after` cursor, or null for the first page. */
  after: unknown[] | null;
}

/** Validates `first`/`after`: a negative `first` or a foreign cursor is `BAD_USER_INPUT`; `first` is capped. */
export function pageRequest(
  first: number | null | undefined,
  after: string | null | undefined,
  max: number,
): PageRequest {
  if (first !== null && first !== undefined && (!Number.isInteger(first) || first < 0)) {
    throw new BadUserInputError('first', '`first` must be a non-negative integer');
  }
  const limit = Math.min(first ?? Math.min(20, max), max);
  return { limit, after: after ? decodeCursor(after) : null };
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): unknown[] {
  try {
    if (cursor.length > 512) throw new Error('too long');
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(values)) throw new Error('not a cursor');
    return values;
  } catch {
    throw new BadUserInputError('after', '`after` is not a cursor returned by this list');
  }
}

/**
 * What one position of a list's cursor holds, as `toConnection`'s `cursorOf` wrote it: an ISO 8601 instant
 * (`Date.toISOString()`), a UUID, a PostgreSQL `bigint` in decimal, or a short text (an agency code).
 */
export type CursorPart = 'timestamp' | 'uuid' | 'bigint' | 'text';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const BIGINT_MAX = 9223372036854775807n;
const CURSOR_TEXT_MAX = 200;

function isCursorPart(value: unknown, part: CursorPart): value is string {
  if (typeof value !== 'string') return false;
  switch (part) {
    case 'timestamp':
      return ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;
    case 'uuid':
      return isUUID(value);
    case 'bigint':
      return /^(0|[1-9]\d{0,18})$/.test(value) && BigInt(value) <= BIGINT_MAX;
    case 'text':
      return value.length <= CURSOR_TEXT_MAX && !hasUnsafeText(value);
  }
}

/**
 * The decoded `after` cursor of a list whose cursors have `shape`, or null for the first page. A cursor of
 * another list, or one edited by hand (a bad date, a number out of range, a non-UUID), is `BAD_USER_INPUT`
 * on `after` before it reaches a query.
 */
export function cursorAfter<const S extends readonly CursorPart[]>(
  page: PageRequest,
  shape: S,
): { [K in keyof S]: string } | null {
  if (!page.after) return null;
  const values = page.after;
  if (values.length !== shape.length || !shape.every((part, index) => isCursorPart(values[index], part))) {
    throw new BadUserInputError('after', '`after` is not a cursor returned by this list');
  }
  return values as { [K in keyof S]: string };
}

/** Builds a connection from up to `limit + 1` rows fetched after the cursor (the extra row means "more"). */
export function toConnection<T>(
  rows: T[],
  request: PageRequest,
  totalCount: number,
  cursorOf: (row: T) => unknown[],
): Connection<T> {
  const page = rows.slice(0, request.limit);
  const edges = page.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > request.limit, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}
