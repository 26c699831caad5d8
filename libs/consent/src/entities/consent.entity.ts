import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type Sector } from '@tsunagu/directory';
import { type ConsentMethod, type ConsentPurpose, type DataCategory } from '../dto/enums.js';

/** A consent as recorded; never updated or deleted (enforced by a trigger). Withdrawal is its own row. */
@Entity({ name: 'consent' })
export class ConsentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Column({ name: 'recipient_agency_id', type: 'uuid', nullable: true })
  recipientAgencyId: string | null;

  @Column({ name: 'recipient_sector', type: 'varchar', length: 32, nullable: true })
  recipientSector: Sector | null;

  @Column({ type: 'text', array: true })
  purposes: ConsentPurpose[];

  @Column({ name: 'data_categories', type: 'text', array: true })
  dataCategories: DataCategory[];

  @Column({ type: 'varchar', length: 16 })
  method: ConsentMethod;

  @Column({ name: 'evidence_ref', type: 'varchar', length: 200, nullable: true })
  evidenceRef: string | null;

  @Column({ name: 'obtained_at', type: 'timestamptz' })
  obtainedAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'recorded_by_agency_id', type: 'uuid' })
  recordedByAgencyId: string;

  @Column({ name: 'recorded_by_key_id', type: 'uuid', nullable: true })
  recordedByKeyId: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}

@Entity({ name: 'consent_withdrawal' })
export class ConsentWithdrawalEntity {
  @Column({ name: 'consent_id', type: 'uuid', primary: true })
  consentId: string;

  @Column({ name: 'withdrawn_at', type: 'timestamptz' })
  withdrawnAt: Date;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  reason: string | null;

  @Column({ name: 'recorded_by_agency_id', type: 'uuid' })
  recordedByAgencyId: string;

  @Column({ name: 'recorded_by_key_id', type: 'uuid', nullable: true })
  recordedByKeyId: string | null;
}
