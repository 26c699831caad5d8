import { businessMillisecondsBetween, isBusinessDay } from '@tsunagu/platform';
import { BUSINESS_DAY_MS, businessCalendarDays } from './business-calendar-days.js';

const HOUR = 3_600_000;

function jst(local: string): Date {
  return new Date(`${local}+09:00`);
}

describe('businessCalendarDays', () => {
  const calendar = businessCalendarDays(2025, 2027);

  it('has one row per day from January 1 of the first year to December 31 of the last', () => {
    expect(calendar.days).toHaveLength(3 * 365); // 2025, 2026 and 2027: none is a leap year
    expect(calendar.days[0]).toBe('2025-01-01');
    expect(calendar.days.at(-1)).toBe('2027-12-31');
    expect(calendar.isBusiness).toHaveLength(calendar.days.length);
    expect(calendar.businessMsBefore).toHaveLength(calendar.days.length);
  });

  it('marks weekends, public holidays and the year-end closure as closed', () => {
    const of = (day: string) => calendar.isBusiness[calendar.days.indexOf(day)];
    expect(of('2026-07-17')).toBe(true); // Friday
    expect(of('2026-07-18')).toBe(false); // Saturday
    expect(of('2026-07-20')).toBe(false); // 海の日
    expect(of('2026-07-21')).toBe(true);
    expect(of('2026-12-29')).toBe(false); // 年末年始
    expect(of('2027-01-04')).toBe(true);
  });

  it('agrees with isBusinessDay on every day', () => {
    calendar.days.forEach((day, index) => {
      expect([day, calendar.isBusiness[index]]).toEqual([day, isBusinessDay(jst(`${day}T12:00:00`))]);
    });
  });

  it('accumulates eight hours per business day, so differences match businessMillisecondsBetween', () => {
    expect(calendar.businessMsBefore[0]).toBe(0);
    for (let index = 1; index < calendar.days.length; index += 1) {
      const step = calendar.businessMsBefore[index] - calendar.businessMsBefore[index - 1];
      expect(step).toBe(calendar.isBusiness[index - 1] ? BUSINESS_DAY_MS : 0);
    }
    const at = (day: string) => calendar.businessMsBefore[calendar.days.indexOf(day)];
    expect(at('2026-07-22') - at('2026-07-17')).toBe(
      businessMillisecondsBetween(jst('2026-07-17T00:00:00'), jst('2026-07-22T00:00:00')),
    );
    expect(at('2026-07-22') - at('2026-07-17')).toBe(16 * HOUR); // Friday and Tuesday: Monday 7/20 is 海の日
  });

  it('refuses an empty or malformed range', () => {
    expect(() => businessCalendarDays(2027, 2026)).toThrow(RangeError);
    expect(() => businessCalendarDays(2026.5, 2027)).toThrow(RangeError);
  });
});
