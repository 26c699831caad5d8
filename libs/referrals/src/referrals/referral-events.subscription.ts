import { Inject, Logger } from '@nestjs/common';
import { Args, Context, Resolver, Subscription } from '@nestjs/graphql';
import {
  agencyTopic,
  APP_CONFIG,
  Clock,
  ForbiddenError,
  RequireScopes,
  Scope,
  type AppConfig,
  type BusEvent,
  type RequestContext,
} from '@tsunagu/platform';
import { DataSource } from 'typeorm';
import { Box, type ReferralStatus } from '../dto/enums.js';
import { ReferralEvent } from '../dto/referral.model.js';
import { type ReferralEventEntity, type ReferralEventType } from '../entities/referral-event.entity.js';
import { currentPosition, openReferralEventStream, resumePosition, type StreamEvent } from './referral-event-stream.js';

interface SubscriptionContext extends RequestContext {
  pubsub: { subscribe(topic: string): Promise<AsyncIterableIterator<BusEvent>> };
  /** Aborted when the subscriber leaves (subscription-server.ts). */
  signal?: AbortSignal;
}

/** A bus event back in the shape of the `ReferralEvent` type (free-text notes never travel on the bus). */
export function busEventToReferralEvent(
  event: BusEvent & { cursor?: string },
): Partial<ReferralEventEntity> & { cursor: string | null } {
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
    cursor: event.cursor ?? null,
  };
}

/** Whether an event of the caller's topic belongs in the subscription's `box`. */
export function inBox(event: BusEvent, box: Box | null | undefined, agencyId: string | undefined): boolean {
  const payload = event.payload as { fromAgencyId?: string; toAgencyId?: string };
  if (!event.type.startsWith('referral.')) return false;
  // Topics are per agency, so every event here concerns the caller: OUTBOX is what it sent, INBOX the rest
  // (what it received, and escalations to a hub coordinator).
  if (box === Box.INBOX) return payload.fromAgencyId !== agencyId;
  if (box === Box.OUTBOX) return payload.fromAgencyId === agencyId;
  return true;
}

@Resolver(() => ReferralEvent)
export class ReferralEventsSubscription {
  private readonly logger = new Logger('ReferralEvents');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  @Subscription(() => ReferralEvent, {
    description:
      'The caller’s referral events (graphql-ws); INBOX: received, OUTBOX: sent, both when omitted. Each event has a `cursor`: pass the last one received as `after` when subscribing again, and the events since then are replayed in order before the live ones, with no gap and no duplicate (at most 10,000 events and 7 days back, else CURSOR_EXPIRED).',
    filter: (event: StreamEvent, variables: { box?: Box | null }, context: SubscriptionContext) =>
      inBox(event, variables.box, context.caller?.agencyId ?? undefined),
    resolve: (event: StreamEvent) => busEventToReferralEvent(event),
  })
  @RequireScopes(Scope.REFERRALS_READ)
  async referralEvents(
    @Context() context: SubscriptionContext,
    @Args('box', { type: () => Box, nullable: true }) _box: Box | null,
    @Args('after', {
      type: () => String,
      nullable: true,
      description:
        'The `cursor` of the last event received: the events after it are replayed first. Omitted: from now on.',
    })
    after: string | null,
  ): Promise<AsyncIterableIterator<StreamEvent>> {
    const agencyId = context.caller?.agencyId;
    if (!agencyId) throw new ForbiddenError('Subscriptions need an agency key: events belong to agencies');
    // Listen first: a bus message that arrives while the replay runs is a reason to read again, never lost.
    const live = await context.pubsub.subscribe(agencyTopic(this.config, agencyId));
    try {
      const start =
        after === null || after === undefined
          ? await currentPosition(this.dataSource)
          : await resumePosition(this.dataSource, agencyId, after, this.clock.now());
      return openReferralEventStream({
        dataSource: this.dataSource,
        agencyId,
        live,
        start,
        signal: context.signal,
        logger: this.logger,
      });
    } catch (error) {
      await live.return?.();
      throw error;
    }
  }
}
