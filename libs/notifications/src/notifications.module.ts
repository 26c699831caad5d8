import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxEventEntity, QueueName } from '@tsunagu/platform';
import { ReferralEventEntity } from '@tsunagu/referrals';
import { type Queue } from 'bullmq';
import { ClockReconcileRunner } from './clock-reconcile/clock-reconcile.runner.js';
import { ClockReconciler } from './clock-reconcile/clock-reconciler.service.js';
import { CLOCK_SOURCES, type ClockSource } from './clock-reconcile/clock-source.js';
import { CheckDueHandler } from './clocks/check-due.handler.js';
import { ClockSchedulerChannel } from './clocks/clock-scheduler.channel.js';
import { ClocksProcessor } from './clocks/clocks.processor.js';
import { ReferralClockSource } from './clocks/referral-clock.source.js';
import { ReferralClocksService } from './clocks/referral-clocks.service.js';
import { ConsentClocksService } from './consent-clocks/consent-clocks.service.js';
import { ConsentExpiryClockSource } from './consent-clocks/consent-expiry-clock.source.js';
import { ConsentExpiryHandler } from './consent-clocks/consent-expiry.handler.js';
import { ConsentExpirySchedulerChannel } from './consent-clocks/consent-expiry-scheduler.channel.js';
import { EmailChannel } from './email/email.channel.js';
import { EMAIL_WORKER_PROVIDERS } from './email/email.providers.js';
import { SendEmailHandler } from './email/send-email.handler.js';
import { EventFanOutProcessor } from './fan-out/event-fan-out.processor.js';
import { FAN_OUT_CHANNELS, type FanOutChannel } from './fan-out/fan-out-channel.js';
import { FanOutEventHandler } from './fan-out/fan-out-event.handler.js';
import { LiveBusChannel } from './fan-out/live-bus.channel.js';
import { NotificationBusShutdown, notificationBusProvider } from './fan-out/notification-bus.js';
import { JOB_HANDLERS, JobHandlerRegistry, type JobHandler } from './jobs/job-handler.js';
import { DeliveryJobSweepService } from './outbox/delivery-job-sweep.service.js';
import { OutboxRelayService } from './outbox/outbox-relay.service.js';
import { TaskClockSchedulerChannel } from './task-clocks/task-clock-scheduler.channel.js';
import { TaskClockHandler } from './task-clocks/task-clock.handler.js';
import { TaskClockSource } from './task-clocks/task-clock.source.js';
import { TaskClocksService } from './task-clocks/task-clocks.service.js';
import { DeliverWebhookHandler } from './webhooks/deliver-webhook.handler.js';
import { WebhookChannel } from './webhooks/webhook.channel.js';
import { WEBHOOK_WORKER_PROVIDERS } from './webhooks/webhook.providers.js';

const EVENTS_QUEUE_ERRORS = Symbol('EVENTS_QUEUE_ERRORS');
const CLOCKS_QUEUE_ERRORS = Symbol('CLOCKS_QUEUE_ERRORS');

/**
 * The delivery pipeline, for the worker process only: the outbox relay, the EVENTS queue's processor with
 * one handler per job name (checked at boot), the fan-out channels and the event bus they emit on, and the
 * CLOCKS queue's processor (referral SLA reminders, breaches and escalation, consent expiry notices, and support
 * task reminders, overdue marks, escalation and plan review reminders; each
 * scheduled by a fan-out channel), the MAIL queue's processor (e-mail notices, queued by the e-mail channel),
 * and the WEBHOOKS queue's processor (signed POSTs with retries, queued by the webhook channel). The clock
 * reconciler re-creates, from PostgreSQL, the CLOCKS queue's delayed jobs that Redis lost.
 * Needs PlatformModule and QueueModule (the BullMQ connection) in the importing application.
 */
@Module({
  imports: [
    BullModule.registerQueue(
      { name: QueueName.EVENTS },
      { name: QueueName.CLOCKS },
      { name: QueueName.MAIL },
      { name: QueueName.WEBHOOKS },
    ),
    TypeOrmModule.forFeature([ReferralEventEntity, OutboxEventEntity]),
  ],
  providers: [
    {
      // Listens as soon as the queue exists: BullMQ prints an `error` nobody listens to (every reconnect while
      // Redis is down). The processor and the relay report outages; the queue itself only lends its options.
      provide: EVENTS_QUEUE_ERRORS,
      inject: [getQueueToken(QueueName.EVENTS)],
      useFactory: (queue: Queue): Queue => queue.on('error', () => undefined),
    },
    {
      provide: CLOCKS_QUEUE_ERRORS,
      inject: [getQueueToken(QueueName.CLOCKS)],
      useFactory: (queue: Queue): Queue => queue.on('error', () => undefined),
    },
    notificationBusProvider,
    NotificationBusShutdown,
    LiveBusChannel,
    ClockSchedulerChannel,
    ConsentExpirySchedulerChannel,
    TaskClockSchedulerChannel,
    ...EMAIL_WORKER_PROVIDERS,
    ...WEBHOOK_WORKER_PROVIDERS,
    {
      // Each a step of the fan-out with its own recorded outcome (a retry repeats only the failed ones): live
      // delivery; the referral's SLA clocks (on `referral.sent`) and a consent's expiry notices (on
      // `consent.recorded`) and the support tasks' clocks (on `task.assigned`, `plan.revised`,
      // `plan.review_scheduled`) scheduled; e-mail notices queued (MAIL queue); webhook deliveries (WEBHOOKS queue).
      provide: FAN_OUT_CHANNELS,
      inject: [
        LiveBusChannel,
        ClockSchedulerChannel,
        ConsentExpirySchedulerChannel,
        TaskClockSchedulerChannel,
        EmailChannel,
        WebhookChannel,
      ],
      useFactory: (...channels: FanOutChannel[]): FanOutChannel[] => channels,
    },
    FanOutEventHandler,
    ReferralClocksService,
    CheckDueHandler,
    ConsentClocksService,
    ConsentExpiryHandler,
    TaskClocksService,
    TaskClockHandler,
    {
      provide: JOB_HANDLERS,
      inject: [
        FanOutEventHandler,
        CheckDueHandler,
        ConsentExpiryHandler,
        TaskClockHandler,
        SendEmailHandler,
        DeliverWebhookHandler,
      ],
      useFactory: (...handlers: JobHandler[]): JobHandler[] => handlers,
    },
    JobHandlerRegistry,
    EventFanOutProcessor,
    ClocksProcessor,
    DeliveryJobSweepService,
    OutboxRelayService,
    ReferralClockSource,
    ConsentExpiryClockSource,
    TaskClockSource,
    {
      // The clocks PostgreSQL can derive, re-created in Redis when missing (at start and periodically).
      provide: CLOCK_SOURCES,
      inject: [ReferralClockSource, ConsentExpiryClockSource, TaskClockSource],
      useFactory: (...sources: ClockSource[]): ClockSource[] => sources,
    },
    ClockReconciler,
    ClockReconcileRunner,
  ],
})
export class NotificationsModule {}
