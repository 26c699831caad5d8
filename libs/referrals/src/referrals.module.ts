import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConsentModule } from '@tsunagu/consent';
import { DirectoryModule } from '@tsunagu/directory';
import { OutboxEventEntity } from '@tsunagu/platform';
import { REFERRAL_ENTITIES } from './entities/index.js';
import { ReferralEventsSubscription } from './referrals/referral-events.subscription.js';
import { ReferralEventResolver, ReferralMessageResolver, ReferralsResolver } from './referrals/referrals.resolver.js';
import { ReferralTextService } from './referrals/referral-text.service.js';
import { ReferralsService } from './referrals/referrals.service.js';
import { RoutingResolver } from './routing/routing.resolver.js';
import { RoutingService } from './routing/routing.service.js';

export const REFERRAL_RESOLVERS = [
  ReferralsResolver,
  ReferralEventResolver,
  ReferralMessageResolver,
  RoutingResolver,
  ReferralEventsSubscription,
];

@Module({
  imports: [TypeOrmModule.forFeature([...REFERRAL_ENTITIES, OutboxEventEntity]), DirectoryModule, ConsentModule],
  providers: [ReferralsService, ReferralTextService, RoutingService, ...REFERRAL_RESOLVERS],
  exports: [ReferralsService, ReferralTextService, RoutingService],
})
export class ReferralsModule {}
