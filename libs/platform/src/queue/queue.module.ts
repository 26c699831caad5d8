import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import { type AppConfig } from '../config/config.schema.js';

/** The BullMQ connection shared by every queue; queue names and job handlers are registered by their modules. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        prefix: `${config.REDIS_PREFIX}:bull`,
        // BullMQ workers block on Redis: they must retry forever rather than fail a command.
        connection: {
          url: config.REDIS_URL,
          maxRetriesPerRequest: null,
          // Resume within seconds after an outage (BullMQ's default backs off to 20 s).
          retryStrategy: (times: number) => Math.min(times * 200, 5000),
        },
      }),
    }),
  ],
  exports: [BullModule],
})
export class QueueModule {}
