import { EVENT_TYPES } from '@tsunagu/platform';
import { ReferralEventType } from '../entities/referral-event.entity.js';
import { MESSAGE_POSTED } from './referrals.service.js';

describe('the event type catalogue', () => {
  it('lists every referral history event type and the message event, and no other referral type', () => {
    const referralTypes = [
      ...Object.values(ReferralEventType).map((type) => `referral.${type.toLowerCase()}`),
      MESSAGE_POSTED,
    ];
    expect(EVENT_TYPES.filter((type) => type.startsWith('referral.')).sort()).toEqual(referralTypes.sort());
  });
});
