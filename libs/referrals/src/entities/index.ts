import { ReferralEventEntity, ReferralMessageEntity } from './referral-event.entity.js';
import { ReferralEntity } from './referral.entity.js';

export * from './referral-event.entity.js';
export * from './referral.entity.js';

export const REFERRAL_ENTITIES = [ReferralEntity, ReferralEventEntity, ReferralMessageEntity];
