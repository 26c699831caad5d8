import { isUUID } from 'class-validator';
import { BadUserInputError, NotFoundError, pageRequest, type Connection } from '@tsunagu/platform';
import type { FhirResource } from './fhir-types.js';

/** The query string of a search as Fastify parsed it: a repeated parameter is an array. */
export type SearchQuery = Record<string, string | string[] | undefined>;

/** The paging parameters of every search: `_count` (capped) and the opaque `_cursor` of a `next` link. */
export interface Paging {
  count: number;
  cursor: string | null;
}

/** Refuses parameters a search does not support (BAD_USER_INPUT naming it), rather than silently ignoring them. */
export function assertKnownParams(query: SearchQuery, known: readonly string[]): void {
  for (const name of Object.keys(query)) {
    if (!known.includes(name) && !['_count', '_cursor'].includes(name)) {
      throw new BadUserInputError(name, `The search parameter ${name} is not supported (see GET /fhir/metadata)`);
    }
  }
}

/** The single value of a parameter; BAD_USER_INPUT when it is repeated. */
export function single(query: SearchQuery, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw new BadUserInputError(name, `${name} may be given once`);
  return value === undefined || value === '' ? undefined : value;
}

export function paging(query: SearchQuery, max: number): Paging {
  const raw = single(query, '_count');
  const count = raw === undefined ? undefined : Number(raw);
  if (count !== undefined && !/^\d+$/.test(raw ?? ''))
    throw new BadUserInputError('_count', '_count must be a whole number');
  // Validates the cursor's shape the way the GraphQL `after` is validated (BAD_USER_INPUT on a foreign one).
  const cursor = single(query, '_cursor') ?? null;
  const page = pageRequest(count, cursor, max);
  return { count: page.limit, cursor };
}

/**
 * The id of a reference parameter (`Patient/<id>` or the bare id) of the given type. An id that is not one of
 * ours cannot match anything: undefined, so the search returns an empty Bundle.
 */
export function referenceId(query: SearchQuery, name: string, type: string): string | null | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  const id = value.startsWith(`${type}/`) ? value.slice(type.length + 1) : value;
  if (id.includes('/')) throw new BadUserInputError(name, `${name} must reference a ${type}`);
  return isUUID(id) ? id.toLowerCase() : null;
}

/** A read of an id that is not one of ours is the same 404 as an unknown one. */
export function requireId(type: string, id: string): string {
  if (!isUUID(id)) throw new NotFoundError(type);
  return id.toLowerCase();
}

/** Runs a read and turns its NOT_FOUND into the FHIR resource's, without the id: foreign and unknown look alike. */
export async function notFoundAs<T>(type: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof NotFoundError) throw new NotFoundError(type);
    throw error;
  }
}

/** `_lastUpdated` with a prefix (ge, gt, le, lt, eq; none means eq to the instant given). */
export interface DateBound {
  prefix: 'ge' | 'gt' | 'le' | 'lt' | 'eq';
  at: Date;
}

export function dateBounds(query: SearchQuery, name: string): DateBound[] {
  const raw = query[name];
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return values.map((value) => {
    const match = /^(ge|gt|le|lt|eq)?(\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?)$/.exec(value);
    const at = match ? new Date(match[2]) : new Date(Number.NaN);
    if (!match || Number.isNaN(at.getTime())) {
      throw new BadUserInputError(
        name,
        `${name} must be a date or dateTime with an optional prefix, e.g. ge2026-01-01`,
      );
    }
    return { prefix: (match[1] ?? 'eq') as DateBound['prefix'], at };
  });
}

export function withinBounds(value: Date, bounds: readonly DateBound[]): boolean {
  const time = value.getTime();
  return bounds.every(({ prefix, at }) => {
    switch (prefix) {
      case 'ge':
        return time >= at.getTime();
      case 'gt':
        return time > at.getTime();
      case 'le':
        return time <= at.getTime();
      case 'lt':
        return time < at.getTime();
      case 'eq':
        return time === at.getTime();
    }
  });
}

/** One page of matches, where the search resumes, and the total when it is known without scanning. */
export interface SearchPage<T> {
  items: T[];
  next: string | null;
  total?: number;
}

/** At most this many service pages are read for one page of a search filtered after the fact. */
const MAX_SCAN_PAGES = 10;

/**
 * Reads pages of a service's connection until `count` items pass `keep` (or the list ends). The next cursor is
 * the one of the last item returned, so the next page starts right after it whatever was scanned beyond.
 */
export async function collect<T>(
  fetch: (after: string | null, limit: number) => Promise<Connection<T>>,
  paging: Paging,
  keep: ((item: T) => boolean) | null,
  scanLimit: number,
): Promise<SearchPage<T>> {
  if (!keep) {
    const page = await fetch(paging.cursor, paging.count);
    return {
      items: page.edges.map((edge) => edge.node),
      next: page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null,
      total: page.totalCount,
    };
  }
  const items: T[] = [];
  let after = paging.cursor;
  for (let scanned = 0; scanned < MAX_SCAN_PAGES; scanned += 1) {
    const page = await fetch(after, scanLimit);
    for (const edge of page.edges) {
      if (items.length === paging.count) return { items, next: after };
      after = edge.cursor;
      if (keep(edge.node)) items.push(edge.node);
    }
    if (!page.pageInfo.hasNextPage) return { items, next: null };
    after = page.pageInfo.endCursor ?? after;
  }
  return { items, next: after };
}

export interface BundleEntry {
  resource: FhirResource;
  mode: 'match' | 'include';
}

/** A searchset Bundle with `self` and (when more match) `next` links. */
export function searchset(
  base: string,
  path: string,
  query: SearchQuery,
  entries: BundleEntry[],
  next: string | null,
  total: number | undefined,
): FhirResource {
  const current = typeof query._cursor === 'string' ? query._cursor : undefined;
  const link = [{ relation: 'self', url: searchUrl(base, path, query, current) }];
  if (next) link.push({ relation: 'next', url: searchUrl(base, path, query, next) });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(total !== undefined ? { total } : {}),
    link,
    entry: entries.map(({ resource, mode }) => ({
      fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
      resource,
      search: { mode },
    })),
  };
}

function searchUrl(base: string, path: string, query: SearchQuery, cursor: string | undefined): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (name === '_cursor' || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(name, item);
  }
  if (cursor) params.set('_cursor', cursor);
  const search = params.toString();
  return `${base}/${path}${search ? `?${search}` : ''}`;
}
