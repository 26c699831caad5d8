import { Injectable } from '@nestjs/common';
import { reviewDueAt } from '@tsunagu/collaboration';
import { JobName } from '@tsunagu/platform';
import { type EntityManager } from 'typeorm';
import { type ClockPage, type ClockSource, type DueClock } from '../clock-reconcile/clock-source.js';
import {
  TASK_CLOCK_STEPS,
  taskClockJobId,
  taskStepAt,
  type TaskClockData,
  type TaskClockStep,
} from './task-clock.job.js';

export interface PendingTaskRow {
  id: string;
  due_on: string;
  created_at: Date;
  reminded_at: Date | null;
  overdue_at: Date | null;
  escalated_at: Date | null;
}

const DONE: Record<TaskClockStep, keyof PendingTaskRow> = {
  DUE_SOON: 'reminded_at',
  OVERDUE: 'overdue_at',
  ESCALATE: 'escalated_at',
};

const clockOf = (data: TaskClockData, at: Date): DueClock => ({
  jobName: JobName.CHECK_TASK_CLOCK,
  jobId: taskClockJobId(data),
  data,
  at,
});

/**
 * The steps of one OPEN task that must still fire, as of `now`: those not done whose point is after `since`;
 * a reminder only if the scheduler made one (its point after the assignment) and the task is not yet overdue.
 */
export function pendingTaskSteps(row: PendingTaskRow, now: Date, since: Date): DueClock[] {
  return TASK_CLOCK_STEPS.flatMap((step) => {
    const at = taskStepAt(step, row.due_on);
    if (row[DONE[step]] || at.getTime() < since.getTime()) return [];
    if (step === 'DUE_SOON') {
      const overdueAt = taskStepAt('OVERDUE', row.due_on);
      if (at.getTime() <= row.created_at.getTime() || overdueAt.getTime() <= now.getTime()) return [];
    }
    return [clockOf({ kind: step, taskId: row.id }, at)];
  });
}

/**
 * Support task clocks and plan review reminders, from the rows: OPEN tasks with a due date and no escalation yet
 * (the partial index `ix_support_task_clocks_pending`), then plans whose review date has not been reminded
 * (`ix_support_plan_review_pending`). The cursor says which of the two lists a page is in.
 */
@Injectable()
export class TaskClockSource implements ClockSource {
  readonly kind = 'support-task';

  async page(manager: EntityManager, cursor: string | null, limit: number, now: Date, since: Date): Promise<ClockPage> {
    const [list, afterDay, afterId] = cursor ? cursor.split('|') : ['task', '0001-01-01', null];
    const zero = '00000000-0000-0000-0000-000000000000';
    if (list === 'task') {
      const rows = await manager.query<PendingTaskRow[]>(
        `SELECT "id", "due_on"::text AS "due_on", "created_at", "reminded_at", "overdue_at", "escalated_at"
           FROM "support_task"
          WHERE "status" = 'OPEN' AND "due_on" IS NOT NULL AND "escalated_at" IS NULL
            AND ("due_on", "id") > ($1::date, $2::uuid)
          ORDER BY "due_on", "id" LIMIT $3`,
        [afterDay, afterId ?? zero, limit],
      );
      const last = rows[rows.length - 1];
      return {
        clocks: rows.flatMap((row) => pendingTaskSteps(row, now, since)),
        next: rows.length === limit ? `task|${last.due_on}|${last.id}` : 'plan|0001-01-01|',
      };
    }
    const plans = await manager.query<{ id: string; next_review_on: string }[]>(
      `SELECT "id", "next_review_on"::text AS "next_review_on" FROM "support_plan"
        WHERE "next_review_on" IS NOT NULL AND "review_reminded_on" IS DISTINCT FROM "next_review_on"
          AND ("next_review_on", "id") > ($1::date, $2::uuid)
        ORDER BY "next_review_on", "id" LIMIT $3`,
      [afterDay, afterId || zero, limit],
    );
    const last = plans[plans.length - 1];
    return {
      clocks: plans
        .map((plan) => ({ data: { kind: 'REVIEW_DUE', planId: plan.id, reviewOn: plan.next_review_on } as const }))
        .filter(({ data }) => reviewDueAt(data.reviewOn).getTime() >= since.getTime())
        .map(({ data }) => clockOf(data, reviewDueAt(data.reviewOn))),
      next: plans.length === limit ? `plan|${last.next_review_on}|${last.id}` : null,
    };
  }
}
