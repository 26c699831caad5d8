import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum SupportTaskStatus {
  OPEN = 'OPEN',
  DONE = 'DONE',
  DROPPED = 'DROPPED',
}

/** A role assignment of a recorded conference (who, what, by when), followed up as a task. */
@Entity({ name: 'support_task' })
export class SupportTaskEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Column({ name: 'conference_id', type: 'uuid' })
  conferenceId: string;

  @Column({ name: 'assignment_id', type: 'uuid' })
  assignmentId: string;

  @Column({ name: 'owner_agency_id', type: 'uuid', nullable: true })
  ownerAgencyId: string | null;

  @Column({ name: 'owner_participant_id', type: 'uuid', nullable: true })
  ownerParticipantId: string | null;

  /** An informal owner's role and name, e.g. `民生委員 佐藤`. */
  @Column({ name: 'owner_label', type: 'varchar', length: 210, nullable: true })
  ownerLabel: string | null;

  @Column({ type: 'text' })
  description: string;

  /** The last day (YYYY-MM-DD). */
  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn: string | null;

  /** The assignment's place in its conference's record. */
  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'varchar', length: 16 })
  status: SupportTaskStatus;

  @Column({ name: 'drop_reason', type: 'text', nullable: true })
  dropReason: string | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'reminded_at', type: 'timestamptz', nullable: true })
  remindedAt: Date | null;

  @Column({ name: 'overdue_at', type: 'timestamptz', nullable: true })
  overdueAt: Date | null;

  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt: Date | null;

  @Column({ type: 'int' })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
