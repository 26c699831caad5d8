import { type EventEmitter } from 'node:events';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { APP_CONFIG, createEventBus, type AppConfig, type EventBus } from '@tsunagu/platform';

/** The worker's connection to the cross-process event bus: live subscribers on every API instance listen. */
export const NOTIFICATION_BUS = Symbol('NOTIFICATION_BUS');

const CLOSE_TIMEOUT_MS = 2000;

/** mqemitter-redis reports its connections' errors on `state`; an `error` event nobody listens to would throw. */
type EventBusInternals = EventBus & { state: EventEmitter; subConn: { disconnect(): void }; pubConn: { disconnect(): void } };

export const notificationBusProvider: Provider = {
  provide: NOTIFICATION_BUS,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): EventBus => {
    const logger = new Logger('NotificationBus');
    const bus = createEventBus(config) as EventBusInternals;
    let down = false;
    // Redis comes back by itself (ioredis reconnects); a failed emit fails its job, which is retried.
    bus.state.on('error', (error: Error) => {
      if (!down) logger.warn(`Event bus: Redis unreachable (${error.message}); emits fail until it is back`);
      down = true;
    });
    bus.state.on('pubConnect', () => {
      if (down) logger.log('Event bus: Redis reachable again');
      down = false;
    });
    return bus;
  },
};

/** Closes the bus after the queue workers (closed before application shutdown) have finished their jobs. */
@Injectable()
export class NotificationBusShutdown implements OnApplicationShutdown {
  constructor(@Inject(NOTIFICATION_BUS) private readonly bus: EventBus) {}

  async onApplicationShutdown(): Promise<void> {
    const bus = this.bus as EventBusInternals;
    let timer: NodeJS.Timeout | undefined;
    // QUIT waits for a connection; with Redis gone, drop the connections instead of waiting for it.
    const closed = await Promise.race([
      new Promise<boolean>((resolve) => bus.close(() => resolve(true))),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), CLOSE_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    if (!closed) {
      bus.subConn.disconnect();
      bus.pubConn.disconnect();
    }
  }
}
