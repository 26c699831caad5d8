import { Urgency } from '@tsunagu/directory';
import { ReferralStatus } from '../dto/enums.js';
import { responseTimesOf, type CommittedTransition } from './referral-metrics.js';

const sentAt = new Date('2026-04-01T09:00:00+09:00');
const twoHoursLater = new Date(sentAt.getTime() + 2 * 3600_000);

function transition(
  fromStatus: ReferralStatus | null,
  toStatus: ReferralStatus,
  at = twoHoursLater,
): CommittedTransition {
  return { fromStatus, toStatus, toAgencyId: 'agency', urgency: Urgency.HIGH, sentAt, at };
}

describe('responseTimesOf', () => {
  it('measures acknowledgement from sending', () => {
    expect(responseTimesOf(transition(ReferralStatus.REQUESTED, ReferralStatus.RECEIVED))).toEqual({
      acknowledgedAfterSeconds: 7200,
      decidedAfterSeconds: null,
    });
  });

  it('counts a decision on a referral never acknowledged as its acknowledgement too', () => {
    for (const decision of [ReferralStatus.ACCEPTED, ReferralStatus.REJECTED]) {
      expect(responseTimesOf(transition(ReferralStatus.REQUESTED, decision))).toEqual({
        acknowledgedAfterSeconds: 7200,
        decidedAfterSeconds: 7200,
      });
    }
  });

  it('measures a decision after an acknowledgement as a decision only', () => {
    expect(responseTimesOf(transition(ReferralStatus.RECEIVED, ReferralStatus.REJECTED))).toEqual({
      acknowledgedAfterSeconds: null,
      decidedAfterSeconds: 7200,
    });
  });

  it('measures nothing for the sender cancelling, for later steps, or for a referral not yet sent', () => {
    const none = { acknowledgedAfterSeconds: null, decidedAfterSeconds: null };
    expect(responseTimesOf(transition(ReferralStatus.REQUESTED, ReferralStatus.CANCELLED))).toEqual(none);
    expect(responseTimesOf(transition(ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS))).toEqual(none);
    expect(responseTimesOf({ ...transition(ReferralStatus.DRAFT, ReferralStatus.REQUESTED), sentAt: null })).toEqual(
      none,
    );
  });

  it('never reports a negative time (a clock set back)', () => {
    const before = new Date(sentAt.getTime() - 60_000);
    expect(
      responseTimesOf(transition(ReferralStatus.REQUESTED, ReferralStatus.RECEIVED, before)).acknowledgedAfterSeconds,
    ).toBe(0);
  });
});
