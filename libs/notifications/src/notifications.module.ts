import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QueueName } from '@tsunagu/platform';
import { type Queue } from 'bullmq';
import { EventFanOutProcessor } from './fan-out/event-fan-out.processor.js';
import { FAN_OUT_CHANNELS, type FanOutChannel } from './fan-out/fan-out-channel.js';
import { FanOutEventHandler } from './fan-out/fan-out-event.handler.js';
import { LiveBusChannel } from './fan-out/live-bus.channel.js';
import { NotificationBusShutdown, notificationBusProvider } from './fan-out/notification-bus.js';
import { JOB_HANDLERS, JobHandlerRegistry, type JobHandler } from './jobs/job-handler.js';
import { OutboxRelayService } from './outbox/outbox-relay.service.js';

const EVENTS_QUEUE_ERRORS = Symbol('EVENTS_QUEUE_ERRORS');

/**
 * The delivery pipeline, for the worker process only: the outbox relay, the EVENTS queue's processor with
 * one handler per job name (checked at boot), the fan-out channels and the event bus they emit on.
 * Needs PlatformModule and QueueModule (the BullMQ connection) in the importing application.
 */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.EVENTS })],
  providers: [
    {
      // Listens as soon as the queue exists: BullMQ prints an `error` nobody listens to (every reconnect while
      // Redis is down). The processor and the relay report outages; the queue itself only lends its options.
      provide: EVENTS_QUEUE_ERRORS,
      inject: [getQueueToken(QueueName.EVENTS)],
      useFactory: (queue: Queue): Queue => queue.on('error', () => undefined),
    },
    notificationBusProvider,
    NotificationBusShutdown,
    LiveBusChannel,
    {
      provide: FAN_OUT_CHANNELS,
      inject: [LiveBusChannel],
      useFactory: (...channels: FanOutChannel[]): FanOutChannel[] => channels,
    },
    FanOutEventHandler,
    {
      provide: JOB_HANDLERS,
      inject: [FanOutEventHandler],
      useFactory: (...handlers: JobHandler[]): JobHandler[] => handlers,
    },
    JobHandlerRegistry,
    EventFanOutProcessor,
    OutboxRelayService,
  ],
})
export class NotificationsModule {}
