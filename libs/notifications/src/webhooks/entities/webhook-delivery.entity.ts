import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum WebhookDeliveryStatus {
  /** Being attempted, or waiting for its next attempt. */
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  /** Every attempt of its retry window failed (or its endpoint was disabled); `redeliverWebhook` tries again. */
  DEAD_LETTERED = 'DEAD_LETTERED',
}

/** One event for one endpoint: written by the worker's fan-out, attempted by DELIVER_WEBHOOK jobs. */
@Entity({ name: 'webhook_delivery' })
export class WebhookDeliveryEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'endpoint_id', type: 'uuid' })
  endpointId: string;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'event_type', type: 'varchar', length: 64 })
  eventType: string;

  /** The exact JSON sent by every attempt (so every signature is over the same bytes). */
  @Column({ type: 'text', select: false })
  body: string;

  @Column({ type: 'varchar', length: 16 })
  status: WebhookDeliveryStatus;

  /** Attempts made, over every round (redeliveries continue the numbering). */
  @Column({ type: 'integer' })
  attempts: number;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  @Column({ name: 'last_status_code', type: 'integer', nullable: true })
  lastStatusCode: number | null;

  @Column({ name: 'last_latency_ms', type: 'integer', nullable: true })
  lastLatencyMs: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Column({ name: 'dead_lettered_at', type: 'timestamptz', nullable: true })
  deadLetteredAt: Date | null;

  @Column({ type: 'integer' })
  redeliveries: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
