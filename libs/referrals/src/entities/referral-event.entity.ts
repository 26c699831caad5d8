import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type ReferralStatus } from '../dto/enums.js';

export enum ReferralEventType {
  CREATED = 'CREATED',
  ROUTED = 'ROUTED',
  SENT = 'SENT',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  STARTED = 'STARTED',
  HELD = 'HELD',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
  FORWARDED = 'FORWARDED',
  CONSENT_WITHDRAWN = 'CONSENT_WITHDRAWN',
  /** A due time is near (the worker's clock; the note names the clock). */
  DUE_SOON = 'DUE_SOON',
  /** A due time passed unmet (the worker's clock; the note names the clock). */
  OVERDUE = 'OVERDUE',
  /** An overdue referral was escalated to the hub coordinators of the recipient's area. */
  ESCALATED = 'ESCALATED',
  /** A consent the referral relies on reached its expiry (the worker's clock; the note names the consent). */
  CONSENT_EXPIRED = 'CONSENT_EXPIRED',
}

/** One step in a referral's history; append-only (enforced by a trigger). */
@Entity({ name: 'referral_event' })
export class ReferralEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'referral_id', type: 'uuid' })
  referralId: string;

  @Column({ type: 'varchar', length: 32 })
  type: ReferralEventType;

  @Column({ name: 'from_status', type: 'varchar', length: 16, nullable: true })
  fromStatus: ReferralStatus | null;

  @Column({ name: 'to_status', type: 'varchar', length: 16, nullable: true })
  toStatus: ReferralStatus | null;

  @Column({ name: 'actor_agency_id', type: 'uuid', nullable: true })
  actorAgencyId: string | null;

  @Column({ name: 'actor_key_id', type: 'uuid', nullable: true })
  actorKeyId: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;
}

@Entity({ name: 'referral_message' })
export class ReferralMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'referral_id', type: 'uuid' })
  referralId: string;

  @Column({ name: 'from_agency_id', type: 'uuid' })
  fromAgencyId: string;

  @Column({ name: 'author_key_id', type: 'uuid', nullable: true })
  authorKeyId: string | null;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;
}
