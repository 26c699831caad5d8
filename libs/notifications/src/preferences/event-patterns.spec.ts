import { ErrorCode, EVENT_TYPES } from '@tsunagu/platform';
import { MAX_EVENT_PATTERNS, validEventPatterns } from './event-patterns.js';

function failureOf(values: string[]): { code: string; field: unknown; reason: unknown } {
  try {
    validEventPatterns(values, 'input.eventTypes');
  } catch (error) {
    const { code, details } = error as { code: string; details: Record<string, unknown> };
    return { code, field: details.field, reason: details.reason };
  }
  throw new Error('expected a validation failure');
}

describe('validEventPatterns', () => {
  it('accepts every event type, group patterns and *', () => {
    expect(validEventPatterns([...EVENT_TYPES], 'input.eventTypes')).toEqual([...EVENT_TYPES]);
    expect(validEventPatterns(['referral.*', 'consent.*', 'webhook.*', '*'], 'f')).toEqual([
      'referral.*',
      'consent.*',
      'webhook.*',
      '*',
    ]);
  });

  it('accepts an empty list: the channel carries nothing', () => {
    expect(validEventPatterns([], 'input.eventTypes')).toEqual([]);
  });

  it('drops duplicates and keeps the order of first occurrence', () => {
    expect(validEventPatterns(['referral.sent', 'referral.overdue', 'referral.sent'], 'f')).toEqual([
      'referral.sent',
      'referral.overdue',
    ]);
  });

  it.each([
    [['referral.sent', 'referral.unknown'], 'input.eventTypes.1'],
    [['nope'], 'input.eventTypes.0'],
    [['referral.overdue', 'consent.expired', 'unknown.*'], 'input.eventTypes.2'],
    [['referral.s*'], 'input.eventTypes.0'],
    [[''], 'input.eventTypes.0'],
    [['Referral.sent'], 'input.eventTypes.0'],
  ])('refuses %j with BAD_USER_INPUT on %s', (values, field) => {
    expect(failureOf(values)).toEqual({ code: ErrorCode.BAD_USER_INPUT, field, reason: 'UNKNOWN_EVENT_TYPE' });
  });

  it('refuses more patterns than the limit', () => {
    const values = Array.from({ length: MAX_EVENT_PATTERNS + 1 }, () => 'referral.sent');
    expect(failureOf(values)).toEqual({
      code: ErrorCode.BAD_USER_INPUT,
      field: 'input.eventTypes',
      reason: 'TOO_MANY_EVENT_TYPES',
    });
  });
});
