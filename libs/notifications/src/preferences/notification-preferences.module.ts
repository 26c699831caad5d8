import { Module } from '@nestjs/common';
import { NotificationPreferencesResolver } from './notification-preferences.resolver.js';
import { NotificationPreferencesService } from './notification-preferences.service.js';

/** The API side of notification preferences: `notificationPreferences` and the mutations that set them. */
@Module({
  providers: [NotificationPreferencesService, NotificationPreferencesResolver],
  exports: [NotificationPreferencesService],
})
export class NotificationPreferencesModule {}
