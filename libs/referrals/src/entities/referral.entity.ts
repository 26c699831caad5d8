import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { type DataCategory, type LegalBasis } from '@tsunagu/consent';
import { type Urgency } from '@tsunagu/directory';
import { type DeclineReason, type ReferralStatus } from '../dto/enums.js';

@Entity({ name: 'referral' })
export class ReferralEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'from_agency_id', type: 'uuid' })
  fromAgencyId: string;

  @Column({ name: 'to_agency_id', type: 'uuid' })
  toAgencyId: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Column({ type: 'varchar', length: 16 })
  status: ReferralStatus;

  @Column({ type: 'varchar', length: 16 })
  urgency: Urgency;

  @Column({ name: 'need_categories', type: 'text', array: true })
  needCategories: string[];

  @Column({ type: 'text' })
  summary: string;

  @Column({ name: 'shared_categories', type: 'text', array: true })
  sharedCategories: DataCategory[];

  @Column({ name: 'legal_basis', type: 'varchar', length: 32 })
  legalBasis: LegalBasis;

  @Column({ name: 'meeting_id', type: 'uuid', nullable: true })
  meetingId: string | null;

  @Column({ type: 'text', nullable: true })
  justification: string | null;

  @Column({ name: 'review_required', type: 'boolean', default: false })
  reviewRequired: boolean;

  /** The consents relied on when the referral was sent. */
  @Column({ name: 'consent_ids', type: 'uuid', array: true, default: () => "'{}'" })
  consentIds: string[];

  /** Why the hub chose the recipient, when the sender named a sector. */
  @Column({ name: 'routing_note', type: 'text', nullable: true })
  routingNote: string | null;

  @Column({ name: 'decline_reason', type: 'varchar', length: 32, nullable: true })
  declineReason: DeclineReason | null;

  @Column({ type: 'text', nullable: true })
  outcome: string | null;

  /** The reason given on cancellation or failure. */
  @Column({ name: 'close_reason', type: 'text', nullable: true })
  closeReason: string | null;

  @Column({ name: 'forwarded_from_id', type: 'uuid', nullable: true })
  forwardedFromId: string | null;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 200, nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'request_hash', type: 'char', length: 64, nullable: true, select: false })
  requestHash: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'acknowledge_due_at', type: 'timestamptz', nullable: true })
  acknowledgeDueAt: Date | null;

  @Column({ name: 'decision_due_at', type: 'timestamptz', nullable: true })
  decisionDueAt: Date | null;

  /** When the recipient was reminded that acknowledgement is due soon (set once, by the worker's clock). */
  @Column({ name: 'acknowledge_reminded_at', type: 'timestamptz', nullable: true })
  acknowledgeRemindedAt: Date | null;

  /** When the acknowledgement due time passed unmet (set once, by the worker's clock). */
  @Column({ name: 'acknowledge_breached_at', type: 'timestamptz', nullable: true })
  acknowledgeBreachedAt: Date | null;

  /** When the recipient was reminded that the decision is due soon (set once, by the worker's clock). */
  @Column({ name: 'decision_reminded_at', type: 'timestamptz', nullable: true })
  decisionRemindedAt: Date | null;

  /** When the decision due time passed unmet (set once, by the worker's clock). */
  @Column({ name: 'decision_breached_at', type: 'timestamptz', nullable: true })
  decisionBreachedAt: Date | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
