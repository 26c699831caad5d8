import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import { type AppConfig } from '../config/config.schema.js';
import { Logger } from '@nestjs/common';
import { closeEventBus, createEventBus, type EventBus } from './event-bus.js';

export const EVENT_BUS = Symbol('EVENT_BUS');

@Injectable()
class EventBusShutdown implements OnApplicationShutdown {
  constructor(@Inject(EVENT_BUS) private readonly bus: EventBus) {}

  async onApplicationShutdown(): Promise<void> {
    await closeEventBus(this.bus);
  }
}

/** The process's connection to the cross-process event bus, closed with the application. */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_BUS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createEventBus(config, new Logger('EventBus')),
    },
    EventBusShutdown,
  ],
  exports: [EVENT_BUS],
})
export class EventBusModule {}
