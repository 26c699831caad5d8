import { createHash } from 'node:crypto';
import { type EntityManager } from 'typeorm';

const names = new Map<string, string>();
const NAMES_MAX = 1000;

/** The statement name of a text: the same text always gets the same name, and another text another name. */
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `tsunagu_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    if (names.size < NAMES_MAX) names.set(text, name);
  }
  return name;
}

/**
 * Runs a fixed statement as a named prepared statement: node-pg prepares it on each connection's first use,
 * so PostgreSQL parses and plans it once per connection instead of on every run. For the hot path's fixed
 * texts (built once, with explicit column lists: a prepared `SELECT *` would fail after a column is added).
 * Each connection keeps every statement it prepared, so only for texts of a few shapes: not one whose text
 * grows with its input (a VALUES list per row, say).
 * Goes through TypeORM's `query()` like any statement, inside the manager's transaction when it has one.
 */
export function preparedQuery<T = unknown>(manager: EntityManager, text: string, parameters: unknown[]): Promise<T> {
  // node-pg takes a query config where TypeORM passes the text through; a fresh object per run, as node-pg
  // writes the values into it.
  return manager.query<T>({ name: nameOf(text), text } as unknown as string, parameters);
}
