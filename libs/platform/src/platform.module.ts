import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { ConfigModule } from './config/config.module.js';
import { type AppConfig } from './config/config.schema.js';
import { DatabaseModule } from './database/database.module.js';
import { LogDestinationModule, LoggingModule } from './logging/logging.module.js';
import { RedisModule } from './queue/redis.module.js';
import { Clock, SystemClock } from './time/clock.js';

/** The one `Clock` of the process (global); `PlatformModule` brings it, the CLI imports it alone. */
@Global()
@Module({})
export class ClockModule {
  static forRoot(clock: Clock | undefined): DynamicModule {
    return {
      module: ClockModule,
      providers: [clock ? { provide: Clock, useValue: clock } : { provide: Clock, useClass: SystemClock }],
      exports: [Clock],
    };
  }
}

export interface PlatformOptions {
  /** Replaces the system clock (tests move time instead of sleeping). */
  clock?: Clock;
  /** Where log lines go instead of standard output (tests read them). */
  logDestination?: DestinationStream;
}

/** Config, logs, PostgreSQL, Redis and the clock: what both the API and the worker stand on. */
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, applicationName: string, options: PlatformOptions = {}): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(config),
        LogDestinationModule.forRoot(options.logDestination),
        LoggingModule,
        DatabaseModule.forRoot(applicationName),
        RedisModule,
        ClockModule.forRoot(options.clock),
      ],
    };
  }
}
