import { type DataCategory, type LegalBasis } from '@tsunagu/consent';
import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import {
  type CaseConferenceStatus,
  type GoalTerm,
  type ParticipantKind,
  type SupportTiming,
  type UnmetReason,
} from './conference-enums.js';

/** A case conference (個別支援会議) about one person, convened by its lead agency (主担当). */
@Entity({ name: 'case_conference' })
export class CaseConferenceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Column({ name: 'lead_agency_id', type: 'uuid' })
  leadAgencyId: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ name: 'scheduled_at', type: 'timestamptz', precision: 3 })
  scheduledAt: Date;

  @Column({ type: 'varchar', length: 200, nullable: true })
  place: string | null;

  @Column({ type: 'boolean' })
  online: boolean;

  @Column({ type: 'varchar', length: 16 })
  status: CaseConferenceStatus;

  @Column({ name: 'legal_basis', type: 'varchar', length: 32 })
  legalBasis: LegalBasis;

  @Column({ name: 'meeting_id', type: 'uuid', nullable: true })
  meetingId: string | null;

  /** What of the person is shared with the participating agencies. */
  @Column({ name: 'data_categories', type: 'text', array: true })
  dataCategories: DataCategory[];

  @Column({ name: 'held_at', type: 'timestamptz', nullable: true })
  heldAt: Date | null;

  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true })
  recordedAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null;

  /** Set when RECORDED or CANCELLED: that time + CONFERENCE_ACCESS_PERIOD. After it, NOT_FOUND for everyone. */
  @Column({ name: 'access_until', type: 'timestamptz', nullable: true })
  accessUntil: Date | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A participating agency (the lead included). */
@Entity({ name: 'case_conference_agency' })
export class CaseConferenceAgencyEntity {
  @PrimaryColumn({ name: 'conference_id', type: 'uuid' })
  conferenceId: string;

  @PrimaryColumn({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @Column({ name: 'role_label', type: 'varchar', length: 100 })
  roleLabel: string;

  /** The consents the sharing with this agency relied on when it was added (none for the lead or a meeting). */
  @Column({ name: 'consent_ids', type: 'uuid', array: true })
  consentIds: string[];

  @Column({ name: 'added_at', type: 'timestamptz' })
  addedAt: Date;
}

/** A participant without an account: role and name only. */
@Entity({ name: 'case_conference_participant' })
export class CaseConferenceParticipantEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'conference_id', type: 'uuid' })
  conferenceId: string;

  @Column({ type: 'varchar', length: 32 })
  kind: ParticipantKind;

  @Column({ name: 'role_label', type: 'varchar', length: 100 })
  roleLabel: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'integer' })
  position: number;
}

/** ① information shared and ② the direction agreed, plus whether ⑤ was confirmed (append-only). */
@Entity({ name: 'case_conference_record' })
export class CaseConferenceRecordEntity {
  @PrimaryColumn({ name: 'conference_id', type: 'uuid' })
  conferenceId: string;

  @Column({ name: 'information_shared', type: 'text', nullable: true })
  informationShared: string | null;

  @Column({ name: 'shared_referral_ids', type: 'uuid', array: true })
  sharedReferralIds: string[];

  @Column({ name: 'hearing_sheet_shared', type: 'boolean' })
  hearingSheetShared: boolean;

  /** 本人の意向, in the person's own words. */
  @Column({ name: 'person_wish', type: 'text', nullable: true })
  personWish: string | null;

  @Column({ name: 'agreed_direction', type: 'text', nullable: true })
  agreedDirection: string | null;

  @Column({ name: 'unmet_confirmed', type: 'boolean' })
  unmetConfirmed: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** ③ a goal of the plan (append-only). */
@Entity({ name: 'case_conference_goal' })
export class CaseConferenceGoalEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'conference_id', type: 'uuid' })
  conferenceId: string;

  @Column({ type: 'varchar', length: 16 })
  term: GoalTerm;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'integer' })
  position: number;
}

/** ③ a support of the plan, now or needing time (append-only). */
@Entity({ name: 'case_conference_support' })
export class CaseConferenceSupportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'conference_id', type: 'uuid' })
  conferenceId: string;

  @Column({ type: 'varchar', length: 16 })
  timing: SupportTiming;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'integer' })
  position: number;
}

/** ④ a role assignment: who (an agency or an informal participant, at most one), what, by when (append-only). */
@Entity({ name: 'case_conference_assignment' })
export class CaseConferenceAssignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'conference_id', type: 'uuid' })
  conferenceId: string;

  @Column({ name: 'assignee_agency_id', type: 'uuid', nullable: true })
  assigneeAgencyId: string | null;

  @Column({ name: 'assignee_participant_id', type: 'uuid', nullable: true })
  assigneeParticipantId: string | null;

  @Column({ type: 'text' })
  description: string;

  /** A calendar date (YYYY-MM-DD). */
  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn: string | null;

  @Column({ type: 'integer' })
  position: number;
}

/** ⑤ something that cannot be done for the person now, written without personal data (append-only). */
@Entity({ name: 'case_conference_unmet_item' })
export class CaseConferenceUnmetItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'conference_id', type: 'uuid' })
  conferenceId: string;

  @Column({ name: 'need_category', type: 'varchar', length: 32 })
  needCategory: string;

  @Column({ name: 'municipality_code', type: 'char', length: 6 })
  municipalityCode: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'varchar', length: 16 })
  reason: UnmetReason;

  @Column({ type: 'integer' })
  position: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export const CONFERENCE_ENTITIES = [
  CaseConferenceEntity,
  CaseConferenceAgencyEntity,
  CaseConferenceParticipantEntity,
  CaseConferenceRecordEntity,
  CaseConferenceGoalEntity,
  CaseConferenceSupportEntity,
  CaseConferenceAssignmentEntity,
  CaseConferenceUnmetItemEntity,
];
