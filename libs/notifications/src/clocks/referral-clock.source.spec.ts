import { ReferralStatus } from '@tsunagu/referrals';
import { pendingClockSteps } from './referral-clock.source.js';

const sentAt = new Date('2026-01-05T00:00:00.000Z');
const at = (ms: number) => new Date(sentAt.getTime() + ms);
const since = at(-7 * 24 * 3600 * 1000);

function row(overrides: Partial<Parameters<typeof pendingClockSteps>[0]> = {}) {
  return {
    id: 'r1',
    status: ReferralStatus.REQUESTED,
    sent_at: sentAt,
    acknowledge_due_at: at(10_000),
    acknowledge_reminded_at: null,
    acknowledge_breached_at: null,
    decision_due_at: at(20_000),
    decision_reminded_at: null,
    decision_breached_at: null,
    ...overrides,
  };
}

const ids = (clocks: { jobId: string }[]) => clocks.map((clock) => clock.jobId);

describe('pendingClockSteps', () => {
  it('lists the reminder and the breach of each running clock, at the fan-out times', () => {
    const steps = pendingClockSteps(row(), at(1_000), since);
    expect(steps.map((step) => [step.jobId, step.at])).toEqual([
      ['r1:ACKNOWLEDGE:REMIND', at(8_000)],
      ['r1:ACKNOWLEDGE:BREACH', at(10_000)],
      ['r1:DECISION:REMIND', at(16_000)],
      ['r1:DECISION:BREACH', at(20_000)],
    ]);
    expect(steps[0]).toMatchObject({
      jobName: 'check-due',
      data: { referralId: 'r1', clock: 'ACKNOWLEDGE', step: 'REMIND' },
    });
  });

  it('leaves out what is done, a reminder once the breach is due, and a clock no longer running', () => {
    expect(ids(pendingClockSteps(row({ acknowledge_reminded_at: at(8_000) }), at(9_000), since))).toEqual([
      'r1:ACKNOWLEDGE:BREACH',
      'r1:DECISION:REMIND',
      'r1:DECISION:BREACH',
    ]);
    // A reminder point that passed unsent is still sent while its breach is ahead.
    expect(ids(pendingClockSteps(row(), at(9_000), since))).toContain('r1:ACKNOWLEDGE:REMIND');
    expect(ids(pendingClockSteps(row(), at(12_000), since))).toEqual([
      'r1:ACKNOWLEDGE:BREACH',
      'r1:DECISION:REMIND',
      'r1:DECISION:BREACH',
    ]);
    expect(ids(pendingClockSteps(row({ acknowledge_breached_at: at(10_000) }), at(12_000), since))).toEqual([
      'r1:DECISION:REMIND',
      'r1:DECISION:BREACH',
    ]);
    expect(ids(pendingClockSteps(row({ status: ReferralStatus.RECEIVED }), at(1_000), since))).toEqual([
      'r1:DECISION:REMIND',
      'r1:DECISION:BREACH',
    ]);
    expect(pendingClockSteps(row({ status: ReferralStatus.ACCEPTED }), at(1_000), since)).toEqual([]);
    expect(pendingClockSteps(row({ sent_at: null }), at(1_000), since)).toEqual([]);
  });

  it('leaves alone a breach due before the lookback', () => {
    expect(ids(pendingClockSteps(row(), at(15_000), at(12_000)))).toEqual(['r1:DECISION:REMIND', 'r1:DECISION:BREACH']);
  });
});
