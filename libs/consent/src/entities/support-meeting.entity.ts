import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { type LegalBasis } from '../dto/enums.js';

/** A 支援会議 or 要保護児童対策地域協議会: sharing among its members needs no consent, within its law. */
@Entity({ name: 'support_meeting' })
export class SupportMeetingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32 })
  kind: LegalBasis.SUPPORT_MEETING | LegalBasis.CHILD_PROTECTION_COUNCIL;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'municipality_code', type: 'char', length: 6 })
  municipalityCode: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity({ name: 'support_meeting_member' })
export class SupportMeetingMemberEntity {
  @PrimaryColumn({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @PrimaryColumn({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @CreateDateColumn({ name: 'joined_at', type: 'timestamptz' })
  joinedAt: Date;
}
