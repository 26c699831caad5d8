import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueName } from '@tsunagu/platform';
import { WEBHOOK_ENTITIES } from './entities/index.js';
import { WebhookJobProducer } from './webhook-job-producer.js';
import { WebhookDeliveryResolver, WebhooksResolver } from './webhooks.resolver.js';
import { WebhooksService } from './webhooks.service.js';

/**
 * Webhook endpoints and the delivery log, for the API: register, change, rotate the secret, list deliveries,
 * redeliver. The worker's side (the fan-out channel and the DELIVER_WEBHOOK handler) is in NotificationsModule.
 * Needs QueueModule (the BullMQ connection) in the importing application.
 */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.WEBHOOKS }), TypeOrmModule.forFeature(WEBHOOK_ENTITIES)],
  providers: [WebhooksService, WebhookJobProducer, WebhooksResolver, WebhookDeliveryResolver],
  exports: [WebhooksService],
})
export class WebhooksModule {}
