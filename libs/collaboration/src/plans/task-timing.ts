/**
 * When the clocks of a support task and of a plan's review fire. Tasks and reviews have calendar dates (the
 * conference agrees "by the 20th"), so their clocks run in calendar days in Japan time, not business time:
 * a reminder at 09:00 JST three days before the due date, the overdue mark when the due date has ended
 * (00:00 JST the next day), escalation to the lead agency three days later, and the review reminder when the
 * review date has ended.
 */
const DAY_MS = 24 * 3600 * 1000;
const HOUR_MS = 3600 * 1000;

export const DUE_SOON_BEFORE_DAYS = 3;
export const ESCALATE_AFTER_DAYS = 3;

/** 00:00 JST of a calendar date (YYYY-MM-DD). */
export function startOfDayJst(day: string): Date {
  return new Date(`${day}T00:00:00.000+09:00`);
}

/** The task is overdue from this moment on: its due date has ended. */
export function taskDueAt(dueOn: string): Date {
  return new Date(startOfDayJst(dueOn).getTime() + DAY_MS);
}

export function taskRemindAt(dueOn: string): Date {
  return new Date(startOfDayJst(dueOn).getTime() - DUE_SOON_BEFORE_DAYS * DAY_MS + 9 * HOUR_MS);
}

export function taskEscalateAt(dueOn: string): Date {
  return new Date(taskDueAt(dueOn).getTime() + ESCALATE_AFTER_DAYS * DAY_MS);
}

/** The review date has passed: the lead is reminded. */
export function reviewDueAt(reviewOn: string): Date {
  return new Date(startOfDayJst(reviewOn).getTime() + DAY_MS);
}

/** Today's date in Japan (YYYY-MM-DD). */
export function todayJst(now: Date): string {
  return new Date(now.getTime() + 9 * HOUR_MS).toISOString().slice(0, 10);
}

export function isTaskOverdue(task: { status: string; dueOn: string | null }, now: Date): boolean {
  return task.status === 'OPEN' && task.dueOn !== null && now.getTime() >= taskDueAt(task.dueOn).getTime();
}
