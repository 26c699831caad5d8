/** The stable `extensions.code` values of the partner contract (shared/API.md, docs/errors.md). */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  CONSENT_REQUIRED = 'CONSENT_REQUIRED',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  RATE_LIMITED = 'RATE_LIMITED',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  CURSOR_EXPIRED = 'CURSOR_EXPIRED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/**
 * Whether an error of this code may carry its message and details to the client. Exhaustive on purpose:
 * a new code does not compile until someone decides how it is exposed.
 */
export function isClientFacing(code: ErrorCode): boolean {
  switch (code) {
    case ErrorCode.UNAUTHENTICATED:
    case ErrorCode.FORBIDDEN:
    case ErrorCode.NOT_FOUND:
    case ErrorCode.BAD_USER_INPUT:
    case ErrorCode.CONFLICT:
    case ErrorCode.CONSENT_REQUIRED:
    case ErrorCode.INVALID_TRANSITION:
    case ErrorCode.RATE_LIMITED:
    case ErrorCode.QUERY_TOO_COMPLEX:
    case ErrorCode.SERVICE_UNAVAILABLE:
    case ErrorCode.CURSOR_EXPIRED:
      return true;
    case ErrorCode.INTERNAL_SERVER_ERROR:
      return false;
  }
}
