import {
  Injectable,
  Optional,
  ValidationPipe,
  type ArgumentMetadata,
  type Type,
  type ValidationError,
} from '@nestjs/common';
import { BadUserInputError } from '../errors/domain-error.js';
import { unsafeTextReason, type UnsafeTextReason } from './safe-text.js';

/** Deeper than any input type of the schema: a guard, not a limit partners meet. */
const MAX_INPUT_DEPTH = 32;

/** The path of the first string in an argument value that cannot be stored as text, and why. */
export function unsafeTextIn(
  value: unknown,
  path: string,
  depth = 0,
): { path: string; reason: UnsafeTextReason } | null {
  if (typeof value === 'string') {
    const reason = unsafeTextReason(value);
    return reason ? { path, reason } : null;
  }
  if (value === null || typeof value !== 'object' || depth > MAX_INPUT_DEPTH) return null;
  const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
  for (const [key, item] of entries) {
    const found = unsafeTextIn(item, path ? `${path}.${key}` : String(key), depth + 1);
    if (found) return found;
  }
  return null;
}

class InputValidationFailed extends Error {
  constructor(
    readonly field: string,
    readonly constraint: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

function firstFailure(errors: ValidationError[], parent: string): InputValidationFailed | null {
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const constraints = Object.entries(error.constraints ?? {});
    if (constraints.length > 0) {
      const [constraint, message] = constraints[0];
      return new InputValidationFailed(path, constraint, message);
    }
    const nested = firstFailure(error.children ?? [], path);
    if (nested) return nested;
  }
  return null;
}

/**
 * class-validator on every GraphQL argument, and no NUL or lone surrogate in any string. A failure becomes `BAD_USER_INPUT` whose `field` is the full
 * argument path (e.g. `input.serviceAreas.0.code`), before any service code runs.
 */
@Injectable()
export class InputValidationPipe extends ValidationPipe {
  /**
   * `expectedType`: for an argument declared `X | null`, which TypeScript reflects as `Object`, so that the
   * global instance never validates it: `@Args('filter', {...}, new InputValidationPipe(X))`.
   */
  constructor(@Optional() expectedType?: Type<unknown>) {
    super({
      expectedType,
      transform: true,
      forbidUnknownValues: false,
      stopAtFirstError: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) =>
        firstFailure(errors, '') ?? new InputValidationFailed('', 'invalid', 'Invalid input'),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Every text argument, at any depth: a NUL would fail the SQL statement and a lone surrogate the
    // validators (or be stored as U+FFFD), so both are the client's error, named by its path. Nest hands
    // `@Args()` to pipes as `body` (GraphQL's ARGS shares BODY's number); parent, context and info as `custom`.
    if (metadata.type === 'body') {
      const unsafe = unsafeTextIn(value, metadata.data ?? '');
      if (unsafe) {
        const what = unsafe.reason === 'NUL_CHARACTER' ? 'a NUL character' : 'an unpaired UTF-16 surrogate';
        throw new BadUserInputError(unsafe.path, `${unsafe.path} must not contain ${what}`, { reason: unsafe.reason });
      }
    }
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof InputValidationFailed)) throw error;
      const field = [metadata.data, error.field].filter(Boolean).join('.');
      throw new BadUserInputError(field, `${field}: ${error.detail}`, { constraint: error.constraint });
    }
  }
}
