import { Injectable } from '@nestjs/common';
import { JobName } from '@tsunagu/platform';
import { type Job } from 'bullmq';
import { type JobHandler } from '../jobs/job-handler.js';
import { isDeliverWebhookData, type DeliverWebhookData } from './deliver-webhook.job.js';
import { WebhookDeliveryService, type WebhookAttemptOutcome } from './webhook-delivery.service.js';
import { webhookRetryDelay } from './webhook-retry.js';

/** DELIVER_WEBHOOK: one attempt of one delivery; a failed attempt fails the job, which the queue retries. */
@Injectable()
export class DeliverWebhookHandler implements JobHandler<DeliverWebhookData> {
  readonly jobName = JobName.DELIVER_WEBHOOK;

  constructor(private readonly deliveries: WebhookDeliveryService) {}

  async handle(job: Job<DeliverWebhookData>): Promise<{ outcome: WebhookAttemptOutcome }> {
    if (!isDeliverWebhookData(job.data)) throw new Error(`DELIVER_WEBHOOK job ${job.id}: malformed data`);
    // attemptsMade counts the failed attempts before this one.
    const attempt = job.attemptsMade + 1;
    const final = attempt >= (job.opts.attempts ?? 1);
    return { outcome: await this.deliveries.attempt(job.data, { final, retryDelayMs: retryDelayOf(job, attempt) }) };
  }
}

/** The queue's wait after a failure of attempt `attempt`, from the job's own backoff. */
function retryDelayOf(job: Job, attempt: number): number {
  const backoff = job.opts.backoff;
  if (backoff === undefined) return 0;
  if (typeof backoff === 'number') return backoff;
  const delay = backoff.delay ?? 0;
  return backoff.type === 'exponential' ? webhookRetryDelay(delay, attempt) : delay;
}
