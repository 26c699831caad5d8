import holidayJp from '@holiday-jp/holiday_jp';
import { parse } from 'tinyduration';

/**
 * The business calendar of Japanese public offices, in Japan time.
 *
 * Time zone: every calendar question ("which day is it?", "is it before 09:00?") is answered in Japan
 * Standard Time (Asia/Tokyo), which has been a fixed UTC+9 without daylight saving time since 1951. We
 * therefore compute with a fixed +9 h offset on epoch milliseconds instead of going through `Intl`, so the
 * results do not depend on the process time zone (`TZ`) or on the ICU data of the runtime.
 *
 * Holidays come from `@holiday-jp/holiday_jp` (国民の祝日, 振替休日 and 国民の休日, 1970 to 2050 in the
 * installed 2.5.x). Its own `isHoliday(date: Date)` formats the date with the *process-local* time zone, so
 * we look days up by their JST `YYYY-MM-DD` key instead. Days after the last year the package knows are
 * treated as having no public holidays: keep the package current.
 */

/** Business hours start at 09:00 JST. */
export const BUSINESS_DAY_START_HOUR = 9;
/** Business hours end at 17:00 JST (exclusive: 17:00 itself is after hours). */
export const BUSINESS_DAY_END_HOUR = 17;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** JST = UTC+9, no DST. */
const JST_OFFSET_MS = 9 * HOUR_MS;
const BUSINESS_START_MS = BUSINESS_DAY_START_HOUR * HOUR_MS;
const BUSINESS_END_MS = BUSINESS_DAY_END_HOUR * HOUR_MS;
/** The length of one business day (8 h). */
const BUSINESS_DAY_MS = BUSINESS_END_MS - BUSINESS_START_MS;
/** A business week: Monday to Friday. */
const BUSINESS_DAYS_PER_WEEK = 5;

/** `YYYY-MM-DD` keys of the Japanese public holidays known to holiday_jp (looked up in O(1)). */
const PUBLIC_HOLIDAYS: ReadonlySet<string> = new Set(Object.keys(holidayJp.holidays));

function millisOf(date: Date, name: string): number {
  const ms = date instanceof Date ? date.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}

/** The JST calendar day of an instant, as a day number (days since 1970-01-01 in JST). */
function jstDayOf(ms: number): number {
  return Math.floor((ms + JST_OFFSET_MS) / DAY_MS);
}

/** The instant at which a JST day (day number) starts, 00:00 JST. */
function jstDayStart(day: number): number {
  return day * DAY_MS - JST_OFFSET_MS;
}

/**
 * 年末年始: December 29 to January 3, the closing days of public offices under 行政機関の休日に関する法律
 * (Act on Holidays of Administrative Organs), article 1.
 */
function isYearEndClosure(month: number, dayOfMonth: number): boolean {
  return (month === 12 && dayOfMonth >= 29) || (month === 1 && dayOfMonth <= 3);
}

function isBusinessDayNumber(day: number): boolean {
  // A Date at UTC midnight of the day number carries the JST calendar fields in its UTC getters.
  const civil = new Date(day * DAY_MS);
  const weekday = civil.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  if (isYearEndClosure(civil.getUTCMonth() + 1, civil.getUTCDate())) return false;
  return !PUBLIC_HOLIDAYS.has(civil.toISOString().slice(0, 10));
}

function nextBusinessDay(day: number): number {
  let next = day + 1;
  while (!isBusinessDayNumber(next)) next += 1;
  return next;
}

/**
 * Whether the JST calendar day of `date` is a business day: Monday to Friday, not a Japanese public holiday
 * (国民の祝日, 振替休日 or 国民の休日, per holiday_jp) and not in the year-end closure December 29 – January 3
 * (年末年始, the closing days of Japanese public offices under 行政機関の休日に関する法律).
 */
export function isBusinessDay(date: Date): boolean {
  return isBusinessDayNumber(jstDayOf(millisOf(date, 'date')));
}

/**
 * The due time of a response target: `start` plus an ISO 8601 duration, in calendar or in business time.
 *
 * The duration is parsed with `tinyduration`. Weeks, days, hours, minutes and seconds are allowed, fractions
 * included; years or months (any non-zero value), negative durations and unparsable strings throw an
 * `Error` (callers validate earlier, e.g. with `isResponseDuration`).
 *
 * With `businessTime: false` this is plain absolute-time arithmetic: a week is 7 days, a day is 24 hours, and
 * the sum of all parts is added to `start` (rounded to the millisecond).
 *
 * With `businessTime: true` the duration is counted in JST business time, i.e. within 09:00–17:00 JST on
 * business days (see {@link isBusinessDay}; weekends, public holidays and 12/29–1/3 are skipped):
 * 1. If `start` is not within business hours of a business day (the hours are half-open, so 17:00 itself is
 *    after hours), it is first moved forward to the next start of business hours: Saturday 10:00 → Monday
 *    09:00, a weekday 18:30 → the next business day 09:00, a weekday 07:00 → the same day 09:00.
 * 2. The day part, `weeks × 5 + days` business days, is added one business day at a time, keeping the time of
 *    day: Friday 10:00 + P1D → Monday 10:00 (Tuesday if Monday is a holiday). A fractional day part adds its
 *    fraction of an 8-hour business day to the time part (P0.5D = PT4H, P1.5D = P1DT4H).
 * 3. The time part (hours, minutes, seconds) is consumed within business hours, rolling over to the next
 *    business day's 09:00 when 17:00 is reached: Friday 16:00 + PT4H → Monday 12:00. A due time that
 *    exactly reaches 17:00 stays at 17:00 of that day (Friday 13:00 + PT4H → Friday 17:00).
 *
 * A zero duration therefore returns `start` in calendar time, and `start` moved to business hours (step 1)
 * in business time. In business time, `businessMillisecondsBetween(start, due)` equals the duration counted
 * with 8-hour days.
 */
export function addResponseDuration(start: Date, isoDuration: string, businessTime: boolean): Date {
  const startMs = millisOf(start, 'start');
  const duration = parse(isoDuration);
  if (duration.years || duration.months) {
    throw new Error(`Response duration ${isoDuration} uses years or months, whose length varies`);
  }
  if (duration.negative) throw new Error(`Response duration ${isoDuration} is negative`);

  const weeks = duration.weeks ?? 0;
  const days = duration.days ?? 0;
  const timeMs = (duration.hours ?? 0) * HOUR_MS + (duration.minutes ?? 0) * 60_000 + (duration.seconds ?? 0) * 1000;

  if (!businessTime) {
    return new Date(startMs + Math.round((weeks * 7 + days) * DAY_MS + timeMs));
  }

  const businessDays = weeks * BUSINESS_DAYS_PER_WEEK + days;
  const wholeDays = Math.floor(businessDays);
  let remaining = Math.round(timeMs + (businessDays - wholeDays) * BUSINESS_DAY_MS);

  // 1. Move to business hours.
  let day = jstDayOf(startMs);
  let timeOfDay = startMs - jstDayStart(day);
  if (!isBusinessDayNumber(day) || timeOfDay >= BUSINESS_END_MS) {
    day = nextBusinessDay(day);
    timeOfDay = BUSINESS_START_MS;
  } else if (timeOfDay < BUSINESS_START_MS) {
    timeOfDay = BUSINESS_START_MS;
  }

  // 2. Whole business days, keeping the time of day.
  for (let i = 0; i < wholeDays; i += 1) day = nextBusinessDay(day);

  // 3. The time part, within business hours.
  for (;;) {
    const available = BUSINESS_END_MS - timeOfDay;
    if (remaining <= available) return new Date(jstDayStart(day) + timeOfDay + remaining);
    remaining -= available;
    day = nextBusinessDay(day);
    timeOfDay = BUSINESS_START_MS;
  }
}

/**
 * The business time elapsed between `start` and `end`, in milliseconds: the overlap of `[start, end)` with
 * business hours 09:00–17:00 JST on business days (see {@link isBusinessDay}). 0 when `end <= start`.
 */
export function businessMillisecondsBetween(start: Date, end: Date): number {
  const startMs = millisOf(start, 'start');
  const endMs = millisOf(end, 'end');
  if (endMs <= startMs) return 0;

  let total = 0;
  const lastDay = jstDayOf(endMs);
  for (let day = jstDayOf(startMs); day <= lastDay; day += 1) {
    if (!isBusinessDayNumber(day)) continue;
    const dayStart = jstDayStart(day);
    const from = Math.max(startMs, dayStart + BUSINESS_START_MS);
    const to = Math.min(endMs, dayStart + BUSINESS_END_MS);
    if (to > from) total += to - from;
  }
  return total;
}
