import { isBusinessDay } from '@tsunagu/platform';

/** The years the SQL business calendar covers. Outside them, business durations are NULL (left out of figures). */
export const CALENDAR_FIRST_YEAR = 2000;
export const CALENDAR_LAST_YEAR = 2099;

/** One business day: 09:00–17:00 JST. */
export const BUSINESS_DAY_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
/** JST is UTC+9 without daylight saving time: a JST day starts 9 h before UTC midnight of the same date. */
const JST_OFFSET_MS = 9 * 3_600_000;

/** The rows of `business_calendar`, as parallel arrays (ready for `unnest`). */
export interface BusinessCalendarDays {
  /** `YYYY-MM-DD`, JST. */
  days: string[];
  isBusiness: boolean[];
  /** Business milliseconds from the first day's 00:00 JST to this day's 00:00 JST. */
  businessMsBefore: number[];
}

/**
 * The business calendar from January 1 of `firstYear` to December 31 of `lastYear`, decided by the same
 * `isBusinessDay` as the due times (weekends, Japanese public holidays and 12/29–1/3 are not business days).
 */
export function businessCalendarDays(
  firstYear = CALENDAR_FIRST_YEAR,
  lastYear = CALENDAR_LAST_YEAR,
): BusinessCalendarDays {
  if (!Number.isInteger(firstYear) || !Number.isInteger(lastYear) || lastYear < firstYear) {
    throw new RangeError(`Invalid calendar years ${firstYear}–${lastYear}`);
  }
  const result: BusinessCalendarDays = { days: [], isBusiness: [], businessMsBefore: [] };
  let before = 0;
  for (let utcMidnight = Date.UTC(firstYear, 0, 1); utcMidnight <= Date.UTC(lastYear, 11, 31); utcMidnight += DAY_MS) {
    // Noon JST of the day, well inside it whatever the rounding.
    const business = isBusinessDay(new Date(utcMidnight - JST_OFFSET_MS + DAY_MS / 2));
    result.days.push(new Date(utcMidnight).toISOString().slice(0, 10));
    result.isBusiness.push(business);
    result.businessMsBefore.push(before);
    if (business) before += BUSINESS_DAY_MS;
  }
  return result;
}
