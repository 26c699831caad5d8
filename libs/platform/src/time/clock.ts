import { Injectable } from '@nestjs/common';

/**
 * The source of "now". Inject `Clock` (an abstract class, so it doubles as the Nest injection token)
 * instead of calling `new Date()` so that due-time computations can be tested with a {@link FixedClock}.
 */
export abstract class Clock {
  abstract now(): Date;
}

/** The real wall clock: `new Date()`. */
@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/**
 * A clock that only moves when told to, for tests. `now()` returns a fresh `Date` each call, so a caller
 * mutating the returned object does not move the clock.
 */
export class FixedClock extends Clock {
  private current: number;

  constructor(start: Date) {
    super();
    this.current = FixedClock.toMillis(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(date: Date): void {
    this.current = FixedClock.toMillis(date);
  }

  /** Moves the clock by `ms` milliseconds (negative moves it back). */
  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`FixedClock.advance needs a finite number of ms, got ${ms}`);
    this.current += ms;
  }

  private static toMillis(date: Date): number {
    const ms = date.getTime();
    if (Number.isNaN(ms)) throw new RangeError('FixedClock needs a valid Date');
    return ms;
  }
}
