import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentAuth, RequireScopes, Scope, type AuthContext } from '@tsunagu/platform';
import { NotificationChannel } from './channel-preferences.js';
import { NotificationPreference } from './dto/notification-preference.model.js';
import { SetNotificationPreferencesInput } from './dto/set-notification-preferences.input.js';
import { NotificationPreferencesService } from './notification-preferences.service.js';

@Resolver(() => NotificationPreference)
export class NotificationPreferencesResolver {
  constructor(private readonly preferences: NotificationPreferencesService) {}

  @Query(() => [NotificationPreference], {
    description: "The calling agency's event types per channel (WEBHOOK, EMAIL): its choice, or the default.",
  })
  @RequireScopes(Scope.DIRECTORY_READ)
  notificationPreferences(@CurrentAuth() caller: AuthContext): Promise<NotificationPreference[]> {
    return this.preferences.list(caller);
  }

  @Mutation(() => NotificationPreference, {
    description: 'Chooses the event types a channel carries for the calling agency (replacing any earlier choice).',
  })
  @RequireScopes(Scope.DIRECTORY_WRITE)
  setNotificationPreferences(
    @CurrentAuth() caller: AuthContext,
    @Args('input') input: SetNotificationPreferencesInput,
  ): Promise<NotificationPreference> {
    return this.preferences.set(caller, input);
  }

  @Mutation(() => NotificationPreference, {
    description: "Forgets the calling agency's choice for a channel: it carries the channel's default again.",
  })
  @RequireScopes(Scope.DIRECTORY_WRITE)
  resetNotificationPreferences(
    @CurrentAuth() caller: AuthContext,
    @Args('channel', { type: () => NotificationChannel }) channel: NotificationChannel,
  ): Promise<NotificationPreference> {
    return this.preferences.reset(caller, channel);
  }
}
