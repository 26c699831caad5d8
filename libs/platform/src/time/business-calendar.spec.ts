import holidayJp from '@holiday-jp/holiday_jp';
import {
  BUSINESS_DAY_END_HOUR,
  BUSINESS_DAY_START_HOUR,
  addResponseDuration,
  businessMillisecondsBetween,
  isBusinessDay,
} from './business-calendar.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** A JST wall-clock time, e.g. jst('2026-11-20T16:00') → 2026-11-20T16:00:00+09:00. */
function jst(local: string): Date {
  return new Date(`${local.length === 16 ? `${local}:00` : local}+09:00`);
}

function due(start: string, duration: string, businessTime: boolean): Date {
  return addResponseDuration(jst(start), duration, businessTime);
}

describe('business hours', () => {
  it('are 09:00–17:00 JST', () => {
    expect(BUSINESS_DAY_START_HOUR).toBe(9);
    expect(BUSINESS_DAY_END_HOUR).toBe(17);
  });
});

describe('isBusinessDay', () => {
  it('is true on an ordinary weekday', () => {
    expect(isBusinessDay(jst('2026-11-20T10:00'))).toBe(true); // Friday
    expect(isBusinessDay(jst('2026-11-24T10:00'))).toBe(true); // Tuesday
  });

  it('is false on weekends', () => {
    expect(isBusinessDay(jst('2026-11-21T10:00'))).toBe(false); // Saturday
    expect(isBusinessDay(jst('2026-11-22T10:00'))).toBe(false); // Sunday
  });

  it.each([
    ['2026-01-01', '元日'],
    ['2026-01-12', '成人の日'],
    ['2026-11-03', '文化の日'],
    ['2026-11-23', '勤労感謝の日'],
  ])('is false on the public holiday %s (%s)', (day, name) => {
    expect(holidayJp.holidays[day as keyof typeof holidayJp.holidays]?.name).toBe(name);
    expect(isBusinessDay(jst(`${day}T12:00`))).toBe(false);
  });

  it('is false on substitute holidays (振替休日)', () => {
    // 憲法記念日 2026-05-03 is a Sunday; 5/4 and 5/5 are holidays already, so the substitute is Wednesday 5/6
    // (holiday_jp labels it "こどもの日 振替休日").
    expect(holidayJp.holidays['2026-05-06'].name).toBe('こどもの日 振替休日');
    expect(isBusinessDay(jst('2026-05-06T10:00'))).toBe(false);
    expect(isBusinessDay(jst('2026-05-07T10:00'))).toBe(true);
    // 春分の日 2027-03-21 is a Sunday: Monday 3/22 is the substitute.
    expect(holidayJp.holidays['2027-03-22'].name).toBe('春分の日 振替休日');
    expect(isBusinessDay(jst('2027-03-22T10:00'))).toBe(false);
    expect(isBusinessDay(jst('2027-03-23T10:00'))).toBe(true);
  });

  it('is false on a citizens’ holiday (国民の休日) between two holidays', () => {
    // 2026-09-22 falls between 敬老の日 (9/21) and 秋分の日 (9/23).
    expect(holidayJp.holidays['2026-09-22'].name_en).toBe("Citizen's Holiday");
    expect(isBusinessDay(jst('2026-09-21T10:00'))).toBe(false);
    expect(isBusinessDay(jst('2026-09-22T10:00'))).toBe(false);
    expect(isBusinessDay(jst('2026-09-23T10:00'))).toBe(false);
    expect(isBusinessDay(jst('2026-09-24T10:00'))).toBe(true);
  });

  it('is false throughout the year-end closure 12/29–1/3 (年末年始)', () => {
    expect(isBusinessDay(jst('2026-12-28T10:00'))).toBe(true); // Monday, the last working day (御用納め)
    for (const day of ['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']) {
      expect([day, isBusinessDay(jst(`${day}T10:00`))]).toEqual([day, false]);
    }
    expect(isBusinessDay(jst('2027-01-04T10:00'))).toBe(true); // Monday, the first working day (御用始め)
  });

  it('closes 12/29–1/3 even when those days are weekdays and not public holidays', () => {
    expect(holidayJp.isHoliday('2026-12-29')).toBe(false); // a Tuesday
    expect(isBusinessDay(jst('2026-12-29T10:00'))).toBe(false);
    expect(holidayJp.isHoliday('2025-01-03')).toBe(false); // a Friday
    expect(isBusinessDay(jst('2025-01-03T10:00'))).toBe(false);
  });

  it('decides by the JST calendar day, not the UTC one', () => {
    // 00:30 JST on the holiday is still the previous day (a Sunday) in UTC.
    expect(isBusinessDay(jst('2026-11-23T00:30'))).toBe(false);
    expect(isBusinessDay(jst('2026-11-23T23:59:59'))).toBe(false);
    // 08:00 JST on Tuesday is Monday 23:00 UTC, the holiday.
    expect(isBusinessDay(jst('2026-11-24T08:00'))).toBe(true);
    expect(isBusinessDay(jst('2026-11-24T00:00'))).toBe(true);
    // 08:00 JST on Saturday is Friday 23:00 UTC.
    expect(isBusinessDay(jst('2026-11-21T08:00'))).toBe(false);
  });

  it('refuses an invalid Date', () => {
    expect(() => isBusinessDay(new Date('nope'))).toThrow(RangeError);
  });
});

describe('addResponseDuration in calendar time', () => {
  it('adds P1D as 24 hours, ignoring weekends and holidays', () => {
    expect(due('2026-11-20T16:00', 'P1D', false)).toEqual(jst('2026-11-21T16:00'));
    expect(due('2026-11-22T10:00', 'P1D', false)).toEqual(jst('2026-11-23T10:00'));
  });

  it('adds PT4H as 4 hours, past 17:00', () => {
    expect(due('2026-11-20T16:00', 'PT4H', false)).toEqual(jst('2026-11-20T20:00'));
  });

  it('adds weeks as 7 days and mixes parts', () => {
    expect(due('2026-11-20T16:00', 'P1W', false)).toEqual(jst('2026-11-27T16:00'));
    expect(due('2026-11-20T16:00', 'P1DT2H30M15S', false)).toEqual(jst('2026-11-21T18:30:15'));
    expect(due('2026-11-20T16:00', 'PT1.5H', false)).toEqual(jst('2026-11-20T17:30'));
  });

  it('returns start itself for a zero duration', () => {
    expect(due('2026-11-21T10:00', 'PT0S', false)).toEqual(jst('2026-11-21T10:00'));
  });
});

describe('addResponseDuration in business time', () => {
  it('rolls PT4H from Friday 16:00 over to Monday 12:00', () => {
    expect(due('2026-11-13T16:00', 'PT4H', true)).toEqual(jst('2026-11-16T12:00'));
  });

  it('rolls PT4H from Friday 16:00 over to Tuesday when Monday is 勤労感謝の日', () => {
    expect(due('2026-11-20T16:00', 'PT4H', true)).toEqual(jst('2026-11-24T12:00'));
  });

  it('adds P1D from Friday 10:00 as Monday 10:00', () => {
    expect(due('2026-11-13T10:00', 'P1D', true)).toEqual(jst('2026-11-16T10:00'));
  });

  it('skips 勤労感謝の日 (Monday 2026-11-23)', () => {
    expect(due('2026-11-20T10:00', 'P1D', true)).toEqual(jst('2026-11-24T10:00'));
    expect(due('2026-11-20T10:00', 'P3D', true)).toEqual(jst('2026-11-26T10:00'));
  });

  it('skips Golden Week and its substitute holiday', () => {
    // Friday 5/1 → Mon 5/4, Tue 5/5 and Wed 5/6 (振替休日) are holidays → Thursday 5/7.
    expect(due('2026-05-01T10:00', 'P1D', true)).toEqual(jst('2026-05-07T10:00'));
    expect(due('2026-05-01T15:00', 'PT3H', true)).toEqual(jst('2026-05-07T10:00'));
  });

  it('moves a Saturday start to Monday 09:00 first', () => {
    expect(due('2026-11-14T10:00', 'PT1H', true)).toEqual(jst('2026-11-16T10:00'));
    expect(due('2026-11-14T10:00', 'P1D', true)).toEqual(jst('2026-11-17T09:00'));
  });

  it('moves a start on a holiday to the next business day 09:00 first', () => {
    expect(due('2026-11-23T10:00', 'PT1H', true)).toEqual(jst('2026-11-24T10:00'));
  });

  it('moves an 18:30 start to the next business day 09:00 first', () => {
    expect(due('2026-11-18T18:30', 'PT1H', true)).toEqual(jst('2026-11-19T10:00'));
    expect(due('2026-11-18T18:30', 'P1D', true)).toEqual(jst('2026-11-20T09:00'));
    // Friday evening → Monday
    expect(due('2026-11-13T18:30', 'PT1H', true)).toEqual(jst('2026-11-16T10:00'));
  });

  it('moves a 07:00 start to 09:00 the same day first', () => {
    expect(due('2026-11-18T07:00', 'PT1H', true)).toEqual(jst('2026-11-18T10:00'));
    expect(due('2026-11-18T07:00', 'P1D', true)).toEqual(jst('2026-11-19T09:00'));
  });

  it('treats a start at exactly 17:00 as after hours and one at 09:00 as within', () => {
    expect(due('2026-11-18T17:00', 'PT1H', true)).toEqual(jst('2026-11-19T10:00'));
    expect(due('2026-11-18T09:00', 'PT1H', true)).toEqual(jst('2026-11-18T10:00'));
  });

  it('skips the year-end closure', () => {
    // Monday 2026-12-28 is the last business day of 2026; the next is Monday 2027-01-04.
    expect(due('2026-12-28T10:00', 'P1D', true)).toEqual(jst('2027-01-04T10:00'));
    expect(due('2026-12-28T10:00', 'P2D', true)).toEqual(jst('2027-01-05T10:00'));
    expect(due('2026-12-28T16:00', 'PT4H', true)).toEqual(jst('2027-01-04T12:00'));
    expect(due('2026-12-30T10:00', 'PT1H', true)).toEqual(jst('2027-01-04T10:00'));
  });

  it('stays at 17:00 when the time part exactly reaches it', () => {
    expect(due('2026-11-18T13:00', 'PT4H', true)).toEqual(jst('2026-11-18T17:00'));
    expect(due('2026-11-18T09:00', 'PT8H', true)).toEqual(jst('2026-11-18T17:00'));
    expect(due('2026-11-18T07:00', 'PT8H', true)).toEqual(jst('2026-11-18T17:00'));
    expect(due('2026-11-18T13:00', 'PT4H1S', true)).toEqual(jst('2026-11-19T09:00:01'));
    expect(due('2026-11-18T16:45', 'PT30M', true)).toEqual(jst('2026-11-19T09:15'));
  });

  it('counts hours beyond one business day across several days', () => {
    expect(due('2026-11-18T10:00', 'PT8H', true)).toEqual(jst('2026-11-19T10:00'));
    expect(due('2026-11-18T10:00', 'PT20H', true)).toEqual(jst('2026-11-20T14:00'));
  });

  it('counts P1W as 5 business days', () => {
    expect(due('2026-11-04T10:00', 'P1W', true)).toEqual(jst('2026-11-11T10:00'));
    // Monday 11/16 + 5 business days: 17, 18, 19, 20, (23 is a holiday) 24.
    expect(due('2026-11-16T10:00', 'P1W', true)).toEqual(jst('2026-11-24T10:00'));
    expect(due('2026-11-16T10:00', 'P1W', true)).toEqual(due('2026-11-16T10:00', 'P5D', true));
    expect(due('2026-11-16T10:00', 'P1W2D', true)).toEqual(jst('2026-11-26T10:00'));
  });

  it('adds the day part before the time part (P1DT2H)', () => {
    expect(due('2026-11-17T10:00', 'P1DT2H', true)).toEqual(jst('2026-11-18T12:00'));
    // Thursday 16:00 + 1 day → Friday 16:00, + 2 h → 1 h on Friday, 1 h on Tuesday (Monday is a holiday).
    expect(due('2026-11-19T16:00', 'P1DT2H', true)).toEqual(jst('2026-11-24T10:00'));
  });

  it('counts a fractional day as that fraction of an 8-hour business day', () => {
    expect(due('2026-11-18T09:00', 'P0.5D', true)).toEqual(jst('2026-11-18T13:00'));
    expect(due('2026-11-18T10:00', 'P1.5D', true)).toEqual(jst('2026-11-19T14:00'));
    expect(due('2026-11-18T10:00', 'PT1.5H', true)).toEqual(jst('2026-11-18T11:30'));
  });

  it('returns start moved into business hours for a zero duration', () => {
    expect(due('2026-11-18T10:00', 'PT0S', true)).toEqual(jst('2026-11-18T10:00'));
    expect(due('2026-11-14T10:00', 'P0D', true)).toEqual(jst('2026-11-16T09:00'));
  });

  it('does not mutate start', () => {
    const start = jst('2026-11-13T16:00');
    const result = addResponseDuration(start, 'PT4H', true);
    expect(start).toEqual(jst('2026-11-13T16:00'));
    expect(result).not.toBe(start);
  });

  it('spends exactly the requested business time (invariant over many starts)', () => {
    const durations: Array<[string, number]> = [
      ['PT30M', 30 * MINUTE],
      ['PT4H', 4 * HOUR],
      ['PT17H', 17 * HOUR],
      ['P1D', 8 * HOUR],
      ['P1DT2H', 10 * HOUR],
      ['P1W', 40 * HOUR],
    ];
    // Every 37 minutes from mid-December 2026 into January 2027 (weekends, closure) and around 11/23.
    const ranges = [
      [jst('2026-12-20T00:00'), jst('2027-01-10T00:00')],
      [jst('2026-11-19T00:00'), jst('2026-11-26T00:00')],
    ];
    let checked = 0;
    for (const [from, to] of ranges) {
      for (let t = from.getTime(); t < to.getTime(); t += 37 * MINUTE) {
        for (const [duration, expected] of durations) {
          const start = new Date(t);
          const result = addResponseDuration(start, duration, true);
          expect([start.toISOString(), duration, businessMillisecondsBetween(start, result)]).toEqual([
            start.toISOString(),
            duration,
            expected,
          ]);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(5000);
  });

  it('refuses years, months, negative and unparsable durations', () => {
    const start = jst('2026-11-18T10:00');
    for (const businessTime of [true, false]) {
      expect(() => addResponseDuration(start, 'P1Y', businessTime)).toThrow(/years or months/);
      expect(() => addResponseDuration(start, 'P1M', businessTime)).toThrow(/years or months/);
      expect(() => addResponseDuration(start, 'P1MT4H', businessTime)).toThrow(/years or months/);
      expect(() => addResponseDuration(start, '-PT4H', businessTime)).toThrow(/negative/);
      expect(() => addResponseDuration(start, '4 hours', businessTime)).toThrow(Error);
      expect(() => addResponseDuration(start, '', businessTime)).toThrow(Error);
    }
  });

  it('refuses an invalid start', () => {
    expect(() => addResponseDuration(new Date('nope'), 'PT4H', true)).toThrow(RangeError);
    expect(() => addResponseDuration(new Date('nope'), 'PT4H', false)).toThrow(RangeError);
  });
});

describe('businessMillisecondsBetween', () => {
  function between(start: string, end: string): number {
    return businessMillisecondsBetween(jst(start), jst(end));
  }

  it('counts time within one business day', () => {
    expect(between('2026-11-18T10:00', '2026-11-18T12:30')).toBe(2.5 * HOUR);
  });

  it('clips to 09:00–17:00', () => {
    expect(between('2026-11-18T07:00', '2026-11-18T20:00')).toBe(8 * HOUR);
    expect(between('2026-11-18T17:00', '2026-11-19T09:00')).toBe(0);
    expect(between('2026-11-18T16:30', '2026-11-19T09:30')).toBe(HOUR);
  });

  it('skips a weekend', () => {
    expect(between('2026-11-13T15:00', '2026-11-16T11:00')).toBe(4 * HOUR);
    expect(between('2026-11-14T00:00', '2026-11-16T00:00')).toBe(0);
  });

  it('skips a holiday', () => {
    // Friday 15:00 → Tuesday 11:00 over Saturday, Sunday and 勤労感謝の日.
    expect(between('2026-11-20T15:00', '2026-11-24T11:00')).toBe(4 * HOUR);
    expect(between('2026-11-23T00:00', '2026-11-24T00:00')).toBe(0);
  });

  it('skips the year-end closure', () => {
    expect(between('2026-12-28T09:00', '2027-01-05T09:00')).toBe(16 * HOUR);
  });

  it('counts a whole month: November 2026 has 21 weekdays, 2 of them holidays', () => {
    expect(between('2026-11-01T00:00', '2026-12-01T00:00')).toBe(19 * 8 * HOUR);
  });

  it('is 0 for an empty or reversed interval', () => {
    expect(between('2026-11-18T10:00', '2026-11-18T10:00')).toBe(0);
    expect(between('2026-11-18T12:00', '2026-11-18T10:00')).toBe(0);
    expect(between('2026-11-24T11:00', '2026-11-20T15:00')).toBe(0);
  });

  it('refuses invalid dates', () => {
    expect(() => businessMillisecondsBetween(new Date('nope'), jst('2026-11-18T10:00'))).toThrow(RangeError);
    expect(() => businessMillisecondsBetween(jst('2026-11-18T10:00'), new Date('nope'))).toThrow(RangeError);
  });
});
