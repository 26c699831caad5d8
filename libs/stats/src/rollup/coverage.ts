/**
 * Which part of a statistics period the monthly totals (`referral_timing_month`) can answer, and which part
 * must be read from the timing rows themselves. Months are JST calendar months, given by their first day
 * (YYYY-MM-DD).
 */
export interface Coverage {
  /** Months answered from the monthly totals: built, unchanged since, and wholly inside the period. */
  months: string[];
  /** Sending-time ranges read from `referral_timing` ([from, to), null for unbounded): the rest of the period. */
  live: { from: Date | null; to: Date | null }[];
}

/** The JST midnight starting a day given as YYYY-MM-DD. */
export function jstMidnight(day: string): Date {
  return new Date(`${day}T00:00:00+09:00`);
}

/** The first day (YYYY-MM-DD) of the JST month an instant falls in. */
export function jstMonthOf(instant: Date): string {
  return `${new Date(instant.getTime() + 9 * 3_600_000).toISOString().slice(0, 7)}-01`;
}

/** The first day of the month after the one starting on `month` (both YYYY-MM-DD). */
export function nextMonth(month: string): string {
  const start = new Date(`${month}T00:00:00Z`);
  start.setUTCMonth(start.getUTCMonth() + 1);
  return start.toISOString().slice(0, 10);
}

/**
 * Splits the period [from, to) (null: unbounded) into the usable months among `fresh` that lie wholly inside
 * it and the ranges around them. With no usable month the whole period is one live range.
 */
export function coverageOf(from: Date | null, to: Date | null, fresh: readonly string[]): Coverage {
  const months = [...fresh]
    .sort()
    .filter((month) => (!from || jstMidnight(month) >= from) && (!to || jstMidnight(nextMonth(month)) <= to));
  const live: Coverage['live'] = [];
  let cursor = from;
  for (const month of months) {
    const start = jstMidnight(month);
    if (!cursor || cursor < start) live.push({ from: cursor, to: start });
    cursor = jstMidnight(nextMonth(month));
  }
  if (!cursor || !to || cursor < to) live.push({ from: cursor, to });
  return { months, live };
}

/** A month whose monthly totals are up to date, with the latest due time of its open referrals when built. */
export interface FreshMonth {
  month: string;
  openDueMax: Date | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The fresh months whose open-referral counts the monthly totals give as they stand at `now`: every referral
 * of the month was sent at least `oldestBucketDays` before `now` (all in the oldest backlog bucket), and every
 * due time of its open referrals has passed (so each is overdue or missed exactly as it will stay).
 */
export function openSettledMonths(fresh: readonly FreshMonth[], now: Date, oldestBucketDays: number): string[] {
  const bucketStart = now.getTime() - oldestBucketDays * DAY_MS;
  return fresh
    .filter(
      ({ month, openDueMax }) =>
        jstMidnight(nextMonth(month)).getTime() <= bucketStart &&
        (openDueMax === null || openDueMax.getTime() < now.getTime()),
    )
    .map(({ month }) => month);
}
