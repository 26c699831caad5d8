import { Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsString, MaxLength } from 'class-validator';
import { NotificationChannel } from '../channel-preferences.js';
import { MAX_EVENT_PATTERNS } from '../event-patterns.js';

@InputType()
export class SetNotificationPreferencesInput {
  @Field(() => NotificationChannel)
  channel: NotificationChannel;

  @Field(() => [String], {
    description:
      'Event types (`referral.sent`), groups (`referral.*`) or `*`. An empty list turns the channel off for the ' +
      'agency; resetNotificationPreferences goes back to the default.',
  })
  @ArrayMaxSize(MAX_EVENT_PATTERNS)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  eventTypes: string[];
}
