import { ServiceUnavailableError } from '../errors/domain-error.js';

/**
 * Failures of the infrastructure rather than of the request: the same request may succeed a moment later.
 * - `conflict`: PostgreSQL rolled the transaction back to resolve a conflict with another one (serialization
 *   failure 40001, deadlock 40P01); nothing was committed.
 * - `connection`: the database could not be reached or the connection was lost (refused, reset, terminated,
 *   server shutting down or starting up, SQLSTATE class 08, too many connections, no pool connection in time).
 * - `unavailable`: another dependency a mutation needs (Redis behind a queue) did not answer.
 */
export type TransientKind = 'conflict' | 'connection' | 'unavailable';

const CONFLICT_CODES = new Set(['40001', '40P01']);
/** admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections, and the whole class 08. */
const CONNECTION_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
const CONNECTION_MESSAGES = [
  /^Connection terminated/, // node-postgres: "Connection terminated unexpectedly", "… due to connection timeout"
  /^timeout exceeded when trying to connect/, // pg-pool: no connection within connectionTimeoutMillis
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  /^Query read timeout/,
];
const UNAVAILABLE_NAMES = new Set(['MaxRetriesPerRequestError', 'DependencyTimeoutError']);
const UNAVAILABLE_MESSAGES = [/^Connection is closed\.?$/, /^Stream isn't writeable/];

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
  /** graphql-js's NonErrorThrown: a thrown value that is not an Error (e.g. a copied system error object). */
  thrownValue?: unknown;
}

/** The kind of transient failure `error` (or an error it wraps) is, or undefined when it is not one. */
export function transientKind(error: unknown, depth = 0): TransientKind | undefined {
  if (!error || typeof error !== 'object' || depth > 5) return undefined;
  const candidate = error as ErrorLike;
  const code = typeof candidate.code === 'string' ? candidate.code : undefined;
  const message = typeof candidate.message === 'string' ? candidate.message : '';
  if (code && CONFLICT_CODES.has(code)) return 'conflict';
  if (code && (CONNECTION_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || CONNECTION_ERRNOS.has(code))) {
    return 'connection';
  }
  if (CONNECTION_MESSAGES.some((pattern) => pattern.test(message))) return 'connection';
  if (typeof candidate.name === 'string' && UNAVAILABLE_NAMES.has(candidate.name)) return 'unavailable';
  // A producer's own "queue unavailable" error (WebhookQueueUnavailableError): Redis, whatever its cause says.
  if (typeof candidate.name === 'string' && /QueueUnavailableError$/.test(candidate.name)) return 'unavailable';
  if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return 'unavailable';
  // TypeORM's QueryFailedError keeps the driver's error; Error causes and AggregateErrors (a refused
  // connection to a host with several addresses) wrap theirs, and graphql-js keeps a thrown non-Error value.
  const wrapped: unknown[] = Array.isArray(candidate.errors) ? (candidate.errors as unknown[]) : [];
  for (const inner of [candidate.driverError, candidate.cause, candidate.thrownValue, ...wrapped]) {
    const kind = transientKind(inner, depth + 1);
    if (kind) return kind;
  }
  return undefined;
}

/** The client-facing error of a transient failure that is still there after any retries. */
export function serviceUnavailable(kind: TransientKind, cause: unknown): ServiceUnavailableError {
  switch (kind) {
    case 'conflict':
      return new ServiceUnavailableError(
        'The change conflicted with concurrent changes and was not applied; send it again',
        { reason: 'TRANSACTION_CONFLICT' },
        { retryAfter: 1, cause },
      );
    case 'connection':
      return new ServiceUnavailableError(
        'The database is unavailable; nothing was changed, send the request again',
        { reason: 'DATABASE_UNAVAILABLE' },
        { retryAfter: 2, cause },
      );
    case 'unavailable':
      return new ServiceUnavailableError(
        'A service the request needs is unavailable; nothing was changed, send the request again',
        { reason: 'DEPENDENCY_UNAVAILABLE' },
        { retryAfter: 2, cause },
      );
  }
}
