import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum WebhookAttemptState {
  /** Written before the POST; closed after it. One left by a crash is closed as FAILED by the next attempt. */
  SENDING = 'SENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}

/** One POST of a delivery, written before it is sent. A trigger lets it change only from SENDING, once, and never be deleted. */
@Entity({ name: 'webhook_attempt' })
export class WebhookAttemptEntity {
  @PrimaryColumn({ name: 'delivery_id', type: 'uuid' })
  deliveryId: string;

  @PrimaryColumn({ type: 'integer' })
  number: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'varchar', length: 16 })
  state: WebhookAttemptState;

  @Column({ type: 'boolean' })
  succeeded: boolean;

  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode: number | null;

  @Column({ name: 'latency_ms', type: 'integer' })
  latencyMs: number;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  error: string | null;
}
