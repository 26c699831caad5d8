/**
 * The shared support plan (支援計画, docs/collaboration.md) as a FHIR R4 CarePlan (docs/fhir.md, "CarePlan"):
 * read through SupportPlansService with the caller of the request, so the visibility, masking and audit are
 * those of the GraphQL `supportPlan` and `supportTasks`.
 */
import { Injectable } from '@nestjs/common';
import {
  SupportPlanEntity,
  SupportPlansService,
  SupportTaskStatus,
  type SupportPlan,
  type SupportTask,
} from '@tsunagu/collaboration';
import { BadUserInputError, NotFoundError, pageRequest, type AuthContext } from '@tsunagu/platform';
import { DataSource } from 'typeorm';
import { assertKnownParams, referenceId, requireId, searchset, type SearchQuery } from './fhir-search.js';
import { concept, ref, type FhirResource, type Reference } from './fhir-types.js';

/** The code systems of the plan's own codes (the hub's, not a published terminology). */
export const CARE_PLAN_SYSTEMS = {
  goalTerm: 'https://tsunagu.example/fhir/CodeSystem/goal-term',
  supportTiming: 'https://tsunagu.example/fhir/CodeSystem/support-timing',
  taskId: 'https://tsunagu.example/fhir/support-task-id',
} as const;

const TASK_STATUS: Record<SupportTaskStatus, string> = {
  [SupportTaskStatus.OPEN]: 'in-progress',
  [SupportTaskStatus.DONE]: 'completed',
  [SupportTaskStatus.DROPPED]: 'cancelled',
};

function performerOf(task: SupportTask): Reference[] {
  if (task.ownerAgencyId) return [ref('Organization', task.ownerAgencyId)];
  if (task.ownerLabel) return [{ display: task.ownerLabel }];
  return [];
}

/** One support task as a CarePlan activity: what, who, by when, and how it ended. */
export function activityOf(task: SupportTask): Record<string, unknown> {
  const performer = performerOf(task);
  return {
    detail: {
      kind: 'Task',
      code: { coding: [{ system: CARE_PLAN_SYSTEMS.taskId, code: task.id }], text: task.description },
      status: TASK_STATUS[task.status],
      ...(task.status === SupportTaskStatus.DROPPED && task.dropReason
        ? { statusReason: { text: task.dropReason } }
        : {}),
      ...(performer.length ? { performer } : {}),
      ...(task.dueOn ? { scheduledPeriod: { end: task.dueOn } } : {}),
      description: task.description,
    },
  };
}

/**
 * The plan as a CarePlan: its current version's goals as contained Goal resources, the person's wish and the
 * supports as notes, the agreed direction as the description, the next review date as `period.end` and the
 * tasks as activities.
 */
export function carePlanOf(plan: SupportPlan, tasks: readonly SupportTask[]): FhirResource {
  const current = plan.current;
  const goals = current.goals.map((goal, index) => ({
    resourceType: 'Goal',
    id: `goal-${index + 1}`,
    lifecycleStatus: 'active',
    category: [concept(CARE_PLAN_SYSTEMS.goalTerm, goal.term)],
    description: { text: goal.text },
    subject: ref('Patient', plan.personId),
  }));
  const notes = [
    ...(current.personWish ? [{ text: `本人の意向 (person's wish): ${current.personWish}` }] : []),
    ...current.supports.map((support) => ({ text: `支援内容 (support, ${support.timing}): ${support.text}` })),
  ];
  const activities = tasks.map(activityOf);
  return {
    resourceType: 'CarePlan',
    id: plan.id,
    meta: { versionId: String(plan.version), lastUpdated: plan.updatedAt.toISOString() },
    ...(goals.length ? { contained: goals } : {}),
    status: 'active',
    intent: 'plan',
    title: '支援計画',
    ...(current.agreedDirection ? { description: current.agreedDirection } : {}),
    subject: ref('Patient', plan.personId),
    period: {
      start: plan.createdAt.toISOString(),
      ...(plan.nextReviewOn ? { end: plan.nextReviewOn } : {}),
    },
    created: plan.createdAt.toISOString(),
    author: ref('Organization', plan.leadAgencyId),
    ...(goals.length ? { goal: goals.map((goal) => ({ reference: `#${goal.id}` })) } : {}),
    ...(activities.length ? { activity: activities } : {}),
    ...(notes.length ? { note: notes } : {}),
  };
}

@Injectable()
export class FhirCarePlanService {
  constructor(
    private readonly plans: SupportPlansService,
    private readonly dataSource: DataSource,
  ) {}

  /** The plan and all its tasks as the caller may see them; NOT_FOUND as for GraphQL `supportPlan`. */
  private async carePlanOfPerson(caller: AuthContext, personId: string): Promise<FhirResource> {
    const plan = await this.plans.plan(caller, personId);
    const tasks: SupportTask[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await this.plans.tasks(caller, { personId }, pageRequest(100, after, 100));
      tasks.push(...page.edges.map((edge) => edge.node));
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
      after = page.pageInfo.endCursor;
    }
    return carePlanOf(plan, tasks);
  }

  async read(caller: AuthContext, id: string): Promise<FhirResource> {
    const planId = requireId('CarePlan', id);
    const row = await this.dataSource
      .getRepository(SupportPlanEntity)
      .findOne({ where: { id: planId }, select: { id: true, personId: true } });
    if (!row) throw new NotFoundError('CarePlan');
    try {
      return await this.carePlanOfPerson(caller, row.personId);
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError('CarePlan');
      throw error;
    }
  }

  /** `CarePlan?subject=Patient/<id>` (or `patient=`): the person's one plan, or none. */
  async search(caller: AuthContext, base: string, query: SearchQuery): Promise<FhirResource> {
    assertKnownParams(query, ['subject', 'patient']);
    const subject = referenceId(query, 'subject', 'Patient');
    const patient = referenceId(query, 'patient', 'Patient');
    if (subject === undefined && patient === undefined) {
      throw new BadUserInputError('subject', 'CarePlan searches need subject=Patient/<id> (or patient)');
    }
    const personId = subject === undefined ? patient : subject;
    let resource: FhirResource | null = null;
    if (personId && (patient === undefined || subject === undefined || subject === patient)) {
      try {
        resource = await this.carePlanOfPerson(caller, personId);
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
    const entries = resource ? [{ resource, mode: 'match' as const }] : [];
    return searchset(base, 'CarePlan', query, entries, null, entries.length);
  }
}
