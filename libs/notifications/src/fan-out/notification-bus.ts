import { Inject, Injectable, Logger, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { APP_CONFIG, closeEventBus, createEventBus, type AppConfig, type EventBus } from '@tsunagu/platform';

/** The worker's connection to the cross-process event bus: live subscribers on every API instance listen. */
export const NOTIFICATION_BUS = Symbol('NOTIFICATION_BUS');

export const notificationBusProvider: Provider = {
  provide: NOTIFICATION_BUS,
  inject: [APP_CONFIG],
  // Redis comes back by itself (the connections reconnect); a failed emit fails its job, which is retried.
  useFactory: (config: AppConfig): EventBus => createEventBus(config, new Logger('NotificationBus')),
};

/** Closes the bus after the queue workers (closed before application shutdown) have finished their jobs. */
@Injectable()
export class NotificationBusShutdown implements OnApplicationShutdown {
  constructor(@Inject(NOTIFICATION_BUS) private readonly bus: EventBus) {}

  onApplicationShutdown(): Promise<void> {
    return closeEventBus(this.bus);
  }
}
