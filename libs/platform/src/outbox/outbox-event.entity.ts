import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An event waiting to be (or already) relayed to the notification queue. Its id is the event id partners see. */
@Entity({ name: 'outbox_event' })
export class OutboxEventEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ name: 'aggregate_id', type: 'uuid' })
  aggregateId: string;

  /** The agencies the event concerns: only they are told. */
  @Column({ name: 'agency_ids', type: 'uuid', array: true })
  agencyIds: string[];

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'relayed_at', type: 'timestamptz', nullable: true })
  relayedAt: Date | null;
}
