import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { BadUserInputError } from '../errors/domain-error.js';

/** A free-text argument with a length limit (and, when required, not blank). */
@Injectable()
export class TextPipe implements PipeTransform<unknown, string | null | undefined> {
  constructor(
    private readonly maxLength: number,
    private readonly required = false,
  ) {}

  transform(value: unknown, metadata: ArgumentMetadata): string | null | undefined {
    const field = metadata.data ?? 'text';
    if (value === null || value === undefined) {
      if (this.required) throw new BadUserInputError(field, `${field} is required`);
      return value;
    }
    if (typeof value !== 'string') throw new BadUserInputError(field, `${field} must be a string`);
    if (this.required && value.trim().length === 0) throw new BadUserInputError(field, `${field} must not be blank`);
    if (value.length > this.maxLength) {
      throw new BadUserInputError(field, `${field} must be at most ${this.maxLength} characters`, {
        constraint: 'maxLength',
      });
    }
    return value;
  }
}
