import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

import { type GoalTerm, type SupportTiming } from '../../conferences/conference-enums.js';

export interface PlanGoalFacts {
  term: GoalTerm;
  text: string;
}

export interface PlanSupportFacts {
  timing: SupportTiming;
  text: string;
}

/** A person's shared support plan (one per person), revised by each recorded case conference. */
@Entity({ name: 'support_plan' })
export class SupportPlanEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  /** The lead agency (主担当) of the latest recorded conference. */
  @Column({ name: 'lead_agency_id', type: 'uuid' })
  leadAgencyId: string;

  @Column({ name: 'current_version', type: 'int' })
  currentVersion: number;

  /** The next review (モニタリング), YYYY-MM-DD. */
  @Column({ name: 'next_review_on', type: 'date', nullable: true })
  nextReviewOn: string | null;

  /** The review date whose passing the lead was reminded of (the review clock's bookkeeping). */
  @Column({ name: 'review_reminded_on', type: 'date', nullable: true })
  reviewRemindedOn: string | null;

  @Column({ type: 'int' })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One version of a plan, as a recorded conference left it (append-only). */
@Entity({ name: 'support_plan_version' })
export class SupportPlanVersionEntity {
  @PrimaryColumn({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @PrimaryColumn({ type: 'int' })
  version: number;

  @Column({ name: 'conference_id', type: 'uuid' })
  conferenceId: string;

  @Column({ name: 'lead_agency_id', type: 'uuid' })
  leadAgencyId: string;

  /** 本人の意向, in the person's own words. */
  @Column({ name: 'person_wish', type: 'text', nullable: true })
  personWish: string | null;

  @Column({ name: 'agreed_direction', type: 'text', nullable: true })
  agreedDirection: string | null;

  @Column({ type: 'jsonb' })
  goals: PlanGoalFacts[];

  @Column({ type: 'jsonb' })
  supports: PlanSupportFacts[];

  @Column({ name: 'next_review_on', type: 'date', nullable: true })
  nextReviewOn: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
