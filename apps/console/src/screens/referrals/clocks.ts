import type { ReferralStatus } from '../../gql/graphql';

/**
 * The referral's running clock, as the API keeps it: acknowledgement while REQUESTED, decision while REQUESTED or
 * RECEIVED. The due times already count business time (the recipient's response target); `overdue` comes from the
 * API. "Due soon" mirrors the worker's reminder point: 80% of the way from sending to the due time.
 */
export const REMIND_AT_FRACTION = 0.8;

export type DueMark = 'overdue' | 'soon' | 'ok' | 'none';

export interface ClockFields {
  status: ReferralStatus;
  overdue: boolean;
  sentAt?: string | null;
  acknowledgeDueAt?: string | null;
  decisionDueAt?: string | null;
}

export interface RunningClock {
  kind: 'acknowledge' | 'decision';
  dueAt: string;
}

/** The clocks still running, the nearest first. */
export function runningClocks(referral: ClockFields): RunningClock[] {
  const clocks: RunningClock[] = [];
  if (referral.status === 'REQUESTED' && referral.acknowledgeDueAt) {
    clocks.push({ kind: 'acknowledge', dueAt: referral.acknowledgeDueAt });
  }
  if ((referral.status === 'REQUESTED' || referral.status === 'RECEIVED') && referral.decisionDueAt) {
    clocks.push({ kind: 'decision', dueAt: referral.decisionDueAt });
  }
  return clocks.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
}

export function dueMark(referral: ClockFields, now: number = Date.now()): DueMark {
  const clocks = runningClocks(referral);
  if (clocks.length === 0) return 'none';
  if (referral.overdue) return 'overdue';
  const sent = referral.sentAt ? Date.parse(referral.sentAt) : NaN;
  for (const clock of clocks) {
    const due = Date.parse(clock.dueAt);
    if (now >= due) return 'overdue';
    if (!Number.isNaN(sent) && now >= sent + REMIND_AT_FRACTION * (due - sent)) return 'soon';
  }
  return 'ok';
}
