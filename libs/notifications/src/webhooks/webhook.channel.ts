import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, JobName, matchesEventPatterns, QueueName, type AppConfig, type BusEvent } from '@tsunagu/platform';
import { type Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { type FanOutChannel } from '../fan-out/fan-out-channel.js';
import { channelPreferences, NotificationChannel } from '../preferences/channel-preferences.js';
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
    const preferences = await channelPreferences(manager, NotificationChannel.WEBHOOK, event.agencyIds);
    const agencies = event.agencyIds.filter((id) => matchesEventPatterns(event.type, preferences.get(id) ?? []));
    if (agencies.length === 0) return;

    const endpoints = await manager.query<{ id: string; events: string[] }[]>(
      `SELECT "id", "events" FROM "webhook_endpoint" WHERE "enabled" AND "agency_id" = ANY($1::uuid[])`,
      [agencies],
    );
    const wanted = endpoints.filter((endpoint) => matchesEventPatterns(event.type, endpoint.events)).map((e) => e.id);
    if (wanted.length === 0) return;

    await manager.query(
      `INSERT INTO "webhook_delivery" ("endpoint_id", "agency_id", "event_id", "event_type", "body")
       SELECT endpoint."id", endpoint."agency_id", $1, $2, $3
         FROM "webhook_endpoint" endpoint WHERE endpoint."id" = ANY($4::uuid[])
       ON CONFLICT ("endpoint_id", "event_id") DO NOTHING`,
      [event.id, event.type, webhookBody(event), wanted],
    );
    // A delivery already redelivered has its own round's job; only first rounds are (re-)added here.
    const deliveries = await manager.query<{ id: string }[]>(
      `SELECT "id" FROM "webhook_delivery"
        WHERE "event_id" = $1 AND "endpoint_id" = ANY($2::uuid[]) AND "status" = 'PENDING' AND "redeliveries" = 0`,
      [event.id, wanted],
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
