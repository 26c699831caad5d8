import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, failFastQueueOptions, JobName, QueueName, withTimeout, type AppConfig } from '@tsunagu/platform';
import { Queue, type QueueOptions } from 'bullmq';
import { deliverWebhookJobId, type DeliverWebhookData } from './deliver-webhook.job.js';
import { deliverWebhookJobOptions } from './webhook-retry.js';

/** Bounds every wait on Redis, so a redelivery's transaction (and its row lock) never stays open long. */
const REDIS_TIMEOUT_MS = 5000;

/** The WEBHOOKS queue could not take the job: the caller's transaction rolls back. */
export class WebhookQueueUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`Webhook queue unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'WebhookQueueUnavailableError';
  }
}

/**
 * Adds DELIVER_WEBHOOK jobs from inside a database transaction (redeliveries, on the API): a producer of its
 * own that fails fast when Redis is unreachable, where the shared connection would wait for it forever.
 */
@Injectable()
export class WebhookJobProducer implements OnApplicationShutdown {
  private producer: Queue | null = null;

  constructor(
    @InjectQueue(QueueName.WEBHOOKS) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // The registered queue only lends its options; without a listener it prints every reconnect failure.
    queue.on('error', () => undefined);
  }

  /**
   * Enqueues a delivery round. A job of the same id can only be left from a redelivery whose transaction
   * rolled back after its add; it would do nothing (its round is not the delivery's), so it is removed first,
   * or BullMQ would ignore this add as a duplicate.
   */
  async enqueue(data: DeliverWebhookData): Promise<void> {
    const jobId = deliverWebhookJobId(data);
    const producer = this.producerQueue();
    try {
      await withTimeout(producer.waitUntilReady(), REDIS_TIMEOUT_MS);
      if (data.redelivery > 0) await withTimeout(producer.remove(jobId), REDIS_TIMEOUT_MS);
      await withTimeout(
        producer.add(JobName.DELIVER_WEBHOOK, data, { ...deliverWebhookJobOptions(this.config), jobId }),
        REDIS_TIMEOUT_MS,
      );
    } catch (error) {
      const broken = this.producer;
      this.producer = null;
      if (broken) void withTimeout(broken.disconnect(), REDIS_TIMEOUT_MS).catch(() => undefined);
      throw new WebhookQueueUnavailableError(error);
    }
  }

  /**
   * Whether the job of this delivery round is still queued, delayed or running. A PENDING delivery whose job
   * is not (it failed or vanished while its outcome could not be recorded) may be redelivered.
   */
  async inFlight(data: DeliverWebhookData): Promise<boolean> {
    const producer = this.producerQueue();
    try {
      await withTimeout(producer.waitUntilReady(), REDIS_TIMEOUT_MS);
      const state = await withTimeout(producer.getJobState(deliverWebhookJobId(data)), REDIS_TIMEOUT_MS);
      return ['waiting', 'delayed', 'active', 'prioritized', 'waiting-children'].includes(state);
    } catch (error) {
      throw new WebhookQueueUnavailableError(error);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    if (!producer) return;
    await withTimeout(producer.close(), REDIS_TIMEOUT_MS).catch(() =>
      withTimeout(producer.disconnect(), REDIS_TIMEOUT_MS).catch(() => undefined),
    );
  }

  private producerQueue(): Queue {
    if (!this.producer) {
      this.producer = new Queue(this.queue.name, this.producerOptions());
      this.producer.on('error', () => undefined); // a failed add rejects, and the caller hears of it
    }
    return this.producer;
  }

  private producerOptions(): QueueOptions {
    return failFastQueueOptions(this.queue, REDIS_TIMEOUT_MS, 'The webhook producer');
  }
}
