/**
 * SQL fragments for durations on the referral timestamps. Business time is B(end) − B(start), where B is
 * `tsunagu_business_ms(ts, <calendar row of ts's JST day>)` (see the stats migration): the calendar is joined
 * once per timestamp column, which PostgreSQL runs as small hash joins, and the pure function is inlined.
 * Only trusted, constant SQL goes into these helpers (column names and aliases of this library), never input.
 */

/**
 * `LEFT JOIN` of the calendar row of the JST day of `ts` as `alias`. `within` (SQL timestamptz expressions)
 * narrows the calendar to the days the timestamps can fall on, so the join hashes a few hundred rows
 * instead of the whole century; a timestamp outside it gets no row (NULL business time).
 */
export function calendarJoin(alias: string, ts: string, within?: { from: string | null; to: string }): string {
  const bounds = within
    ? [
        ...(within.from ? [`${alias}.day >= tsunagu_jst_day(${within.from})`] : []),
        `${alias}.day <= tsunagu_jst_day(${within.to})`,
      ]
    : [];
  return `LEFT JOIN business_calendar ${alias} ON ${[`${alias}.day = tsunagu_jst_day(${ts})`, ...bounds].join(' AND ')}`;
}

/** Business milliseconds from the calendar's start to `ts`, given its calendar row `alias`. */
export function businessMsAt(alias: string, ts: string): string {
  return `tsunagu_business_ms(${ts}, ${alias}.business_ms_before, ${alias}.is_business)`;
}

/** Business milliseconds from `start` to `end` (NULL when either is NULL or outside the calendar). */
export function businessMsBetween(startAlias: string, start: string, endAlias: string, end: string): string {
  return `(${businessMsAt(endAlias, end)} - ${businessMsAt(startAlias, start)})`;
}

/** Calendar (elapsed) milliseconds from `start` to `end`, to the microsecond (float8 arithmetic, no numeric). */
export function calendarMsBetween(start: string, end: string): string {
  return `(round(date_part('epoch', ${end} - ${start}) * 1000000) / 1000)`;
}
