import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { QueueName } from '@tsunagu/platform';
import { type Job } from 'bullmq';
import { describeFailedJob } from '../jobs/job-failure.js';
import { JobHandlerRegistry } from '../jobs/job-handler.js';

/**
 * The EVENTS queue's worker. Jobs go to their handler through the registry (checked at boot: one handler per
 * job name); FAN_OUT_EVENT runs the fan-out channels. Attempts, backoff and retention are the job's own
 * (JOB_OPTIONS, set when the relay adds it).
 */
@Injectable()
@Processor(QueueName.EVENTS, {
  concurrency: 16,
  // A crashed worker's jobs go back to the queue once their lock lapses: within about 15 s, not a minute.
  lockDuration: 10_000,
  stalledInterval: 5_000,
  maxStalledCount: 2,
})
export class EventFanOutProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger(EventFanOutProcessor.name);
  private redisDown = false;

  constructor(private readonly handlers: JobHandlerRegistry) {
    super();
  }

  process(job: Job): Promise<unknown> {
    return this.handlers.dispatch(QueueName.EVENTS, job);
  }

  /**
   * Stops taking jobs and waits for the running ones (a job that cannot finish is released to the queue when
   * its lock lapses). @nestjs/bullmq closes its workers on application shutdown too, but only after the event
   * bus the jobs emit on would be closed; closing here, first, keeps that order. `close()` is idempotent.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    if (job) this.logger.warn(describeFailedJob(job, error));
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    // Connection errors repeat while Redis is down; BullMQ reconnects by itself. Say so once per outage.
    if (!this.redisDown) this.logger.warn(`Queue worker: ${error.message}; retrying until Redis is back`);
    this.redisDown = true;
  }

  /** A job started: Redis answers again. */
  @OnWorkerEvent('active')
  onActive(): void {
    if (this.redisDown) this.logger.log('Queue worker: Redis reachable again');
    this.redisDown = false;
  }
}
