import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { QueueName } from '@tsunagu/platform';
import { type Job } from 'bullmq';
import { describeFailedJob } from '../jobs/job-failure.js';
import { JobHandlerRegistry } from '../jobs/job-handler.js';

/**
 * The WEBHOOKS queue's worker: DELIVER_WEBHOOK jobs, dispatched through the registry. A job waits on a
 * partner's endpoint for up to WEBHOOK_TIMEOUT_MS, so this queue has its own concurrency, apart from the
 * fan-out's. The lock is renewed while a POST runs; a crashed worker's job is retried within about 15 s.
 */
@Injectable()
@Processor(QueueName.WEBHOOKS, {
  concurrency: 32,
  lockDuration: 10_000,
  stalledInterval: 5_000,
  maxStalledCount: 2,
})
export class WebhooksProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhooksProcessor.name);

  constructor(private readonly handlers: JobHandlerRegistry) {
    super();
  }

  process(job: Job): Promise<unknown> {
    return this.handlers.dispatch(QueueName.WEBHOOKS, job);
  }

  /** Stops taking jobs and waits for the running attempts (each bounded by WEBHOOK_TIMEOUT_MS). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  /** A failed attempt is already in the delivery log; this line is for operators (never the secret or signature). */
  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    if (job) this.logger.warn(describeFailedJob(job, error));
  }

  /** Connection errors repeat while Redis is down (BullMQ reconnects); the EVENTS processor reports outages. */
  @OnWorkerEvent('error')
  onError(): void {
    return;
  }
}
