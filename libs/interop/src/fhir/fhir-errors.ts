import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  isClientFacing,
  RateLimitedError,
  serviceUnavailable,
  transientKind,
} from '@tsunagu/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FHIR_JSON } from './fhir-types.js';

/** The code system of `OperationOutcome.issue[0].details.coding`: our stable error codes (docs/errors.md). */
export const ERROR_CODE_SYSTEM = 'https://tsunagu.example/fhir/error-code';

/** The HTTP status of each error code on the REST routes. Exhaustive: a new code does not compile unmapped. */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.FORBIDDEN:
    case ErrorCode.CONSENT_REQUIRED:
      return 403;
    case ErrorCode.NOT_FOUND:
      return 404;
    case ErrorCode.BAD_USER_INPUT:
    case ErrorCode.QUERY_TOO_COMPLEX:
    case ErrorCode.CURSOR_EXPIRED:
      return 400;
    case ErrorCode.CONFLICT:
    case ErrorCode.INVALID_TRANSITION:
      return 409;
    case ErrorCode.RATE_LIMITED:
      return 429;
    case ErrorCode.SERVICE_UNAVAILABLE:
      return 503;
    case ErrorCode.INTERNAL_SERVER_ERROR:
      return 500;
  }
}

/** The FHIR issue type (http://hl7.org/fhir/issue-type) of each error code. */
function issueTypeOf(code: ErrorCode): string {
  switch (code) {
    case ErrorCode.UNAUTHENTICATED:
      return 'login';
    case ErrorCode.FORBIDDEN:
    case ErrorCode.CONSENT_REQUIRED:
      return 'forbidden';
    case ErrorCode.NOT_FOUND:
      return 'not-found';
    case ErrorCode.BAD_USER_INPUT:
    case ErrorCode.CURSOR_EXPIRED:
      return 'invalid';
    case ErrorCode.QUERY_TOO_COMPLEX:
      return 'too-costly';
    case ErrorCode.CONFLICT:
      return 'conflict';
    case ErrorCode.INVALID_TRANSITION:
      return 'business-rule';
    case ErrorCode.RATE_LIMITED:
      return 'throttled';
    case ErrorCode.SERVICE_UNAVAILABLE:
      return 'transient';
    case ErrorCode.INTERNAL_SERVER_ERROR:
      return 'exception';
  }
}

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: {
    severity: 'error';
    code: string;
    details: { coding: { system: string; code: string }[]; text: string };
    diagnostics?: string;
    expression?: string[];
  }[];
}

/** An OperationOutcome carrying the stable code; `field` (BAD_USER_INPUT) becomes the issue's expression. */
export function operationOutcome(code: ErrorCode, message: string, field?: unknown): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'error',
        code: issueTypeOf(code),
        details: { coding: [{ system: ERROR_CODE_SYSTEM, code }], text: message },
        ...(typeof field === 'string' ? { expression: [field] } : {}),
      },
    ],
  };
}

/**
 * Every error of a `/fhir` route leaves as an OperationOutcome with the same code the GraphQL API gives it.
 * Unexpected errors are logged with the request id and reach the client only as INTERNAL_SERVER_ERROR.
 */
@Catch()
export class FhirExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('FHIR');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    let error = exception;
    if (!(error instanceof DomainError)) {
      const kind = transientKind(error);
      if (kind) error = serviceUnavailable(kind, error);
    }
    let status = 500;
    let body = operationOutcome(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
    if (error instanceof DomainError && isClientFacing(error.code)) {
      status = httpStatusOf(error.code);
      body = operationOutcome(error.code, error.message, error.details.field);
      if (error instanceof RateLimitedError) void reply.header('retry-after', String(error.retryAfter));
      if (error.code === ErrorCode.SERVICE_UNAVAILABLE) {
        this.logger.error({ err: error.cause ?? error, requestId: request.id }, 'service unavailable');
      }
    } else {
      this.logger.error({ err: exception, requestId: request.id }, 'unexpected error on a FHIR route');
    }
    void reply.status(status).header('content-type', FHIR_JSON).send(body);
  }
}
