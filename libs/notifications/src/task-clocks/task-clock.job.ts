import { reviewDueAt, taskDueAt, taskEscalateAt, taskRemindAt } from '@tsunagu/collaboration';

/** A support task's clock steps: a reminder before the due date, the overdue mark, escalation to the lead. */
export type TaskClockStep = 'DUE_SOON' | 'OVERDUE' | 'ESCALATE';

export const TASK_CLOCK_STEPS: readonly TaskClockStep[] = ['DUE_SOON', 'OVERDUE', 'ESCALATE'];

/** The data of a CHECK_TASK_CLOCK job: a task's step, or a plan's review date passing. */
export type TaskClockData =
  { kind: TaskClockStep; taskId: string } | { kind: 'REVIEW_DUE'; planId: string; reviewOn: string };

/**
 * Deterministic: scheduling the same step again adds nothing (BullMQ ignores a known jobId). A review job names
 * its date, so a moved review date gets a job of its own (the old one finds the date changed and does nothing).
 */
export function taskClockJobId(data: TaskClockData): string {
  return data.kind === 'REVIEW_DUE' ? `${data.planId}:review:${data.reviewOn}` : `${data.taskId}:task:${data.kind}`;
}

export function isTaskClockData(value: unknown): value is TaskClockData {
  const data = value as Record<string, unknown> | null;
  if (data?.kind === 'REVIEW_DUE') {
    return (
      typeof data.planId === 'string' && typeof data.reviewOn === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(data.reviewOn)
    );
  }
  return typeof data?.taskId === 'string' && TASK_CLOCK_STEPS.includes(data.kind as TaskClockStep);
}

/** When a step of a task due on `dueOn` fires. */
export function taskStepAt(step: TaskClockStep, dueOn: string): Date {
  switch (step) {
    case 'DUE_SOON':
      return taskRemindAt(dueOn);
    case 'OVERDUE':
      return taskDueAt(dueOn);
    case 'ESCALATE':
      return taskEscalateAt(dueOn);
  }
}

/** When the job of `data` is due, given the task's due date or the review date. */
export function taskClockAt(data: TaskClockData, dueOn: string): Date {
  return data.kind === 'REVIEW_DUE' ? reviewDueAt(data.reviewOn) : taskStepAt(data.kind, dueOn);
}

/**
 * The steps of a task due on `dueOn`, assigned at `assignedAt`: a reminder only when its point falls after the
 * assignment (a task given with three days or less to go is not reminded at once), then overdue and escalation.
 */
export function taskClockSchedule(dueOn: string, assignedAt: Date): { step: TaskClockStep; at: Date }[] {
  return TASK_CLOCK_STEPS.filter(
    (step) => step !== 'DUE_SOON' || taskRemindAt(dueOn).getTime() > assignedAt.getTime(),
  ).map((step) => ({ step, at: taskStepAt(step, dueOn) }));
}
