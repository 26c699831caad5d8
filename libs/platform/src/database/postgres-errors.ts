import { QueryFailedError } from 'typeorm';

/** PostgreSQL SQLSTATE codes the services translate into domain errors. */
export enum PgErrorCode {
  UNIQUE_VIOLATION = '23505',
  FOREIGN_KEY_VIOLATION = '23503',
}

export function isPgError(error: unknown, code: PgErrorCode, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === code && (constraint === undefined || driverError.constraint === constraint);
}
