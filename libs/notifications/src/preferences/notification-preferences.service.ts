import { Injectable } from '@nestjs/common';
import { ForbiddenError, type AuthContext } from '@tsunagu/platform';
import { DataSource } from 'typeorm';
import { DEFAULT_CHANNEL_EVENTS, NotificationChannel } from './channel-preferences.js';
import { type NotificationPreference } from './dto/notification-preference.model.js';
import { validEventPatterns } from './event-patterns.js';

interface PreferenceRow {
  channel: NotificationChannel;
  event_types: string[];
  updated_at: Date;
}

const CHANNELS: readonly NotificationChannel[] = Object.values(NotificationChannel);

/** Preferences are an agency's settings: a hub-admin key has no agency to set them for. */
function requireAgency(caller: AuthContext): string {
  if (!caller.agencyId) {
    throw new ForbiddenError('Notification preferences belong to an agency: use an agency key, not a hub-admin key', {
      reason: 'AGENCY_KEY_REQUIRED',
    });
  }
  return caller.agencyId;
}

function preferenceOf(channel: NotificationChannel, row: PreferenceRow | undefined): NotificationPreference {
  const defaults = [...DEFAULT_CHANNEL_EVENTS[channel]];
  return row
    ? { channel, eventTypes: row.event_types, isDefault: false, defaultEventTypes: defaults, updatedAt: row.updated_at }
    : { channel, eventTypes: defaults, isDefault: true, defaultEventTypes: defaults, updatedAt: null };
}

/**
 * Which event types each channel carries for the calling agency. A stored row is the agency's choice (an empty
 * list included); no row means the channel's default. The channels read the same table through
 * `channelPreferences`.
 */
@Injectable()
export class NotificationPreferencesService {
  constructor(private readonly dataSource: DataSource) {}

  async list(caller: AuthContext): Promise<NotificationPreference[]> {
    const agencyId = requireAgency(caller);
    const rows = await this.dataSource.query<PreferenceRow[]>(
      `SELECT "channel", "event_types", "updated_at" FROM "notification_preference" WHERE "agency_id" = $1`,
      [agencyId],
    );
    return CHANNELS.map((channel) =>
      preferenceOf(
        channel,
        rows.find((row) => row.channel === channel),
      ),
    );
  }

  async set(
    caller: AuthContext,
    input: { channel: NotificationChannel; eventTypes: readonly string[] },
  ): Promise<NotificationPreference> {
    const agencyId = requireAgency(caller);
    const eventTypes = validEventPatterns(input.eventTypes, 'input.eventTypes');
    const [row] = await this.dataSource.query<PreferenceRow[]>(
      `INSERT INTO "notification_preference" ("agency_id", "channel", "event_types", "updated_at")
       VALUES ($1, $2, $3::varchar[], now())
       ON CONFLICT ("agency_id", "channel")
         DO UPDATE SET "event_types" = EXCLUDED."event_types", "updated_at" = EXCLUDED."updated_at"
       RETURNING "channel", "event_types", "updated_at"`,
      [agencyId, input.channel, eventTypes],
    );
    return preferenceOf(input.channel, row);
  }

  /** Forgets the agency's choice: the channel carries its default again. */
  async reset(caller: AuthContext, channel: NotificationChannel): Promise<NotificationPreference> {
    const agencyId = requireAgency(caller);
    await this.dataSource.query(`DELETE FROM "notification_preference" WHERE "agency_id" = $1 AND "channel" = $2`, [
      agencyId,
      channel,
    ]);
    return preferenceOf(channel, undefined);
  }
}
