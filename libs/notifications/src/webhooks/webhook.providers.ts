import { getQueueToken } from '@nestjs/bullmq';
import { type Provider } from '@nestjs/common';
import { QueueName } from '@tsunagu/platform';
import { type Queue } from 'bullmq';
import { DeliverWebhookHandler } from './deliver-webhook.handler.js';
import { WebhookChannel } from './webhook.channel.js';
import { WebhookDeliveryService } from './webhook-delivery.service.js';
import { WebhooksProcessor } from './webhooks.processor.js';

const WEBHOOKS_QUEUE_ERRORS = Symbol('WEBHOOKS_QUEUE_ERRORS');

/**
 * The worker side of webhooks, for NotificationsModule (which registers the WEBHOOKS queue, lists
 * WebhookChannel among the fan-out channels and DeliverWebhookHandler among the job handlers).
 */
export const WEBHOOK_WORKER_PROVIDERS: Provider[] = [
  {
    // As for the other queues: the processor reports outages; the queue's own errors would only repeat them.
    provide: WEBHOOKS_QUEUE_ERRORS,
    inject: [getQueueToken(QueueName.WEBHOOKS)],
    useFactory: (queue: Queue): Queue => queue.on('error', () => undefined),
  },
  WebhookChannel,
  WebhookDeliveryService,
  DeliverWebhookHandler,
  WebhooksProcessor,
];
