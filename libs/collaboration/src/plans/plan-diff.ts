import { type PlanGoalFacts, type PlanSupportFacts } from './entities/support-plan.entity.js';

export interface PlanVersionFacts {
  personWish: string | null;
  agreedDirection: string | null;
  goals: PlanGoalFacts[];
  supports: PlanSupportFacts[];
}

/** What a plan version changed against the one before it (goals and supports compared by term/timing and text). */
export interface PlanDiffFacts {
  goalsAdded: PlanGoalFacts[];
  goalsRemoved: PlanGoalFacts[];
  supportsAdded: PlanSupportFacts[];
  supportsRemoved: PlanSupportFacts[];
  personWishChanged: boolean;
  agreedDirectionChanged: boolean;
}

const goalKey = (goal: PlanGoalFacts) => `${goal.term}\u0000${goal.text.trim()}`;
const supportKey = (support: PlanSupportFacts) => `${support.timing}\u0000${support.text.trim()}`;

function added<T>(before: readonly T[], after: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set(before.map(key));
  return after.filter((item) => !seen.has(key(item)));
}

/** The first version (no `previous`) adds everything it has. */
export function diffPlanVersions(previous: PlanVersionFacts | null, current: PlanVersionFacts): PlanDiffFacts {
  const before: PlanVersionFacts = previous ?? { personWish: null, agreedDirection: null, goals: [], supports: [] };
  return {
    goalsAdded: added(before.goals, current.goals, goalKey),
    goalsRemoved: added(current.goals, before.goals, goalKey),
    supportsAdded: added(before.supports, current.supports, supportKey),
    supportsRemoved: added(current.supports, before.supports, supportKey),
    personWishChanged: (before.personWish ?? '') !== (current.personWish ?? ''),
    agreedDirectionChanged: (before.agreedDirection ?? '') !== (current.agreedDirection ?? ''),
  };
}
