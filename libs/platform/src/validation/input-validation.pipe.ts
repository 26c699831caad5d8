import {
  Injectable,
  Optional,
  ValidationPipe,
  type ArgumentMetadata,
  type Type,
  type ValidationError,
} from '@nestjs/common';
import { BadUserInputError } from '../errors/domain-error.js';

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
 * class-validator on every GraphQL argument. A failure becomes `BAD_USER_INPUT` whose `field` is the full
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
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof InputValidationFailed)) throw error;
      const field = [metadata.data, error.field].filter(Boolean).join('.');
      throw new BadUserInputError(field, `${field}: ${error.detail}`, { constraint: error.constraint });
    }
  }
}
