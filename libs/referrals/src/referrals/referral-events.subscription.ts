import { Inject } from '@nestjs/common';
import { Args, Context, Resolver, Subscription } from '@nestjs/graphql';
import {
  agencyTopic,
  APP_CONFIG,
  ForbiddenError,
  RequireScopes,
  Scope,
  type AppConfig,
  type BusEvent,
  type RequestContext,
} from '@tsunagu/platform';
import { Box, type ReferralStatus } from '../dto/enums.js';
import { ReferralEvent } from '../dto/referral.model.js';
import { type ReferralEventEntity, type ReferralEventType } from '../entities/referral-event.entity.js';

interface SubscriptionContext extends RequestContext {
  pubsub: { subscribe(topic: string): Promise<AsyncIterableIterator<BusEvent>> };
}

/** A bus event back in the shape of the `ReferralEvent` type (free-text notes never travel on the bus). */
export function busEventToReferralEvent(event: BusEvent): Partial<ReferralEventEntity> {
  const payload = event.payload as {
    referralId: string;
    fromStatus: ReferralStatus | null;
    toStatus: ReferralStatus | null;
    actorAgencyId: string | null;
  };
  return {
    id: event.id,
    referralId: payload.referralId,
    type: event.type.replace(/^referral\./, '').toUpperCase() as ReferralEventType,
    fromStatus: payload.fromStatus,
    toStatus: payload.toStatus,
    actorAgencyId: payload.actorAgencyId,
    note: null,
    at: new Date(event.occurredAt),
  };
}

@Resolver(() => ReferralEvent)
export class ReferralEventsSubscription {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Subscription(() => ReferralEvent, {
    description:
      'Live events of the caller’s referrals (graphql-ws); INBOX: received, OUTBOX: sent, both when omitted.',
    filter: (event: BusEvent, variables: { box?: Box | null }, context: SubscriptionContext) => {
      const payload = event.payload as { fromAgencyId?: string; toAgencyId?: string };
      const agencyId = context.caller?.agencyId;
      if (!event.type.startsWith('referral.')) return false;
      // Topics are per agency, so every event here concerns the caller: OUTBOX is what it sent, INBOX the rest
      // (what it received, and escalations to a hub coordinator).
      if (variables.box === Box.INBOX) return payload.fromAgencyId !== agencyId;
      if (variables.box === Box.OUTBOX) return payload.fromAgencyId === agencyId;
      return true;
    },
    resolve: (event: BusEvent) => busEventToReferralEvent(event),
  })
  @RequireScopes(Scope.REFERRALS_READ)
  async referralEvents(
    @Context() context: SubscriptionContext,
    @Args('box', { type: () => Box, nullable: true }) _box: Box | null,
  ): Promise<AsyncIterableIterator<BusEvent>> {
    const agencyId = context.caller?.agencyId;
    if (!agencyId) throw new ForbiddenError('Subscriptions need an agency key: events belong to agencies');
    return context.pubsub.subscribe(agencyTopic(this.config, agencyId));
  }
}
