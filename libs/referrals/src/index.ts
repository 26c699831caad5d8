export * from './referrals.module.js';
export * from './dto/enums.js';
export * from './dto/referral.model.js';
export * from './entities/index.js';
export * from './referrals/referrals.service.js';
export * from './referrals/referral-errors.js';
export * from './routing/routing.service.js';
export * from './state-machine/referral-state-machine.js';
