import { type EntityManager } from 'typeorm';
import { type QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { OutboxEventEntity } from './outbox-event.entity.js';

export interface OutboxEvent {
  /** Stable: receivers deduplicate on it. */
  id: string;
  type: string;
  aggregateId: string;
  agencyIds: string[];
  /** What partners receive: identifiers and statuses, never a person's data. */
  payload: Record<string, unknown>;
  occurredAt: Date;
}

/** Writes events to the outbox inside the caller's transaction, so they exist exactly when the change does. */
export async function appendToOutbox(manager: EntityManager, events: readonly OutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((event) => ({ ...event, agencyIds: [...new Set(event.agencyIds)] }));
  // TypeORM's deep-partial type does not accept an open JSON object; the column is jsonb.
  await manager.insert(OutboxEventEntity, rows as QueryDeepPartialEntity<OutboxEventEntity>[]);
}
