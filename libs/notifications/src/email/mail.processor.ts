import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { QueueName } from '@tsunagu/platform';
import { type Job } from 'bullmq';
import { describeFailedJob } from '../jobs/job-failure.js';
import { JobHandlerRegistry } from '../jobs/job-handler.js';

/** The MAIL queue's worker: SEND_EMAIL jobs, dispatched through the registry. */
@Injectable()
@Processor(QueueName.MAIL, {
  concurrency: 4,
  // An SMTP exchange can take seconds; the lock is renewed while the job runs, and lapses soon after a crash.
  lockDuration: 30_000,
  stalledInterval: 15_000,
  maxStalledCount: 2,
})
export class MailProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger(MailProcessor.name);

  constructor(private readonly handlers: JobHandlerRegistry) {
    super();
  }

  process(job: Job): Promise<unknown> {
    return this.handlers.dispatch(QueueName.MAIL, job);
  }

  /** Stops taking jobs and waits for the running ones, before the transport and the database close. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

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
