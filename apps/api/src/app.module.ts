import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { CollaborationModule } from '@tsunagu/collaboration';
import { ConsentModule } from '@tsunagu/consent';
import { DirectoryModule } from '@tsunagu/directory';
import { FhirModule, HsdsModule } from '@tsunagu/interop';
import { EmailDeliveriesModule, NotificationPreferencesModule, WebhooksModule } from '@tsunagu/notifications';
import { ReferralsModule } from '@tsunagu/referrals';
import { StatsModule } from '@tsunagu/stats';
import {
  ApiKeyGuard,
  AuthModule,
  AuthService,
  EventBusModule,
  GraphQLExceptionFilter,
  graphqlGuardHooks,
  graphqlMetricsHooks,
  HealthController,
  InputValidationPipe,
  mergeGraphQLHooks,
  Metrics,
  MetricsPort,
  MetricsModule,
  PlatformModule,
  RateLimits,
  QueueModule,
  refuseNonGraphQLDocument,
  refuseSubscriptionOverHttp,
  type AppConfig,
  type PlatformOptions,
} from '@tsunagu/platform';
import { PinoLogger } from 'nestjs-pino';
import { graphqlOptions } from './graphql.options.js';
import { SubscriptionsHost } from './subscriptions.host.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: PlatformOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, 'tsunagu-api', options),
        // `GET /metrics`, and the registry the GraphQL hooks below and the services record into.
        MetricsModule,
        EventBusModule,
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          imports: [AuthModule],
          inject: [AuthService, RateLimits, Metrics, PinoLogger],
          useFactory: (auth: AuthService, limits: RateLimits, metrics: Metrics, logger: PinoLogger) => {
            const guard = graphqlGuardHooks(config, auth, limits);
            return {
              ...graphqlOptions(config, logger),
              // The guard runs before anything is parsed; timing starts first so refusals are timed too.
              hooks: mergeGraphQLHooks(
                graphqlMetricsHooks(metrics),
                { preParsing: guard.preParsing },
                {
                  preValidation: [refuseNonGraphQLDocument, guard.preValidation],
                  preExecution: [refuseSubscriptionOverHttp, guard.preExecution],
                },
              ),
            };
          },
        }),
        AuthModule,
        DirectoryModule,
        ConsentModule,
        ReferralsModule,
        StatsModule,
        CollaborationModule,
        NotificationPreferencesModule,
        EmailDeliveriesModule,
        // The BullMQ connection, for the queues the API adds to (webhook redeliveries).
        QueueModule,
        WebhooksModule,
        FhirModule,
        HsdsModule,
      ],
      controllers: [HealthController],
      providers: [
        SubscriptionsHost,
        MetricsPort,
        { provide: APP_GUARD, useExisting: ApiKeyGuard },
        { provide: APP_PIPE, useClass: InputValidationPipe },
        { provide: APP_FILTER, useClass: GraphQLExceptionFilter },
      ],
    };
  }
}
