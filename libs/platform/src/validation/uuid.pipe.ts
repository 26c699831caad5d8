import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { BadUserInputError } from '../errors/domain-error.js';

/**
 * An `ID` argument, or a list of them (`[ID!]`), that must be one of our UUIDs: anything else is
 * `BAD_USER_INPUT` naming the argument (`id`, `memberAgencyIds.1`), not a database error.
 */
@Injectable()
export class UuidPipe implements PipeTransform<unknown, string | string[] | null | undefined> {
  transform(value: unknown, metadata: ArgumentMetadata): string | string[] | null | undefined {
    const field = metadata.data ?? 'id';
    if (Array.isArray(value)) return value.map((item, index) => uuid(item, `${field}.${index}`));
    if (value === null || value === undefined) return value;
    return uuid(value, field);
  }
}

function uuid(value: unknown, field: string): string {
  if (typeof value !== 'string' || !isUUID(value)) throw new BadUserInputError(field, `${field} is not a valid ID`);
  return value.toLowerCase();
}
