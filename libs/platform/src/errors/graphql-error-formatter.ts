import { GraphQLError, Kind, parse, visit, type GraphQLFormattedError, type Source } from 'graphql';
import { DomainError } from './domain-error.js';
import { DOCUMENT_BOUNDS, isTokenLimitError } from '../graphql/document-bounds.js';
import { ErrorCode, isClientFacing } from './error-code.js';
import { serviceUnavailable, transientKind } from '../database/transient-errors.js';
import { type MessageLocale } from './accept-language.js';
import { JA_MESSAGES, JA_REASONS, japaneseRequestErrorMessage } from './messages.ja.js';

export interface ErrorLogger {
  error(obj: object, msg: string): void;
}

const INTERNAL_MESSAGE = 'Internal server error';

/**
 * The message of an error of the catalogue in the client's language. Only the message changes: the code and
 * every other extension are the same in each language.
 */
export function localizedMessage(
  extensions: Readonly<Record<string, unknown>> & { code: ErrorCode },
  english: string,
  locale: MessageLocale,
): string {
  return locale === 'ja' ? JA_MESSAGES[extensions.code](extensions, english) : english;
}

/**
 * A request error of graphql-js or Mercurius (syntax, validation, variables, a malformed body) keeps its English,
 * which quotes the document; in Japanese it is explained by its `reason` when it has one, else prefixed.
 */
function requestErrorMessage(extensions: Readonly<Record<string, unknown>>, english: string, locale: MessageLocale) {
  if (locale !== 'ja') return english;
  const reason = extensions.reason;
  if (typeof reason === 'string' && JA_REASONS[reason])
    return JA_MESSAGES[ErrorCode.BAD_USER_INPUT](extensions, english);
  return japaneseRequestErrorMessage(extensions, english);
}

/**
 * Maps every error that leaves the GraphQL layer to the partner contract: a stable `extensions.code`,
 * machine-readable details, and nothing internal (no SQL, no stack) for unexpected failures. `locale` (from
 * the request's Accept-Language) picks the language of the message only.
 */
export function formatGraphQLError(
  error: GraphQLError,
  logger: ErrorLogger,
  requestId: string | undefined,
  locale: MessageLocale = 'en',
): GraphQLFormattedError[] {
  const original = error.originalError;

  if (original instanceof DomainError) {
    if (!isClientFacing(original.code)) return [internal(error, original, logger, requestId, locale)];
    if (original.code === ErrorCode.SERVICE_UNAVAILABLE) {
      logger.error({ err: original.cause ?? original, path: error.path, requestId }, 'service unavailable');
    }
    const extensions = { ...original.details, code: original.code };
    return [
      {
        message: localizedMessage(extensions, original.message, locale),
        locations: error.locations,
        path: error.path,
        extensions,
      },
    ];
  }

  // Mercurius wraps the validation errors of one request in a single error.
  const nested = (original as { errors?: unknown } | undefined)?.errors;
  if (Array.isArray(nested)) {
    return nested.flatMap((inner) =>
      inner instanceof GraphQLError
        ? formatGraphQLError(inner, logger, requestId, locale)
        : [requestError(inner instanceof Error ? inner.message : String(inner), locale)],
    );
  }

  // Syntax and validation errors carry no original error; variable-coercion errors carry the scalar's own
  // GraphQLError. Neither has a path: they happen before execution. Their own details (a `reason`) stay.
  if (!original || (original instanceof GraphQLError && error.path === undefined)) {
    if (isTokenLimitError(error)) {
      const extensions = { code: ErrorCode.QUERY_TOO_COMPLEX, measure: 'tokens', limit: DOCUMENT_BOUNDS.maxTokens };
      return [{ message: localizedMessage(extensions, error.message, locale), extensions }];
    }
    const extensions = withField({ ...error.extensions, code: ErrorCode.BAD_USER_INPUT }, fieldOf(error));
    return [
      {
        message: requestErrorMessage(extensions, error.message, locale),
        locations: error.locations,
        path: error.path,
        extensions,
      },
    ];
  }

  // The database or Redis failing under a request (a read outside any transaction, a connection refused while
  // authenticating): retryable, logged without the noise of an unexpected error.
  const kind = transientKind(original);
  if (kind) {
    const unavailable = serviceUnavailable(kind, original);
    logger.error({ err: original, path: error.path, requestId }, 'transient failure in GraphQL operation');
    const extensions = { ...unavailable.details, code: unavailable.code };
    return [
      {
        message: localizedMessage(extensions, unavailable.message, locale),
        locations: error.locations,
        path: error.path,
        extensions: unavailable.extensions,
      },
    ];
  }

  // Errors of the HTTP layer (malformed body, unsupported method …) are the client's.
  const status = (original as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return [requestError(original.message, locale)];

  return [internal(error, original, logger, requestId, locale)];
}

function requestError(message: string, locale: MessageLocale): GraphQLFormattedError {
  const extensions = { code: ErrorCode.BAD_USER_INPUT };
  return { message: requestErrorMessage(extensions, message, locale), extensions };
}

function internal(
  error: GraphQLError,
  original: Error,
  logger: ErrorLogger,
  requestId: string | undefined,
  locale: MessageLocale,
): GraphQLFormattedError {
  logger.error({ err: original, path: error.path, requestId }, 'unhandled error in GraphQL operation');
  const extensions = { code: ErrorCode.INTERNAL_SERVER_ERROR, ...(requestId ? { requestId } : {}) };
  return {
    message: localizedMessage(extensions, INTERNAL_MESSAGE, locale),
    locations: error.locations,
    path: error.path,
    extensions,
  };
}

function withField(extensions: Record<string, unknown>, field: string | undefined): Record<string, unknown> {
  return field ? { ...extensions, field } : extensions;
}

interface InputSpan {
  name: string;
  start: number;
  end: number;
}

/** The argument and input-field values of a document, in document order; one parse per document. */
const inputSpans = new WeakMap<Source, InputSpan[]>();

function spansOf(source: Source): InputSpan[] {
  let spans = inputSpans.get(source);
  if (spans) return spans;
  const found: InputSpan[] = [];
  try {
    // The document parsed once already (the error points into it), within the token bound.
    visit(parse(source), {
      enter(node) {
        if ((node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) && node.value.loc) {
          found.push({ name: node.name.value, start: node.value.loc.start, end: node.value.loc.end });
        }
      },
    });
  } catch {
    // Not a document after all: no names to offer.
  }
  spans = found;
  inputSpans.set(source, spans);
  return spans;
}

/**
 * The argument or input field whose value holds this position: the innermost one, so that
 * `filter: { sectors: [HOUSING, NOPE] }` names `sectors`. Linear in the document, whatever it holds.
 */
function enclosingInputName(source: Source, position: number): string | undefined {
  let name: string | undefined;
  for (const span of spansOf(source)) {
    if (span.start > position) break;
    if (position < span.end) name = span.name;
  }
  return name;
}

/**
 * The input path an input error is about: from graphql-js's variable-coercion messages
 * (`Variable "$input" got invalid value … at "input.sector"`), or, for literals in the document,
 * the argument or input field whose value holds the offending one.
 */
export function fieldOf(error: GraphQLError): string | undefined {
  const at = /Variable "\$([^"]+)" got invalid value .*? at "([^"]+)"/s.exec(error.message);
  if (at) return at[2].replace(/\[(\d+)\]/g, '.$1'); // input.sharedCategories[1] → input.sharedCategories.1
  const variable = /Variable "\$([^"]+)"/.exec(error.message);
  if (variable) return variable[1];
  const node = error.nodes?.[0];
  if (node?.loc) {
    const name = enclosingInputName(node.loc.source, node.loc.start);
    if (name) return name;
  }
  const argument = /Argument "([^"]+)"/.exec(error.message);
  return argument?.[1];
}
