import { checkDueJobId, clockSchedule, isCheckDueData } from './check-due.job.js';

const sentAt = new Date('2026-01-05T00:00:00.000Z');
const at = (ms: number) => new Date(sentAt.getTime() + ms);

describe('clockSchedule', () => {
  it('reminds at 80% of the way to each due time and breaches at it', () => {
    const schedule = clockSchedule(sentAt, { ACKNOWLEDGE: at(10_000), DECISION: at(20_000) }, sentAt);
    expect(schedule).toEqual([
      { data: { clock: 'ACKNOWLEDGE', step: 'REMIND' }, at: at(8_000) },
      { data: { clock: 'ACKNOWLEDGE', step: 'BREACH' }, at: at(10_000) },
      { data: { clock: 'DECISION', step: 'REMIND' }, at: at(16_000) },
      { data: { clock: 'DECISION', step: 'BREACH' }, at: at(20_000) },
    ]);
  });

  it('leaves out a reminder already past, never a breach, and a clock without a due time', () => {
    const schedule = clockSchedule(sentAt, { ACKNOWLEDGE: at(10_000), DECISION: null }, at(9_000));
    expect(schedule).toEqual([{ data: { clock: 'ACKNOWLEDGE', step: 'BREACH' }, at: at(10_000) }]);
  });
});

describe('CHECK_DUE data', () => {
  it('has a deterministic job id', () => {
    expect(checkDueJobId({ referralId: 'r1', clock: 'DECISION', step: 'BREACH' })).toBe('r1:DECISION:BREACH');
  });

  it('recognises well-formed data only', () => {
    expect(isCheckDueData({ referralId: 'r1', clock: 'ACKNOWLEDGE', step: 'REMIND' })).toBe(true);
    expect(isCheckDueData({ referralId: 'r1', clock: 'LATER', step: 'REMIND' })).toBe(false);
    expect(isCheckDueData(null)).toBe(false);
  });
});
