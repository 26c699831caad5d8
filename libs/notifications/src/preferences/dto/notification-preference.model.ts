import { Field, ObjectType } from '@nestjs/graphql';
import { NotificationChannel } from '../channel-preferences.js';

@ObjectType({ description: "The calling agency's effective choice of event types for one channel." })
export class NotificationPreference {
  @Field(() => NotificationChannel)
  channel: NotificationChannel;

  @Field(() => [String], {
    description: 'The event types (or `<group>.*`, `*` patterns) the channel carries for the agency; empty: nothing.',
  })
  eventTypes: string[];

  @Field({ description: "True when the agency has not chosen: eventTypes is the channel's default." })
  isDefault: boolean;

  @Field(() => [String], { description: "The channel's default, which resetNotificationPreferences restores." })
  defaultEventTypes: string[];

  @Field(() => Date, { nullable: true, description: 'When the agency last chose; null for the default.' })
  updatedAt: Date | null;
}
