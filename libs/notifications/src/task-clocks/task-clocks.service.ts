import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { reviewDueAt, taskEvent } from '@tsunagu/collaboration';
import { appendToOutbox } from '@tsunagu/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { taskStepAt, type TaskClockData, type TaskClockStep } from './task-clock.job.js';

export type TaskClockOutcome = 'GONE' | 'CLOSED' | 'NO_DUE_DATE' | 'MOVED' | 'ALREADY_DONE' | 'NOTIFIED';

/** A clock job ran before its time (clock skew): it fails the attempt and is retried. */
export class TaskClockNotDueYetError extends Error {
  constructor(data: TaskClockData, due: Date) {
    super(
      `${data.kind} of ${'taskId' in data ? `task ${data.taskId}` : `plan ${data.planId}`}: due at ${due.toISOString()}, not yet`,
    );
    this.name = 'TaskClockNotDueYetError';
  }
}

interface LockedTask {
  id: string;
  plan_id: string;
  person_id: string;
  conference_id: string;
  owner_agency_id: string | null;
  due_on: string | null;
  status: string;
  reminded_at: Date | null;
  overdue_at: Date | null;
  escalated_at: Date | null;
  lead_agency_id: string;
}

const STEP_COLUMN: Record<TaskClockStep, 'reminded_at' | 'overdue_at' | 'escalated_at'> = {
  DUE_SOON: 'reminded_at',
  OVERDUE: 'overdue_at',
  ESCALATE: 'escalated_at',
};

const STEP_EVENT: Record<TaskClockStep, string> = {
  DUE_SOON: 'task.due_soon',
  OVERDUE: 'task.overdue',
  ESCALATE: 'task.escalated',
};

/**
 * The support tasks' clocks and the plans' review reminders, each exactly once: in one transaction with the
 * task (or plan) row locked, the step's bookkeeping column is set and its event appended to the outbox; a
 * second run finds the column set and changes nothing. A task no longer OPEN gets nothing more: the overdue
 * mark goes to the owner agency (the lead for an informal owner), the escalation to the plan's lead agency.
 */
@Injectable()
export class TaskClocksService {
  constructor(private readonly dataSource: DataSource) {}

  check(data: TaskClockData, now: Date): Promise<TaskClockOutcome> {
    return this.dataSource.transaction((manager) =>
      data.kind === 'REVIEW_DUE' ? this.review(manager, data, now) : this.step(manager, data, now),
    );
  }

  private async step(
    manager: EntityManager,
    data: { kind: TaskClockStep; taskId: string },
    now: Date,
  ): Promise<TaskClockOutcome> {
    const [task] = await manager.query<LockedTask[]>(
      `SELECT t."id", t."plan_id", t."person_id", t."conference_id", t."owner_agency_id", t."due_on"::text AS "due_on",
              t."status", t."reminded_at", t."overdue_at", t."escalated_at", p."lead_agency_id"
         FROM "support_task" t JOIN "support_plan" p ON p."id" = t."plan_id"
        WHERE t."id" = $1 FOR UPDATE OF t`,
      [data.taskId],
    );
    if (!task) return 'GONE';
    if (task.status !== 'OPEN') return 'CLOSED';
    if (!task.due_on) return 'NO_DUE_DATE';
    const due = taskStepAt(data.kind, task.due_on);
    if (now.getTime() < due.getTime()) throw new TaskClockNotDueYetError(data, due);
    const column = STEP_COLUMN[data.kind];
    if (task[column]) return 'ALREADY_DONE';
    await manager.query(`UPDATE "support_task" SET "${column}" = $2 WHERE "id" = $1`, [task.id, now]);
    await appendToOutbox(manager, [
      taskEvent(STEP_EVENT[data.kind], {
        taskId: task.id,
        planId: task.plan_id,
        personId: task.person_id,
        conferenceId: task.conference_id,
        ownerAgencyId: task.owner_agency_id,
        leadAgencyId: task.lead_agency_id,
        dueOn: task.due_on,
        at: now,
      }),
    ]);
    return 'NOTIFIED';
  }

  private async review(
    manager: EntityManager,
    data: { kind: 'REVIEW_DUE'; planId: string; reviewOn: string },
    now: Date,
  ): Promise<TaskClockOutcome> {
    const [plan] = await manager.query<
      {
        id: string;
        person_id: string;
        lead_agency_id: string;
        current_version: number;
        next_review_on: string | null;
        review_reminded_on: string | null;
      }[]
    >(
      `SELECT "id", "person_id", "lead_agency_id", "current_version", "next_review_on"::text AS "next_review_on",
              "review_reminded_on"::text AS "review_reminded_on"
         FROM "support_plan" WHERE "id" = $1 FOR UPDATE`,
      [data.planId],
    );
    if (!plan) return 'GONE';
    if (plan.next_review_on !== data.reviewOn) return 'MOVED';
    const due = reviewDueAt(data.reviewOn);
    if (now.getTime() < due.getTime()) throw new TaskClockNotDueYetError(data, due);
    if (plan.review_reminded_on === data.reviewOn) return 'ALREADY_DONE';
    await manager.query(`UPDATE "support_plan" SET "review_reminded_on" = $2 WHERE "id" = $1`, [
      plan.id,
      data.reviewOn,
    ]);
    const id = randomUUID();
    await appendToOutbox(manager, [
      {
        id,
        type: 'plan.review_due',
        aggregateId: plan.id,
        agencyIds: [plan.lead_agency_id],
        payload: {
          eventId: id,
          type: 'plan.review_due',
          planId: plan.id,
          personId: plan.person_id,
          leadAgencyId: plan.lead_agency_id,
          planVersion: plan.current_version,
          nextReviewOn: data.reviewOn,
          at: now.toISOString(),
        },
        occurredAt: now,
      },
    ]);
    return 'NOTIFIED';
  }
}
