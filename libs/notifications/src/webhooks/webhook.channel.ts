import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  coalescingLoader,
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
    const endpoints = await this.endpoints.load(event.agencyIds);
    const wanted = endpoints
      .filter(
        (endpoint) =>
          matchesEventPatterns(event.type, channelEvents(NotificationChannel.WEBHOOK, endpoint.event_types)) &&
          matchesEventPatterns(event.type, endpoint.events),
      )
      .map((endpoint) => endpoint.id);
    if (wanted.length === 0) return;

    const deliveries = await this.deliveries.load({ event, endpointIds: wanted });
    if (deliveries.length === 0) return;
    const options = deliverWebhookJobOptions(this.config);
    await this.jobs.load(
      deliveries.map((id) => {
        const data: DeliverWebhookData = { deliveryId: id, redelivery: 0 };
        return { name: JobName.DELIVER_WEBHOOK, data, opts: { ...options, jobId: deliverWebhookJobId(data) } };
      }),
    );
  }

  /**
   * The enabled endpoints of each event's agencies, with each agency's WEBHOOK choice (none: the channel's
   * default): one statement for the events that arrive while the others' are running ({@link coalescingLoader}).
   */
  private readonly endpoints = coalescingLoader<readonly string[], EndpointRow[]>(async (agencyLists) => {
    const rows = await preparedQuery<EndpointRow[]>(
      this.dataSource.manager,
      `SELECT endpoint."id", endpoint."agency_id", endpoint."events", preference."event_types"
         FROM "webhook_endpoint" endpoint
         LEFT JOIN "notification_preference" preference
           ON preference."agency_id" = endpoint."agency_id" AND preference."channel" = $2
        WHERE endpoint."enabled" AND endpoint."agency_id" = ANY($1::uuid[])`,
      [[...new Set(agencyLists.flat())], NotificationChannel.WEBHOOK],
    );
    return agencyLists.map((agencyIds) => rows.filter((row) => agencyIds.includes(row.agency_id)));
  });

  /**
   * Each event's deliveries to the endpoints that want it: the new ones, and those a previous run made that are
   * still in their first round (a delivery already redelivered has its own round's job), as only first rounds
   * are (re-)added here. The statement's own inserts are not visible to its SELECT from the table, hence the
   * two parts; the second looks each pair up on its own (LIMIT 1 keeps it a lookup by the unique index,
   * not a scan of an endpoint's every delivery). Rows go in by event and endpoint, so two workers inserting
   * overlapping batches do not deadlock.
   */
  private readonly deliveries = coalescingLoader<{ event: BusEvent; endpointIds: readonly string[] }, string[]>(
    async (requests) => {
      const wanted = requests
        .flatMap(({ event, endpointIds }) => endpointIds.map((endpointId) => ({ event, endpointId })))
        .sort((a, b) => compare(a.event.id, b.event.id) || compare(a.endpointId, b.endpointId));
      const rows = await preparedQuery<{ id: string; event_id: string }[]>(
        this.dataSource.manager,
        `WITH wanted AS (
           SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::text[], $4::uuid[])
                      WITH ORDINALITY AS wanted("event_id", "event_type", "body", "endpoint_id", "position")),
         inserted AS (
           INSERT INTO "webhook_delivery" ("endpoint_id", "agency_id", "event_id", "event_type", "body")
           SELECT endpoint."id", endpoint."agency_id", wanted."event_id", wanted."event_type", wanted."body"
             FROM wanted JOIN "webhook_endpoint" endpoint ON endpoint."id" = wanted."endpoint_id"
            WHERE endpoint."id" = ANY($4::uuid[])
            ORDER BY wanted."position"
           ON CONFLICT ("endpoint_id", "event_id") DO NOTHING
           RETURNING "id", "event_id")
         SELECT "id", "event_id" FROM inserted
         UNION ALL
         SELECT delivery."id", delivery."event_id"
           FROM wanted
          CROSS JOIN LATERAL (
            SELECT earlier."id", earlier."event_id" FROM "webhook_delivery" earlier
             WHERE earlier."endpoint_id" = wanted."endpoint_id" AND earlier."event_id" = wanted."event_id"
               AND earlier."status" = 'PENDING' AND earlier."redeliveries" = 0
             LIMIT 1) delivery`,
        [
          wanted.map(({ event }) => event.id),
          wanted.map(({ event }) => event.type),
          wanted.map(({ event }) => webhookBody(event)),
          wanted.map(({ endpointId }) => endpointId),
        ],
      );
      return requests.map(({ event }) => rows.filter((row) => row.event_id === event.id).map((row) => row.id));
    },
  );

  /** The DELIVER_WEBHOOK jobs of the events fanned out while other adds ran, added in one `addBulk`. */
  private readonly jobs = coalescingLoader<Parameters<Queue['addBulk']>[0], true>(async (lists) => {
    await this.queue.addBulk(lists.flat());
    return lists.map(() => true as const);
  });
}

interface EndpointRow {
  id: string;
  agency_id: string;
  events: string[];
  event_types: string[] | null;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
