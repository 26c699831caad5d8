import { EVENT_TYPES, isEventPattern, matchesEventPatterns } from './event-types.js';

describe('event types', () => {
  it('are unique and of the form <group>.<name>', () => {
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
    for (const type of EVENT_TYPES) expect(type).toMatch(/^[a-z]+\.[a-z_]+$/);
  });

  it.each([
    ['referral.sent', true],
    ['referral.*', true],
    ['consent.*', true],
    ['*', true],
    ['referral.unknown', false],
    ['unknown.*', false],
    ['referral', false],
    ['referral.s*', false],
    ['', false],
  ])('accepts %j as a pattern: %s', (pattern, valid) => {
    expect(isEventPattern(pattern)).toBe(valid);
  });

  it.each([
    ['referral.sent', ['referral.sent'], true],
    ['referral.sent', ['referral.accepted'], false],
    ['referral.sent', ['referral.*'], true],
    ['consent.expired', ['referral.*'], false],
    ['consent.expired', ['referral.*', 'consent.expired'], true],
    ['webhook.disabled', ['*'], true],
    ['referral.sent', [], false],
  ])('%s matches %j: %s', (type, patterns, matches) => {
    expect(matchesEventPatterns(type, patterns)).toBe(matches);
  });
});
