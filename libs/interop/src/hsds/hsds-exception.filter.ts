import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError, ErrorCode, isClientFacing } from '@tsunagu/platform';
import type { FastifyReply } from 'fastify';

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

function codeOfStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return ErrorCode.UNAUTHENTICATED;
    case 403:
      return ErrorCode.FORBIDDEN;
    case 404:
      return ErrorCode.NOT_FOUND;
    case 409:
      return ErrorCode.CONFLICT;
    case 429:
      return ErrorCode.RATE_LIMITED;
    case 503:
      return ErrorCode.SERVICE_UNAVAILABLE;
    default:
      return status >= 500 ? ErrorCode.INTERNAL_SERVER_ERROR : ErrorCode.BAD_USER_INPUT;
  }
}

/** The body of an error of the HSDS routes: the stable `code` of the GraphQL API, a message and the details. */
export interface HsdsErrorBody {
  code: ErrorCode;
  message: string;
  [detail: string]: unknown;
}

/** Answers `exception` on `reply` as an HSDS error body; unexpected errors are logged, not exposed. */
export function sendHsdsError(reply: FastifyReply, exception: unknown, logger: Logger): void {
  let status = 500;
  let body: HsdsErrorBody = { code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error' };
  if (exception instanceof DomainError && isClientFacing(exception.code)) {
    status = STATUS[exception.code] ?? 400;
    body = { ...exception.details, code: exception.code, message: exception.message };
    if (exception.code === ErrorCode.RATE_LIMITED) {
      void reply.header('retry-after', String(exception.details.retryAfter));
    }
  } else if (exception instanceof HttpException) {
    status = exception.getStatus();
    body = { code: codeOfStatus(status), message: exception.message };
  } else {
    logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  }
  if (status === 401) void reply.header('www-authenticate', 'Bearer');
  void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
}

/**
 * Errors of the `/hsds` routes as JSON with the partner contract's stable `code` (the GraphQL API's
 * `extensions.code`) and its details (`field` for BAD_USER_INPUT); unexpected errors are logged and answered
 * as INTERNAL_SERVER_ERROR without their message.
 */
@Catch()
export class HsdsExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Hsds');

  catch(exception: unknown, host: ArgumentsHost): void {
    sendHsdsError(host.switchToHttp().getResponse<FastifyReply>(), exception, this.logger);
  }
}
