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
  constructor(message = 'A valid API key is required: send "Authorization: Bearer <key>"') {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}
