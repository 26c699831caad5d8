import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AuditAction, AuditService, DataCategory, DisclosureService, type DisclosureBasis } from '@tsunagu/consent';
import {
  appendToOutbox,
  BadUserInputError,
  Clock,
  ConflictError,
  cursorAfter,
  DomainError,
  ErrorCode,
  ForbiddenError,
  NotFoundError,
  runTransaction,
  toConnection,
  type AuthContext,
  type Connection,
  type OutboxEvent,
  type PageRequest,
} from '@tsunagu/platform';
import { Repository, type EntityManager } from 'typeorm';
import { type PlanReviser } from '../shared/plan-reviser.js';
import {
  type SupportPlan,
  type SupportPlanVersion,
  type SupportTask,
  type SupportTaskFilter,
} from './dto/support-plan.model.js';
import {
  SupportPlanEntity,
  SupportPlanVersionEntity,
  SupportTaskEntity,
  SupportTaskStatus,
  type PlanGoalFacts,
  type PlanSupportFacts,
} from './entities/index.js';
import { diffPlanVersions } from './plan-diff.js';
import { isTaskOverdue, todayJst } from './task-timing.js';

/** The data category the plan and its tasks are read under: they are notes about the person's support. */
const PLAN_CATEGORY = DataCategory.CASE_NOTES;

interface ConferenceRow {
  id: string;
  person_id: string;
  lead_agency_id: string;
  person_wish: string | null;
  agreed_direction: string | null;
}

interface AssignmentRow {
  id: string;
  position: number;
  assignee_agency_id: string | null;
  assignee_participant_id: string | null;
  description: string;
  due_on: string | null;
  role_label: string | null;
  name: string | null;
}

/** Who the caller is to a plan: a viewer of the person's CASE_NOTES (with the basis), its lead, or neither. */
interface PlanAccess {
  basis: DisclosureBasis[] | null;
  lead: boolean;
}

/**
 * The shared support plan (one per person) and its tasks. A recorded conference revises the plan
 * (`reviseFromConference`, in the recording's transaction); agencies then complete or drop their tasks and the
 * lead sets the next review. Reads follow the person's disclosure rules: the plan and all tasks are visible to
 * agencies that may see the person's CASE_NOTES now (audited); an owner agency always sees its own tasks
 * (audited as the owner's read). Everyone else gets NOT_FOUND.
 */
@Injectable()
export class SupportPlansService implements PlanReviser {
  constructor(
    @InjectRepository(SupportPlanEntity) private readonly plans: Repository<SupportPlanEntity>,
    private readonly disclosure: DisclosureService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async reviseFromConference(manager: EntityManager, conferenceId: string, now: Date): Promise<void> {
    const [conference] = await manager.query<ConferenceRow[]>(
      `SELECT c."id", c."person_id", c."lead_agency_id", r."person_wish", r."agreed_direction"
         FROM "case_conference" c LEFT JOIN "case_conference_record" r ON r."conference_id" = c."id"
        WHERE c."id" = $1`,
      [conferenceId],
    );
    if (!conference) throw new NotFoundError('CaseConference', { id: conferenceId });
    const goals = await manager.query<PlanGoalFacts[]>(
      `SELECT "term", "text" FROM "case_conference_goal" WHERE "conference_id" = $1 ORDER BY "position", "id"`,
      [conferenceId],
    );
    const supports = await manager.query<PlanSupportFacts[]>(
      `SELECT "timing", "text" FROM "case_conference_support" WHERE "conference_id" = $1 ORDER BY "position", "id"`,
      [conferenceId],
    );
    const assignments = await manager.query<AssignmentRow[]>(
      `SELECT a."id", a."position", a."assignee_agency_id", a."assignee_participant_id", a."description", a."due_on"::text AS "due_on",
              p."role_label", p."name"
         FROM "case_conference_assignment" a
         LEFT JOIN "case_conference_participant" p ON p."id" = a."assignee_participant_id"
        WHERE a."conference_id" = $1 ORDER BY a."position", a."id"`,
      [conferenceId],
    );
    const participants = await manager.query<{ agency_id: string }[]>(
      `SELECT "agency_id" FROM "case_conference_agency" WHERE "conference_id" = $1 ORDER BY "agency_id"`,
      [conferenceId],
    );
    const lead = conference.lead_agency_id;

    const created = await manager.query<{ id: string; next_review_on: string | null }[]>(
      `INSERT INTO "support_plan" ("person_id", "lead_agency_id", "current_version", "version", "created_at", "updated_at")
       VALUES ($1, $2, 1, 1, $3, $3) ON CONFLICT ("person_id") DO NOTHING
       RETURNING "id", "next_review_on"::text AS "next_review_on"`,
      [conference.person_id, lead, now],
    );
    let planId: string;
    let planVersion = 1;
    let nextReviewOn: string | null = null;
    if (created.length === 1) {
      planId = created[0].id;
    } else {
      const [plan] = await manager.query<{ id: string; current_version: number; next_review_on: string | null }[]>(
        `SELECT "id", "current_version", "next_review_on"::text AS "next_review_on"
           FROM "support_plan" WHERE "person_id" = $1 FOR UPDATE`,
        [conference.person_id],
      );
      planId = plan.id;
      nextReviewOn = plan.next_review_on;
      const [done] = await manager.query<unknown[]>(
        `SELECT 1 FROM "support_plan_version" WHERE "plan_id" = $1 AND "conference_id" = $2`,
        [planId, conferenceId],
      );
      // The same conference again (a retried recording): the plan already has its version.
      if (done) return;
      planVersion = plan.current_version + 1;
      await manager.query(
        `UPDATE "support_plan" SET "current_version" = $2, "lead_agency_id" = $3, "version" = "version" + 1,
                "updated_at" = $4 WHERE "id" = $1`,
        [planId, planVersion, lead, now],
      );
    }
    await manager.insert(SupportPlanVersionEntity, {
      planId,
      version: planVersion,
      conferenceId,
      leadAgencyId: lead,
      personWish: conference.person_wish,
      agreedDirection: conference.agreed_direction,
      goals: goals.map(({ term, text }) => ({ term, text })),
      supports: supports.map(({ timing, text }) => ({ timing, text })),
      nextReviewOn,
      createdAt: now,
    });

    const events: OutboxEvent[] = [];
    for (const assignment of assignments) {
      const ownerLabel = assignment.assignee_participant_id
        ? [assignment.role_label, assignment.name].filter(Boolean).join(' ') || null
        : null;
      const [task] = await manager.query<{ id: string }[]>(
        `INSERT INTO "support_task" ("plan_id", "person_id", "conference_id", "assignment_id", "owner_agency_id",
                "owner_participant_id", "owner_label", "description", "due_on", "position", "status", "version",
                "created_at", "updated_at")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $11, 'OPEN', 1, $10, $10)
         ON CONFLICT ("assignment_id") DO NOTHING RETURNING "id"`,
        [
          planId,
          conference.person_id,
          conferenceId,
          assignment.id,
          assignment.assignee_agency_id,
          assignment.assignee_participant_id,
          ownerLabel,
          assignment.description,
          assignment.due_on,
          now,
          assignment.position,
        ],
      );
      if (!task) continue;
      events.push(
        taskEvent('task.assigned', {
          taskId: task.id,
          planId,
          personId: conference.person_id,
          conferenceId,
          ownerAgencyId: assignment.assignee_agency_id,
          leadAgencyId: lead,
          dueOn: assignment.due_on,
          at: now,
        }),
      );
    }
    const id = randomUUID();
    events.push({
      id,
      type: 'plan.revised',
      aggregateId: planId,
      agencyIds: unique([lead, ...participants.map((row) => row.agency_id)]),
      payload: {
        eventId: id,
        type: 'plan.revised',
        planId,
        personId: conference.person_id,
        conferenceId,
        leadAgencyId: lead,
        planVersion,
        nextReviewOn,
        at: now.toISOString(),
      },
      occurredAt: now,
    });
    await appendToOutbox(manager, events);
  }

  /** The person's plan with every version and its diff; NOT_FOUND for an agency that may not see it. */
  async plan(caller: AuthContext, personId: string): Promise<SupportPlan> {
    const now = this.clock.now();
    const manager = this.plans.manager;
    const plan = await manager.findOne(SupportPlanEntity, { where: { personId } });
    const access = plan && caller.agencyId ? await this.access(manager, caller.agencyId, plan, now) : null;
    if (!plan || !access?.basis) throw new NotFoundError('SupportPlan', { personId });
    const versions = await manager.find(SupportPlanVersionEntity, {
      where: { planId: plan.id },
      order: { version: 'ASC' },
    });
    await this.audit.record([
      {
        action: AuditAction.PERSON_READ,
        personId,
        caller,
        categories: [PLAN_CATEGORY],
        basis: access.basis,
        operation: 'supportPlan',
        at: now,
      },
    ]);
    const models: SupportPlanVersion[] = versions.map((version, index) => ({
      version: version.version,
      conferenceId: version.conferenceId,
      leadAgencyId: version.leadAgencyId,
      personWish: version.personWish,
      agreedDirection: version.agreedDirection,
      goals: version.goals,
      supports: version.supports,
      nextReviewOn: version.nextReviewOn,
      diff: diffPlanVersions(index === 0 ? null : versions[index - 1], version),
      createdAt: version.createdAt,
    }));
    return {
      id: plan.id,
      personId: plan.personId,
      leadAgencyId: plan.leadAgencyId,
      currentVersion: plan.currentVersion,
      nextReviewOn: plan.nextReviewOn,
      version: plan.version,
      current: models[models.length - 1],
      versions: models,
      createdAt: plan.createdAt,
      updatedAt: plan.updatedAt,
    };
  }

  /**
   * Tasks, oldest first (a conference's in the order of its record): with `personId`, the person's tasks (all for a viewer of the plan, else the caller's
   * own); without, the caller's own tasks across persons. Each person whose tasks are returned is audited.
   */
  async tasks(
    caller: AuthContext,
    filter: SupportTaskFilter | null | undefined,
    page: PageRequest,
  ): Promise<Connection<SupportTask>> {
    const now = this.clock.now();
    const agencyId = caller.agencyId;
    const manager = this.plans.manager;
    const query = manager.createQueryBuilder(SupportTaskEntity, 'task');
    let basis: DisclosureBasis[] | null = null;
    if (!agencyId) {
      query.where('FALSE');
    } else if (filter?.personId) {
      const plan = await manager.findOne(SupportPlanEntity, { where: { personId: filter.personId } });
      basis = plan ? (await this.access(manager, agencyId, plan, now)).basis : null;
      query.where('task.person_id = :personId', { personId: filter.personId });
      if (!basis) query.andWhere('task.owner_agency_id = :agencyId', { agencyId });
    } else {
      query.where('task.owner_agency_id = :agencyId', { agencyId });
    }
    if (filter?.status?.length) query.andWhere('task.status IN (:...statuses)', { statuses: filter.status });
    if (filter?.overdue != null) {
      const overdue = `(task.status = 'OPEN' AND task.due_on IS NOT NULL
        AND ((task.due_on + 1)::timestamp AT TIME ZONE 'Asia/Tokyo') <= :now)`;
      query.andWhere(filter.overdue ? overdue : `NOT ${overdue}`, { now });
    }
    const totalCount = await query.getCount();
    const after = cursorAfter(page, ['timestamp', 'bigint', 'uuid']);
    if (after) {
      const [createdAt, position, id] = after;
      query.andWhere('(task.created_at, task.position, task.id) > (:createdAt, :position, :id)', {
        createdAt: new Date(createdAt),
        position: Number(position),
        id,
      });
    }
    const rows = await query
      .orderBy('task.created_at', 'ASC')
      .addOrderBy('task.position', 'ASC')
      .addOrderBy('task.id', 'ASC')
      .take(page.limit + 1)
      .getMany();
    const shown = rows.slice(0, page.limit);
    const persons = unique(shown.map((row) => row.personId));
    await this.audit.record(
      persons.map((personId) => ({
        action: AuditAction.PERSON_READ,
        personId,
        caller,
        categories: [PLAN_CATEGORY],
        basis: basis ?? [{ kind: 'TASK_OWNER' }],
        operation: 'supportTasks',
        at: now,
      })),
    );
    return toConnection(
      rows.map((row) => this.toModel(row, now, basis !== null)),
      page,
      totalCount,
      (row) => [row.createdAt.toISOString(), String(row.position), row.id],
    );
  }

  completeSupportTask(caller: AuthContext, id: string, expectedVersion: number): Promise<SupportTask> {
    return this.closeTask(caller, id, expectedVersion, SupportTaskStatus.DONE, null);
  }

  dropSupportTask(caller: AuthContext, id: string, expectedVersion: number, reason: string): Promise<SupportTask> {
    const trimmed = reason.trim();
    if (trimmed.length === 0) throw new BadUserInputError('reason', 'A dropped task needs a reason');
    return this.closeTask(caller, id, expectedVersion, SupportTaskStatus.DROPPED, trimmed);
  }

  /** The lead sets (or clears) the next review date; the review clock follows it. */
  async setReview(
    caller: AuthContext,
    personId: string,
    nextReviewOn: string | null,
    expectedVersion: number,
  ): Promise<SupportPlan> {
    const now = this.clock.now();
    if (nextReviewOn !== null && nextReviewOn < todayJst(now)) {
      throw new BadUserInputError('nextReviewOn', 'The next review date cannot be in the past', {
        reason: 'REVIEW_DATE_PAST',
      });
    }
    await runTransaction(this.plans.manager, async (manager) => {
      const plan = await manager.findOne(SupportPlanEntity, {
        where: { personId },
        lock: { mode: 'pessimistic_write' },
      });
      const access = plan && caller.agencyId ? await this.access(manager, caller.agencyId, plan, now) : null;
      if (!plan || !access?.basis) throw new NotFoundError('SupportPlan', { personId });
      if (!access.lead) throw new ForbiddenError('Only the plan’s lead agency sets its review date');
      if (plan.version !== expectedVersion) {
        throw new ConflictError('The plan was changed since you read it', {
          expectedVersion,
          currentVersion: plan.version,
        });
      }
      await manager.update(
        SupportPlanEntity,
        { id: plan.id },
        { nextReviewOn, version: plan.version + 1, updatedAt: now },
      );
      const eventId = randomUUID();
      await appendToOutbox(manager, [
        {
          id: eventId,
          type: 'plan.review_scheduled',
          aggregateId: plan.id,
          agencyIds: [plan.leadAgencyId],
          payload: {
            eventId,
            type: 'plan.review_scheduled',
            planId: plan.id,
            personId,
            leadAgencyId: plan.leadAgencyId,
            planVersion: plan.currentVersion,
            nextReviewOn,
            at: now.toISOString(),
          },
          occurredAt: now,
        },
      ]);
    });
    return this.plan(caller, personId);
  }

  private async closeTask(
    caller: AuthContext,
    id: string,
    expectedVersion: number,
    to: SupportTaskStatus.DONE | SupportTaskStatus.DROPPED,
    reason: string | null,
  ): Promise<SupportTask> {
    const now = this.clock.now();
    return runTransaction(this.plans.manager, async (manager) => {
      const task = await manager.findOne(SupportTaskEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      const plan = task ? await manager.findOne(SupportPlanEntity, { where: { id: task.planId } }) : null;
      const agencyId = caller.agencyId;
      if (!task || !plan || !agencyId) throw new NotFoundError('SupportTask', { id });
      const owner = task.ownerAgencyId === agencyId;
      const access = await this.access(manager, agencyId, plan, now);
      if (!owner && !access.basis) throw new NotFoundError('SupportTask', { id });
      if (!owner && !access.lead) {
        throw new ForbiddenError('Only the task’s owner agency or the plan’s lead agency closes a task');
      }
      if (task.status !== SupportTaskStatus.OPEN) {
        throw new DomainError(
          ErrorCode.INVALID_TRANSITION,
          `A support task in ${task.status} cannot be closed again; allowed next: none`,
          { current: task.status, attempted: to === SupportTaskStatus.DONE ? 'COMPLETE' : 'DROP', allowed: [] },
        );
      }
      if (task.version !== expectedVersion) {
        throw new ConflictError('The task was changed since you read it', {
          expectedVersion,
          currentVersion: task.version,
        });
      }
      const changes = { status: to, dropReason: reason, closedAt: now, version: task.version + 1, updatedAt: now };
      await manager.update(SupportTaskEntity, { id }, changes);
      await appendToOutbox(manager, [
        taskEvent(to === SupportTaskStatus.DONE ? 'task.completed' : 'task.dropped', {
          taskId: task.id,
          planId: plan.id,
          personId: task.personId,
          conferenceId: task.conferenceId,
          ownerAgencyId: task.ownerAgencyId,
          leadAgencyId: plan.leadAgencyId,
          dueOn: task.dueOn,
          at: now,
        }),
      ]);
      return this.toModel({ ...task, ...changes }, now, access.basis !== null);
    });
  }

  /** Whether the agency may see the person's CASE_NOTES now (and on which basis), and whether it leads the plan. */
  private async access(
    manager: EntityManager,
    agencyId: string,
    plan: SupportPlanEntity,
    now: Date,
  ): Promise<PlanAccess> {
    const view = (await this.disclosure.visibleTo(agencyId, [plan.personId], now, manager)).get(plan.personId);
    const sees = view?.categories.includes(PLAN_CATEGORY) ?? false;
    return { basis: sees && view ? view.bases : null, lead: plan.leadAgencyId === agencyId };
  }

  /** An informal owner's name is shown only to viewers of the plan. */
  private toModel(task: SupportTaskEntity, now: Date, planViewer: boolean): SupportTask {
    return {
      id: task.id,
      planId: task.planId,
      personId: task.personId,
      conferenceId: task.conferenceId,
      ownerAgencyId: task.ownerAgencyId,
      ownerLabel: planViewer ? task.ownerLabel : null,
      description: task.description,
      dueOn: task.dueOn,
      status: task.status,
      dropReason: task.dropReason,
      closedAt: task.closedAt,
      overdue: isTaskOverdue(task, now),
      position: task.position,
      version: task.version,
      createdAt: task.createdAt,
      updatedAt: task.updatedAt,
    };
  }
}

export interface TaskEventFacts {
  taskId: string;
  planId: string;
  personId: string;
  conferenceId: string;
  ownerAgencyId: string | null;
  leadAgencyId: string;
  dueOn: string | null;
  at: Date;
}

/**
 * A task event (identifiers only): to the owner agency and the lead, or to the lead alone for `task.escalated`
 * and for tasks without an owner agency.
 */
export function taskEvent(type: string, facts: TaskEventFacts): OutboxEvent {
  const id = randomUUID();
  const agencyIds =
    type === 'task.escalated' || !facts.ownerAgencyId
      ? [facts.leadAgencyId]
      : type === 'task.due_soon' || type === 'task.overdue'
        ? [facts.ownerAgencyId]
        : unique([facts.ownerAgencyId, facts.leadAgencyId]);
  return {
    id,
    type,
    aggregateId: facts.taskId,
    agencyIds,
    payload: { eventId: id, type, ...facts, at: facts.at.toISOString() },
    occurredAt: facts.at,
  };
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
