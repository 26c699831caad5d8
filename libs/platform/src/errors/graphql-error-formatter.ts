import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainError } from './domain-error.js';
import { DOCUMENT_BOUNDS, isTokenLimitError } from '../graphql/document-bounds.js';
import { ErrorCode, isClientFacing } from './error-code.js';

export interface ErrorLogger {
  error(obj: object, msg: string): void;
}

const INTERNAL_MESSAGE = 'Internal server error';

/**
 * Maps every error that leaves the GraphQL layer to the partner contract: a stable `extensions.code`,
 * machine-readable details, and nothing internal (no SQL, no stack) for unexpected failures.
 */
export function formatGraphQLError(
  error: GraphQLError,
  logger: ErrorLogger,
  requestId: string | undefined,
): GraphQLFormattedError[] {
  const original = error.originalError;

  if (original instanceof DomainError) {
    if (!isClientFacing(original.code)) return [internal(error, original, logger, requestId)];
    return [
      {
        message: original.message,
        locations: error.locations,
        path: error.path,
        extensions: { ...original.details, code: original.code },
      },
    ];
  }

  // Mercurius wraps the validation errors of one request in a single error.
  const nested = (original as { errors?: unknown } | undefined)?.errors;
  if (Array.isArray(nested)) {
    return nested.flatMap((inner) =>
      inner instanceof GraphQLError
        ? formatGraphQLError(inner, logger, requestId)
        : [requestError(inner instanceof Error ? inner.message : String(inner))],
    );
  }

  // Syntax and validation errors carry no original error; variable-coercion errors carry the scalar's own
  // GraphQLError. Neither has a path: they happen before execution. Their own details (a `reason`) stay.
  if (!original || (original instanceof GraphQLError && error.path === undefined)) {
    if (isTokenLimitError(error)) {
      return [
        {
          message: error.message,
          extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, measure: 'tokens', limit: DOCUMENT_BOUNDS.maxTokens },
        },
      ];
    }
    return [
      {
        message: error.message,
        locations: error.locations,
        path: error.path,
        extensions: withField({ ...error.extensions, code: ErrorCode.BAD_USER_INPUT }, fieldOf(error)),
      },
    ];
  }

  // Errors of the HTTP layer (malformed body, unsupported method …) are the client's.
  const status = (original as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return [requestError(original.message)];

  return [internal(error, original, logger, requestId)];
}

function requestError(message: string): GraphQLFormattedError {
  return { message, extensions: { code: ErrorCode.BAD_USER_INPUT } };
}

function internal(
  error: GraphQLError,
  original: Error,
  logger: ErrorLogger,
  requestId: string | undefined,
): GraphQLFormattedError {
  logger.error({ err: original, path: error.path, requestId }, 'unhandled error in GraphQL operation');
  return {
    message: INTERNAL_MESSAGE,
    locations: error.locations,
    path: error.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...(requestId ? { requestId } : {}) },
  };
}

function withField(extensions: Record<string, unknown>, field: string | undefined): Record<string, unknown> {
  return field ? { ...extensions, field } : extensions;
}

/**
 * The input path an input error is about: from graphql-js's variable-coercion messages
 * (`Variable "$input" got invalid value … at "input.sector"`), or, for literals in the document,
 * the argument or input-field name written just before the offending value.
 */
export function fieldOf(error: GraphQLError): string | undefined {
  const at = /Variable "\$([^"]+)" got invalid value .*? at "([^"]+)"/s.exec(error.message);
  if (at) return at[2].replace(/\[(\d+)\]/g, '.$1'); // input.sharedCategories[1] → input.sharedCategories.1
  const variable = /Variable "\$([^"]+)"/.exec(error.message);
  if (variable) return variable[1];
  const node = error.nodes?.[0];
  const body = node?.loc?.source.body;
  if (body && node?.loc) {
    // Drop the list items written before the offending one: `sectors: [HOUSING, NOPE]` → `sectors: [`.
    let before = body.slice(0, node.loc.start);
    for (let previous = ''; previous !== before;) {
      previous = before;
      before = before.replace(/[^[\]{}:,]*,\s*$/, '');
    }
    const name = /([_A-Za-z][_0-9A-Za-z]*)\s*:\s*[[{]?\s*$/.exec(before);
    if (name) return name[1];
  }
  const argument = /Argument "([^"]+)"/.exec(error.message);
  return argument?.[1];
}
