import { coverageOf, jstMidnight, jstMonthOf, nextMonth, openSettledMonths } from './coverage.js';

const jst = (local: string) => new Date(`${local}+09:00`);

describe('coverageOf', () => {
  it('reads the whole period live when no month is usable', () => {
    expect(coverageOf(null, null, [])).toEqual({ months: [], live: [{ from: null, to: null }] });
    const from = jst('2026-07-10T00:00:00');
    const to = jst('2026-07-20T00:00:00');
    expect(coverageOf(from, to, ['2026-07-01'])).toEqual({ months: [], live: [{ from, to }] });
  });

  it('answers whole months inside the period from their totals and reads the edges live', () => {
    const from = jst('2026-05-15T12:00:00');
    const to = jst('2026-09-03T00:00:00');
    expect(coverageOf(from, to, ['2026-08-01', '2026-06-01', '2026-05-01', '2026-09-01'])).toEqual({
      months: ['2026-06-01', '2026-08-01'],
      live: [
        { from, to: jst('2026-06-01T00:00:00') },
        { from: jst('2026-07-01T00:00:00'), to: jst('2026-08-01T00:00:00') },
        { from: jst('2026-09-01T00:00:00'), to },
      ],
    });
  });

  it('leaves no live range between adjacent months or at a period that starts and ends on month bounds', () => {
    const from = jst('2026-06-01T00:00:00');
    const to = jst('2026-08-01T00:00:00');
    expect(coverageOf(from, to, ['2026-06-01', '2026-07-01'])).toEqual({
      months: ['2026-06-01', '2026-07-01'],
      live: [],
    });
  });

  it('keeps the unbounded ends of an open period', () => {
    expect(coverageOf(null, null, ['2025-12-01', '2026-01-01'])).toEqual({
      months: ['2025-12-01', '2026-01-01'],
      live: [
        { from: null, to: jst('2025-12-01T00:00:00') },
        { from: jst('2026-02-01T00:00:00'), to: null },
      ],
    });
  });

  it('counts months in JST', () => {
    expect(jstMidnight('2026-07-01').toISOString()).toBe('2026-06-30T15:00:00.000Z');
    expect(nextMonth('2026-12-01')).toBe('2027-01-01');
    expect(nextMonth('2026-01-01')).toBe('2026-02-01');
    expect(jstMonthOf(new Date('2026-07-31T15:00:00Z'))).toBe('2026-08-01'); // 08-01 00:00 JST
    expect(jstMonthOf(new Date('2026-07-31T14:59:59Z'))).toBe('2026-07-01');
  });
});

describe('openSettledMonths', () => {
  const now = jst('2026-08-31T09:00:00');

  it('keeps months sent wholly before the oldest backlog bucket whose open due times have all passed', () => {
    const fresh = [
      { month: '2026-06-01', openDueMax: jst('2026-07-02T17:00:00') },
      { month: '2026-05-01', openDueMax: null },
      // July ends at 08-01 00:00 JST, 30 days and 9 hours before now.
      { month: '2026-07-01', openDueMax: jst('2026-08-05T17:00:00') },
    ];
    expect(openSettledMonths(fresh, now, 30)).toEqual(['2026-06-01', '2026-05-01', '2026-07-01']);
  });

  it('leaves out a month some of whose referrals are younger than the oldest bucket', () => {
    // At 2026-08-31 00:00 JST exactly 30 days have passed since July ended: still settled. An hour earlier, not.
    const july = [{ month: '2026-07-01', openDueMax: null }];
    expect(openSettledMonths(july, jst('2026-08-31T00:00:00'), 30)).toEqual(['2026-07-01']);
    expect(openSettledMonths(july, jst('2026-08-30T23:00:00'), 30)).toEqual([]);
  });

  it('leaves out a month with an open referral whose due time is still ahead', () => {
    const fresh = [{ month: '2026-06-01', openDueMax: jst('2026-08-31T09:00:00') }];
    expect(openSettledMonths(fresh, now, 30)).toEqual([]);
    expect(openSettledMonths(fresh, new Date(now.getTime() + 1), 30)).toEqual(['2026-06-01']);
  });
});
