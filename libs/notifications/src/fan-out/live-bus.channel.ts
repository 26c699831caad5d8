import { promisify } from 'node:util';
import { Inject, Injectable } from '@nestjs/common';
import { agencyTopic, APP_CONFIG, type AppConfig, type BusEvent, type EventBus } from '@tsunagu/platform';
import { type FanOutChannel } from './fan-out-channel.js';
import { NOTIFICATION_BUS } from './notification-bus.js';

/** Live delivery: the event on each concerned agency's bus topic, for subscriptions on any API instance. */
@Injectable()
export class LiveBusChannel implements FanOutChannel {
  readonly name = 'live';
  private readonly emit: (message: { topic: string; payload: BusEvent }) => Promise<void>;

  constructor(
    @Inject(NOTIFICATION_BUS) bus: EventBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.emit = promisify((message: { topic: string; payload: BusEvent }, done: (error?: Error) => void) =>
      bus.emit(message, done),
    );
  }

  async deliver(event: BusEvent): Promise<void> {
    await Promise.all(
      event.agencyIds.map((agencyId) => this.emit({ topic: agencyTopic(this.config, agencyId), payload: event })),
    );
  }
}
