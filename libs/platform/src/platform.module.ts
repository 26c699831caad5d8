import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from './config/config.module.js';
import { type AppConfig } from './config/config.schema.js';
import { DatabaseModule } from './database/database.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { RedisModule } from './queue/redis.module.js';

/** Config, logs, PostgreSQL and Redis: what both the API and the worker stand on. */
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, applicationName: string): DynamicModule {
    return {
      module: PlatformModule,
      imports: [ConfigModule.forRoot(config), LoggingModule, DatabaseModule.forRoot(applicationName), RedisModule],
    };
  }
}
