import { type GraphQLFormattedError } from 'graphql';

/**
 * A failed Tsunagu operation. `code` is the first error's `extensions.code` (UNAUTHENTICATED, FORBIDDEN,
 * NOT_FOUND, BAD_USER_INPUT, CONFLICT, CONSENT_REQUIRED, INVALID_TRANSITION, RATE_LIMITED, CURSOR_EXPIRED,
 * INTERNAL_SERVER_ERROR …), and `extensions` its details (`allowed`, `missing`, `field`, `reason` …).
 * A response that is not GraphQL at all is `BAD_RESPONSE`, with the HTTP `status`.
 */
export class TsunaguError extends Error {
  override readonly name = 'TsunaguError';

  constructor(
    readonly code: string,
    message: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
    readonly errors: readonly GraphQLFormattedError[] = [],
    readonly status?: number,
  ) {
    super(message);
  }

  /** The error of a GraphQL result's `errors` (the first one names the code; all are kept). */
  static fromGraphQLErrors(errors: readonly GraphQLFormattedError[], status?: number): TsunaguError {
    const [first] = errors;
    const extensions = first?.extensions ?? {};
    const code = typeof extensions.code === 'string' ? extensions.code : 'INTERNAL_SERVER_ERROR';
    const message = errors.map((error) => error.message).join('; ') || 'the operation failed';
    return new TsunaguError(code, message, extensions, errors, status);
  }
}
