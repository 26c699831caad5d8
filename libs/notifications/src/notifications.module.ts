import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QueueName } from '@tsunagu/platform';
import { EventFanOutProcessor } from './fan-out/event-fan-out.processor.js';
import { FAN_OUT_CHANNELS, type FanOutChannel } from './fan-out/fan-out-channel.js';
import { FanOutEventHandler } from './fan-out/fan-out-event.handler.js';
import { LiveBusChannel } from './fan-out/live-bus.channel.js';
import { NotificationBusShutdown, notificationBusProvider } from './fan-out/notification-bus.js';
import { JOB_HANDLERS, JobHandlerRegistry, type JobHandler } from './jobs/job-handler.js';
import { OutboxRelayService } from './outbox/outbox-relay.service.js';

/**
 * The delivery pipeline, for the worker process only: the outbox relay, the EVENTS queue's processor with
 * one handler per job name (checked at boot), the fan-out channels and the event bus they emit on.
 * Needs PlatformModule and QueueModule (the BullMQ connection) in the importing application.
 */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.EVENTS })],
  providers: [
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
