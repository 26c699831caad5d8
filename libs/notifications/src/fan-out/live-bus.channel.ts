import { Inject, Injectable } from '@nestjs/common';
import { agencyTopic, APP_CONFIG, type AppConfig, type BusEvent, type EventBus } from '@tsunagu/platform';
import { type FanOutChannel } from './fan-out-channel.js';
import { NOTIFICATION_BUS } from './notification-bus.js';

/** An emit Redis has not confirmed by then fails the attempt (it is retried), so a job never hangs on it. */
const EMIT_TIMEOUT_MS = 10_000;

/** Live delivery: the event on each concerned agency's bus topic, for subscriptions on any API instance. */
@Injectable()
export class LiveBusChannel implements FanOutChannel {
  readonly name = 'live';

  constructor(
    @Inject(NOTIFICATION_BUS) private readonly bus: EventBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async deliver(event: BusEvent): Promise<void> {
    await Promise.all(
      event.agencyIds.map((agencyId) => this.emit({ topic: agencyTopic(this.config, agencyId), payload: event })),
    );
  }

  private emit(message: { topic: string; payload: BusEvent }): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`event bus: no confirmation within ${EMIT_TIMEOUT_MS} ms for ${message.topic}`)),
        EMIT_TIMEOUT_MS,
      );
      this.bus.emit(message, (error?: Error) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      });
    });
  }
}
