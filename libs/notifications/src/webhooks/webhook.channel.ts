import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  JobName,
  matchesEventPatterns,
  QueueName,
  type AppConfig,
  type BusEvent,
  preparedQuery,
} from '@tsunagu/platform';
import { type Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { type FanOutChannel } from '../fan-out/fan-out-channel.js';
import { channelEvents, NotificationChannel } from '../preferences/channel-preferences.js';
import { deliverWebhookJobId, type DeliverWebhookData } from './deliver-webhook.job.js';
import { deliverWebhookJobOptions } from './webhook-retry.js';

/** What every webhook POST carries: the event's id (receivers deduplicate on it), type, time and payload. */
export function webhookBody(event: BusEvent): string {
  return JSON.stringify({ id: event.id, type: event.type, occurredAt: event.occurredAt, data: event.payload });
}

/**
 * A fan-out step: one delivery per enabled endpoint that wants the event — the endpoint's agency is one the
 * event concerns, the agency's WEBHOOK preference carries the type, and so do the endpoint's own events — and
 * a DELIVER_WEBHOOK job for each on the WEBHOOKS queue, which does the POSTs and their retries.
 * Safe to run again: a delivery is unique per endpoint and event, and its first job's id is the delivery's.
 */
@Injectable()
export class WebhookChannel implements FanOutChannel {
  readonly name = 'webhooks';

  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(QueueName.WEBHOOKS) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async deliver(event: BusEvent): Promise<void> {
    if (event.agencyIds.length === 0) return;
    const manager = this.dataSource.manager;
    // The agencies' enabled endpoints with each agency's WEBHOOK choice (none: the channel's default).
    const endpoints = await preparedQuery<{ id: string; events: string[]; event_types: string[] | null }[]>(
      manager,
      `SELECT endpoint."id", endpoint."events", preference."event_types"
         FROM "webhook_endpoint" endpoint
         LEFT JOIN "notification_preference" preference
           ON preference."agency_id" = endpoint."agency_id" AND preference."channel" = $2
        WHERE endpoint."enabled" AND endpoint."agency_id" = ANY($1::uuid[])`,
      [event.agencyIds, NotificationChannel.WEBHOOK],
    );
    const wanted = endpoints
      .filter(
        (endpoint) =>
          matchesEventPatterns(event.type, channelEvents(NotificationChannel.WEBHOOK, endpoint.event_types)) &&
          matchesEventPatterns(event.type, endpoint.events),
      )
      .map((endpoint) => endpoint.id);
    if (wanted.length === 0) return;

    // The new deliveries, and those a previous run made that are still in their first round (a delivery already
    // redelivered has its own round's job): only first rounds are (re-)added here. The statement's own inserts
    // are not visible to its SELECT from the table, hence the two parts.
    const deliveries = await preparedQuery<{ id: string }[]>(
      manager,
      `WITH inserted AS (
         INSERT INTO "webhook_delivery" ("endpoint_id", "agency_id", "event_id", "event_type", "body")
         SELECT endpoint."id", endpoint."agency_id", $1, $2, $3
           FROM "webhook_endpoint" endpoint WHERE endpoint."id" = ANY($4::uuid[])
         ON CONFLICT ("endpoint_id", "event_id") DO NOTHING
         RETURNING "id")
       SELECT "id" FROM inserted
       UNION ALL
       SELECT "id" FROM "webhook_delivery"
        WHERE "event_id" = $1 AND "endpoint_id" = ANY($4::uuid[]) AND "status" = 'PENDING' AND "redeliveries" = 0`,
      [event.id, event.type, webhookBody(event), wanted],
    );
    if (deliveries.length === 0) return;
    const options = deliverWebhookJobOptions(this.config);
    await this.queue.addBulk(
      deliveries.map(({ id }) => {
        const data: DeliverWebhookData = { deliveryId: id, redelivery: 0 };
        return { name: JobName.DELIVER_WEBHOOK, data, opts: { ...options, jobId: deliverWebhookJobId(data) } };
      }),
    );
  }
}
