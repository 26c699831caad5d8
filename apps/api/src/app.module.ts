import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { DirectoryModule } from '@tsunagu/directory';
import {
  ApiKeyGuard,
  AuthModule,
  GraphQLExceptionFilter,
  HealthController,
  InputValidationPipe,
  PlatformModule,
  type AppConfig,
} from '@tsunagu/platform';
import { graphqlOptions } from './graphql.options.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, 'tsunagu-api'),
        GraphQLModule.forRoot<MercuriusDriverConfig>({ driver: MercuriusDriver, ...graphqlOptions(config) }),
        AuthModule,
        DirectoryModule,
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
