import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import {
  type CouncilBodyKind,
  type CouncilFunction,
  type CouncilKind,
  type CouncilRole,
  type RegionalIssueStage,
} from './council-enums.js';

/** A council (協議会) of an area, e.g. 中川区地域自立支援協議会. */
@Entity({ name: 'council' })
export class CouncilEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  kind: CouncilKind;

  @Column({ name: 'municipality_codes', type: 'char', length: 6, array: true })
  municipalityCodes: string[];

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'integer' })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity({ name: 'council_member' })
export class CouncilMemberEntity {
  @PrimaryColumn({ name: 'council_id', type: 'uuid' })
  councilId: string;

  @PrimaryColumn({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @Column({ type: 'varchar', length: 16 })
  role: CouncilRole;

  @Column({ name: 'joined_at', type: 'timestamptz' })
  joinedAt: Date;
}

/** A body of the council: 運営会議, 定例会, a 専門部会, 全体会. Dissolved bodies keep their successors. */
@Entity({ name: 'council_body' })
export class CouncilBodyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'council_id', type: 'uuid' })
  councilId: string;

  @Column({ type: 'varchar', length: 16 })
  kind: CouncilBodyKind;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'text', nullable: true })
  theme: string | null;

  /** A calendar date (YYYY-MM-DD). */
  @Column({ name: 'established_on', type: 'date' })
  establishedOn: string;

  @Column({ name: 'dissolved_on', type: 'date', nullable: true })
  dissolvedOn: string | null;

  @Column({ name: 'successor_body_ids', type: 'uuid', array: true })
  successorBodyIds: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity({ name: 'council_meeting' })
export class CouncilMeetingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'council_id', type: 'uuid' })
  councilId: string;

  @Column({ name: 'body_id', type: 'uuid' })
  bodyId: string;

  /** A calendar date (YYYY-MM-DD). */
  @Column({ name: 'held_on', type: 'date' })
  heldOn: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  place: string | null;

  @Column({ name: 'created_by_agency_id', type: 'uuid' })
  createdByAgencyId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A regional issue (地域課題): what individual support could not solve, carried through the council. */
@Entity({ name: 'regional_issue' })
export class RegionalIssueEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'council_id', type: 'uuid' })
  councilId: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'need_categories', type: 'varchar', length: 32, array: true })
  needCategories: string[];

  @Column({ name: 'municipality_codes', type: 'char', length: 6, array: true })
  municipalityCodes: string[];

  @Column({ type: 'varchar', length: 16 })
  function: CouncilFunction;

  @Column({ type: 'varchar', length: 24 })
  stage: RegionalIssueStage;

  @Column({ name: 'body_id', type: 'uuid', nullable: true })
  bodyId: string | null;

  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  @Column({ name: 'closed_reason', type: 'text', nullable: true })
  closedReason: string | null;

  @Column({ name: 'raised_by_agency_id', type: 'uuid' })
  raisedByAgencyId: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'raised_at', type: 'timestamptz' })
  raisedAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One move of an issue (append-only, enforced by a trigger). */
@Entity({ name: 'regional_issue_move' })
export class RegionalIssueMoveEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'issue_id', type: 'uuid' })
  issueId: string;

  @Column({ name: 'from_stage', type: 'varchar', length: 24, nullable: true })
  fromStage: RegionalIssueStage | null;

  @Column({ name: 'to_stage', type: 'varchar', length: 24 })
  toStage: RegionalIssueStage;

  @Column({ name: 'body_id', type: 'uuid', nullable: true })
  bodyId: string | null;

  @Column({ name: 'meeting_id', type: 'uuid', nullable: true })
  meetingId: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'moved_by_agency_id', type: 'uuid' })
  movedByAgencyId: string;

  @Column({ name: 'moved_at', type: 'timestamptz' })
  movedAt: Date;
}

/** A piece of evidence of an issue: an unmet item or a declined referral (append-only; never shown, only counted). */
@Entity({ name: 'regional_issue_evidence' })
export class RegionalIssueEvidenceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'issue_id', type: 'uuid' })
  issueId: string;

  @Column({ name: 'unmet_item_id', type: 'uuid', nullable: true })
  unmetItemId: string | null;

  @Column({ name: 'referral_id', type: 'uuid', nullable: true })
  referralId: string | null;

  @Column({ name: 'via_issue_id', type: 'uuid', nullable: true })
  viaIssueId: string | null;

  @Column({ name: 'linked_by_agency_id', type: 'uuid' })
  linkedByAgencyId: string;

  @Column({ name: 'linked_at', type: 'timestamptz' })
  linkedAt: Date;
}

export const COUNCIL_ENTITIES = [
  CouncilEntity,
  CouncilMemberEntity,
  CouncilBodyEntity,
  CouncilMeetingEntity,
  RegionalIssueEntity,
  RegionalIssueMoveEntity,
  RegionalIssueEvidenceEntity,
];
