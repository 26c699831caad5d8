import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { QueueName } from '@tsunagu/platform';
import { type Job } from 'bullmq';
import { describeFailedJob } from '../jobs/job-failure.js';
import { JobHandlerRegistry } from '../jobs/job-handler.js';

/** The CLOCKS queue's worker: delayed CHECK_DUE jobs, dispatched through the registry. */
@Injectable()
@Processor(QueueName.CLOCKS, {
  concurrency: 8,
  lockDuration: 10_000,
  stalledInterval: 5_000,
  maxStalledCount: 2,
})
export class ClocksProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ClocksProcessor.name);

  constructor(private readonly handlers: JobHandlerRegistry) {
    super();
  }

  process(job: Job): Promise<unknown> {
    return this.handlers.dispatch(QueueName.CLOCKS, job);
  }

  /** Stops taking jobs and waits for the running ones, before the database connections close. */
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
