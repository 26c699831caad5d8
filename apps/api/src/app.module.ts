import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { ConsentModule } from '@tsunagu/consent';
import { DirectoryModule } from '@tsunagu/directory';
import { EmailDeliveriesModule, NotificationPreferencesModule, WebhooksModule } from '@tsunagu/notifications';
import { ReferralsModule } from '@tsunagu/referrals';
import {
  ApiKeyGuard,
  AuthModule,
  AuthService,
  EVENT_BUS,
  EventBusModule,
  GraphQLExceptionFilter,
  HealthController,
  InputValidationPipe,
  PlatformModule,
  QueueModule,
  type AppConfig,
  type EventBus,
  type PlatformOptions,
} from '@tsunagu/platform';
import { graphqlOptions } from './graphql.options.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: PlatformOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, 'tsunagu-api', options),
        EventBusModule,
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          imports: [AuthModule],
          inject: [AuthService, EVENT_BUS],
          useFactory: (auth: AuthService, bus: EventBus) => graphqlOptions(config, auth, bus),
        }),
        AuthModule,
        DirectoryModule,
        ConsentModule,
        ReferralsModule,
        NotificationPreferencesModule,
        EmailDeliveriesModule,
        // The BullMQ connection, for the queues the API adds to (webhook redeliveries).
        QueueModule,
        WebhooksModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_GUARD, useExisting: ApiKeyGuard },
        { provide: APP_PIPE, useClass: InputValidationPipe },
        { provide: APP_FILTER, useClass: GraphQLExceptionFilter },
      ],
    };
  }
}
