import { ErrorCode, isClientFacing } from './error-code.js';

/** The `extensions.code` values of the partner contract (shared/API.md, "Errors"), in its order. */
const CONTRACT_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'CONSENT_REQUIRED',
  'INVALID_TRANSITION',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'SERVICE_UNAVAILABLE',
  'CURSOR_EXPIRED',
  'INTERNAL_SERVER_ERROR',
];

describe('ErrorCode', () => {
  it("has exactly the contract's codes, each value equal to its name", () => {
    expect(Object.values(ErrorCode)).toEqual(CONTRACT_CODES);
    for (const [name, value] of Object.entries(ErrorCode)) expect(value).toBe(name);
  });
});

describe('isClientFacing', () => {
  it.each(CONTRACT_CODES.filter((code) => code !== 'INTERNAL_SERVER_ERROR'))('is true for %s', (code) => {
    expect(isClientFacing(code as ErrorCode)).toBe(true);
  });

  it('is false for INTERNAL_SERVER_ERROR', () => {
    expect(isClientFacing(ErrorCode.INTERNAL_SERVER_ERROR)).toBe(false);
  });
});
