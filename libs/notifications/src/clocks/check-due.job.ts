/** The two SLA clocks of a sent referral: acknowledgement and decision. */
export type SlaClock = 'ACKNOWLEDGE' | 'DECISION';
/** REMIND: the reminder point (80% of the way from sending to the due time); BREACH: the due time itself. */
export type SlaStep = 'REMIND' | 'BREACH';

export const SLA_CLOCKS: readonly SlaClock[] = ['ACKNOWLEDGE', 'DECISION'];
export const SLA_STEPS: readonly SlaStep[] = ['REMIND', 'BREACH'];

/** The data of a CHECK_DUE job. */
export interface CheckDueData {
  referralId: string;
  clock: SlaClock;
  step: SlaStep;
}

/** The reminder point, as a fraction of the way from sending to the due time. */
export const REMIND_AT_FRACTION = 0.8;

/** Deterministic: scheduling the same referral's clocks again adds nothing (BullMQ ignores a known jobId). */
export function checkDueJobId(data: CheckDueData): string {
  return `${data.referralId}:${data.clock}:${data.step}`;
}

export function isCheckDueData(value: unknown): value is CheckDueData {
  const data = value as Partial<CheckDueData> | null;
  return (
    typeof data?.referralId === 'string' &&
    SLA_CLOCKS.includes(data.clock as SlaClock) &&
    SLA_STEPS.includes(data.step as SlaStep)
  );
}

/** When each step of each clock is due, for a referral sent at `sentAt`; a reminder point already past is left out. */
export function clockSchedule(
  sentAt: Date,
  dueAt: Record<SlaClock, Date | null>,
  now: Date,
): { data: Omit<CheckDueData, 'referralId'>; at: Date }[] {
  const schedule: { data: Omit<CheckDueData, 'referralId'>; at: Date }[] = [];
  for (const clock of SLA_CLOCKS) {
    const due = dueAt[clock];
    if (!due) continue;
    const remindAt = new Date(sentAt.getTime() + REMIND_AT_FRACTION * (due.getTime() - sentAt.getTime()));
    if (remindAt.getTime() > now.getTime()) schedule.push({ data: { clock, step: 'REMIND' }, at: remindAt });
    schedule.push({ data: { clock, step: 'BREACH' }, at: due });
  }
  return schedule;
}
