import { type BusEvent } from '@tsunagu/platform';

/** The columns of an `outbox_event` row that make its bus event. */
export interface OutboxRow {
  id: string;
  type: string;
  agency_ids: string[];
  payload: Record<string, unknown>;
  occurred_at: Date;
}

/** The event of an outbox row, as the FAN_OUT_EVENT and SEND_EMAIL jobs carry it. */
export function toBusEvent(row: OutboxRow): BusEvent {
  return {
    id: row.id,
    type: row.type,
    agencyIds: row.agency_ids,
    payload: row.payload,
    occurredAt: row.occurred_at.toISOString(),
  };
}
