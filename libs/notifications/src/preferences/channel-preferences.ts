import { registerEnumType } from '@nestjs/graphql';
import { preparedQuery } from '@tsunagu/platform';
import { type EntityManager } from 'typeorm';

/** The channels an agency chooses event types for (live subscriptions carry everything the client asks for). */
export enum NotificationChannel {
  WEBHOOK = 'WEBHOOK',
  EMAIL = 'EMAIL',
}

registerEnumType(NotificationChannel, {
  name: 'NotificationChannel',
  description: 'A channel whose event types an agency chooses: WEBHOOK (each endpoint filters further) or EMAIL',
});

/**
 * What each channel carries for an agency that has not chosen (patterns as in `isEventPattern`): webhooks
 * everything (each endpoint names its own events), e-mail what needs a person to act.
 */
export const DEFAULT_CHANNEL_EVENTS: Record<NotificationChannel, readonly string[]> = {
  [NotificationChannel.WEBHOOK]: ['*'],
  [NotificationChannel.EMAIL]: [
    'referral.sent',
    'referral.overdue',
    'referral.escalated',
    'consent.expiring_soon',
    'webhook.disabled',
    'task.assigned',
    'task.overdue',
    'task.escalated',
    'plan.review_due',
  ],
};

/** The event patterns `channel` carries for an agency: its own choice (`chosen`), or the channel's default. */
export function channelEvents(
  channel: NotificationChannel,
  chosen: readonly string[] | null | undefined,
): readonly string[] {
  return chosen ?? DEFAULT_CHANNEL_EVENTS[channel];
}

/** agency id → the event patterns `channel` carries for it: its own choice, or the channel's default. */
export async function channelPreferences(
  manager: EntityManager,
  channel: NotificationChannel,
  agencyIds: readonly string[],
): Promise<Map<string, readonly string[]>> {
  const rows: { agency_id: string; event_types: string[] }[] =
    agencyIds.length === 0
      ? []
      : await preparedQuery(
          manager,
          `SELECT "agency_id", "event_types" FROM "notification_preference"
            WHERE "channel" = $1 AND "agency_id" = ANY($2::uuid[])`,
          [channel, agencyIds],
        );
  const chosen = new Map(rows.map((row) => [row.agency_id, row.event_types]));
  return new Map(agencyIds.map((id) => [id, channelEvents(channel, chosen.get(id))]));
}
