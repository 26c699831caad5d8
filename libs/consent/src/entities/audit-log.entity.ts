import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum AuditAction {
  PERSON_REGISTERED = 'PERSON_REGISTERED',
  PERSON_READ = 'PERSON_READ',
  CONSENT_RECORDED = 'CONSENT_RECORDED',
  CONSENT_WITHDRAWN = 'CONSENT_WITHDRAWN',
  DATA_SHARED = 'DATA_SHARED',
  /** Free text about the person (a referral's summary, notes, messages) shown to an agency. */
  FREE_TEXT_READ = 'FREE_TEXT_READ',
}

/** Append-only (enforced by triggers): who saw or changed what of a person, when, and on which basis. */
@Entity({ name: 'audit_log' })
export class AuditLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'varchar', length: 32 })
  action: AuditAction;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Column({ name: 'agency_id', type: 'uuid', nullable: true })
  agencyId: string | null;

  @Column({ name: 'key_id', type: 'uuid', nullable: true })
  keyId: string | null;

  /** The staff member, when the read or change came through a console session. */
  @Column({ name: 'staff_id', type: 'uuid', nullable: true })
  staffId: string | null;

  @Column({ type: 'text', array: true })
  categories: string[];

  @Column({ type: 'jsonb' })
  basis: unknown;

  @Column({ type: 'varchar', length: 100, nullable: true })
  operation: string | null;

  @Column({ name: 'referral_id', type: 'uuid', nullable: true })
  referralId: string | null;

  @Column({ name: 'consent_id', type: 'uuid', nullable: true })
  consentId: string | null;
}
