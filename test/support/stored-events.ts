import { agencyTopic, type AppConfig, type BusEvent, type EventBus } from '@tsunagu/platform';
import { DataSource } from 'typeorm';
import { type TestApp } from './test-app.js';

/**
 * What the outbox and the worker's live channel do for one event, without a worker: the outbox row (marked
 * relayed, so no relay of another test picks it up), then the bus message on each concerned agency's topic.
 * `referralEvents` reads what it sends from the outbox; a bus message without a row only wakes it.
 */
export async function publishStored(
  t: Pick<TestApp, 'app' | 'config'>,
  bus: EventBus,
  event: BusEvent,
  options: { emit?: boolean } = {},
): Promise<void> {
  await storeEvent(t.app.get(DataSource), event);
  if (options.emit ?? true) await emitEvent(t.config, bus, event);
}

export async function storeEvent(dataSource: DataSource, event: BusEvent): Promise<void> {
  await dataSource.query(
    `INSERT INTO "outbox_event" ("id", "type", "aggregate_id", "agency_ids", "payload", "occurred_at", "relayed_at")
     VALUES ($1, $2, $3, $4::uuid[], $5::jsonb, $6, now())`,
    [
      event.id,
      event.type,
      (event.payload.referralId as string | undefined) ?? event.id,
      event.agencyIds,
      JSON.stringify(event.payload),
      event.occurredAt,
    ],
  );
}

export async function emitEvent(
  config: Pick<AppConfig, 'REDIS_PREFIX'>,
  bus: EventBus,
  event: BusEvent,
): Promise<void> {
  await Promise.all(
    event.agencyIds.map(
      (agencyId) =>
        new Promise<void>((resolve) =>
          bus.emit({ topic: agencyTopic(config, agencyId), payload: event }, () => resolve()),
        ),
    ),
  );
}
