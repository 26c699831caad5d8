import { type EntityManager } from 'typeorm';

/**
 * Revises a person's shared support plan from a conference that has just been recorded, in the recording's
 * transaction: a new plan version from the record's goals and supports, and tasks from its role assignments.
 * Implemented by the support-plan module; the conference module calls it when a conference becomes RECORDED.
 */
export interface PlanReviser {
  reviseFromConference(manager: EntityManager, conferenceId: string, now: Date): Promise<void>;
}

export const PLAN_REVISER = Symbol('PLAN_REVISER');
