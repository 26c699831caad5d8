import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { BadUserInputError } from '../errors/domain-error.js';

/** An `ID` argument that must be one of our UUIDs: anything else is `BAD_USER_INPUT`, not a database error. */
@Injectable()
export class UuidPipe implements PipeTransform<unknown, string | null | undefined> {
  transform(value: unknown, metadata: ArgumentMetadata): string | null | undefined {
    if (value === null || value === undefined) return value;
    if (typeof value !== 'string' || !isUUID(value)) {
      const field = metadata.data ?? 'id';
      throw new BadUserInputError(field, `${field} is not a valid ID`);
    }
    return value.toLowerCase();
  }
}
