import { Test } from '@nestjs/testing';
import { Clock, FixedClock, SystemClock } from './clock.js';

describe('SystemClock', () => {
  it('returns the current time as a fresh Date', () => {
    const clock = new SystemClock();
    const before = Date.now();
    const now = clock.now();
    const after = Date.now();
    expect(now).toBeInstanceOf(Date);
    expect(now.getTime()).toBeGreaterThanOrEqual(before);
    expect(now.getTime()).toBeLessThanOrEqual(after);
    expect(clock.now()).not.toBe(now);
  });

  it('can be provided for the abstract Clock token', async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [{ provide: Clock, useClass: SystemClock }],
    }).compile();
    const clock = moduleRef.get(Clock);
    expect(clock).toBeInstanceOf(SystemClock);
    expect(clock).toBeInstanceOf(Clock);
  });

  it('can be replaced by a FixedClock in tests', async () => {
    const fixed = new FixedClock(new Date('2026-11-20T16:00:00+09:00'));
    const moduleRef = await Test.createTestingModule({
      providers: [{ provide: Clock, useValue: fixed }],
    }).compile();
    expect(moduleRef.get(Clock).now()).toEqual(new Date('2026-11-20T16:00:00+09:00'));
  });
});

describe('FixedClock', () => {
  const start = '2026-11-20T16:00:00+09:00';

  it('starts at the given time and stays there', () => {
    const clock = new FixedClock(new Date(start));
    expect(clock).toBeInstanceOf(Clock);
    expect(clock.now()).toEqual(new Date(start));
    expect(clock.now()).toEqual(new Date(start));
  });

  it('is not moved by mutating the start date or a returned date', () => {
    const initial = new Date(start);
    const clock = new FixedClock(initial);
    initial.setTime(0);
    clock.now().setTime(0);
    expect(clock.now()).toEqual(new Date(start));
  });

  it('advances by milliseconds, forwards and backwards', () => {
    const clock = new FixedClock(new Date(start));
    clock.advance(4 * 3_600_000);
    expect(clock.now()).toEqual(new Date('2026-11-20T20:00:00+09:00'));
    clock.advance(-30 * 60_000);
    expect(clock.now()).toEqual(new Date('2026-11-20T19:30:00+09:00'));
  });

  it('can be set to another time', () => {
    const clock = new FixedClock(new Date(start));
    const later = new Date('2027-01-04T09:00:00+09:00');
    clock.set(later);
    later.setTime(0);
    expect(clock.now()).toEqual(new Date('2027-01-04T09:00:00+09:00'));
  });

  it('refuses invalid dates and non-finite steps', () => {
    expect(() => new FixedClock(new Date('not a date'))).toThrow(RangeError);
    const clock = new FixedClock(new Date(start));
    expect(() => clock.set(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => clock.advance(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(clock.now()).toEqual(new Date(start));
  });
});
