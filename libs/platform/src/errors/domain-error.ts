import { ErrorCode } from './error-code.js';

export type ErrorDetails = Record<string, unknown>;

/**
 * The one error type domain code throws. `code` is the partner-facing code; `reason` is a finer,
 * equally stable machine-readable cause (e.g. `AGENCY_CODE_TAKEN`) that clients may branch on.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /**
   * graphql-js copies an original error's `extensions` into the GraphQL error, so the stable code also
   * reaches clients on paths that bypass the error formatter (subscription events over graphql-ws).
   */
  get extensions(): Record<string, unknown> {
    return { ...this.details, code: this.code };
  }
}

export class BadUserInputError extends DomainError {
  constructor(field: string, message: string, details: ErrorDetails = {}) {
    super(ErrorCode.BAD_USER_INPUT, message, { field, ...details });
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, details: ErrorDetails = {}) {
    super(ErrorCode.NOT_FOUND, `${entity} not found`, { entity, ...details });
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string, details: ErrorDetails = {}) {
    super(ErrorCode.FORBIDDEN, message, details);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details: ErrorDetails = {}) {
    super(ErrorCode.CONFLICT, message, details);
  }
}

export class UnauthenticatedError extends DomainError {
  /** The HTTP status when the request is refused before execution. */
  readonly statusCode = 401;

  constructor(
    message = 'A valid API key or console session is required: send "Authorization: Bearer <key>"',
    details: ErrorDetails = {},
  ) {
    super(ErrorCode.UNAUTHENTICATED, message, details);
  }
}

/**
 * A document or operation over one of the bounds of docs/security.md: too many tokens, fields, aliases or
 * root fields, or a computed cost over the budget. `measure` names the bound; `cost`/`limit` give the figures.
 */
export class QueryTooComplexError extends DomainError {
  constructor(message: string, details: { measure: string; limit: number; cost?: number }) {
    super(ErrorCode.QUERY_TOO_COMPLEX, message, details);
  }
}

/** Too many requests (or failed authentications) from one key or address; `retryAfter` is in seconds. */
export class RateLimitedError extends DomainError {
  /** The HTTP status when the request is refused before execution. */
  readonly statusCode = 429;

  constructor(message: string, retryAfter: number) {
    super(ErrorCode.RATE_LIMITED, message, { retryAfter });
  }

  get retryAfter(): number {
    return this.details.retryAfter as number;
  }
}

/**
 * The request failed on the infrastructure (the database restarting, a lost connection, a serialization
 * failure still there after the service's own retries, Redis not answering) and did not take effect:
 * `retryable: true` says the client may send it again after `retryAfter` seconds. When a connection was lost
 * while the commit was in flight, the outcome is unknown: `retryable: false`, `reason: OUTCOME_UNKNOWN`
 * (a retry is safe only for idempotent requests, e.g. createReferral with an idempotencyKey).
 */
export class ServiceUnavailableError extends DomainError {
  /** The HTTP status when the request fails before execution (application/graphql-response+json). */
  readonly statusCode = 503;

  constructor(
    message: string,
    details: { reason: 'DATABASE_UNAVAILABLE' | 'TRANSACTION_CONFLICT' | 'DEPENDENCY_UNAVAILABLE' | 'OUTCOME_UNKNOWN' },
    options: { retryAfter?: number; cause?: unknown } = {},
  ) {
    const retryable = details.reason !== 'OUTCOME_UNKNOWN';
    super(ErrorCode.SERVICE_UNAVAILABLE, message, {
      ...details,
      retryable,
      ...(retryable ? { retryAfter: options.retryAfter ?? 1 } : {}),
    });
    if (options.cause !== undefined) this.cause = options.cause;
  }
}
