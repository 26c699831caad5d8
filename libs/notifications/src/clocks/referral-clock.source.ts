import { Injectable } from '@nestjs/common';
import { JobName } from '@tsunagu/platform';
import { ReferralStatus } from '@tsunagu/referrals';
import { type EntityManager } from 'typeorm';
import { type ClockPage, type ClockSource, type DueClock } from '../clock-reconcile/clock-source.js';
import { REMIND_AT_FRACTION, SLA_CLOCKS, checkDueJobId, type CheckDueData, type SlaClock } from './check-due.job.js';
import { RUNNING_IN } from './referral-clocks.service.js';

interface OpenReferralRow {
  id: string;
  status: ReferralStatus;
  sent_at: Date | null;
  acknowledge_due_at: Date | null;
  acknowledge_reminded_at: Date | null;
  acknowledge_breached_at: Date | null;
  decision_due_at: Date | null;
  decision_reminded_at: Date | null;
  decision_breached_at: Date | null;
}

/**
 * The referrals whose SLA clocks may still fire: open, with a due time not yet breached. The predicate is that
 * of the partial index `ix_referral_clocks_pending`, word for word, so each page is a short index range scan.
 */
const PENDING = `"status" IN ('REQUESTED', 'RECEIVED')
    AND (("acknowledge_due_at" IS NOT NULL AND "acknowledge_breached_at" IS NULL)
      OR ("decision_due_at" IS NOT NULL AND "decision_breached_at" IS NULL))`;

/** The steps of one referral's clocks that must still fire, as of `now` (see ReferralClockSource). */
export function pendingClockSteps(row: OpenReferralRow, now: Date, since: Date): DueClock[] {
  const clocks: DueClock[] = [];
  if (!row.sent_at) return clocks;
  const columns: Record<SlaClock, [Date | null, Date | null, Date | null]> = {
    ACKNOWLEDGE: [row.acknowledge_due_at, row.acknowledge_reminded_at, row.acknowledge_breached_at],
    DECISION: [row.decision_due_at, row.decision_reminded_at, row.decision_breached_at],
  };
  for (const clock of SLA_CLOCKS) {
    const [due, reminded, breached] = columns[clock];
    if (!due || breached || !RUNNING_IN[clock].includes(row.status) || due.getTime() < since.getTime()) continue;
    const step = (data: CheckDueData, at: Date): DueClock => ({
      jobName: JobName.CHECK_DUE,
      jobId: checkDueJobId(data),
      data,
      at,
    });
    if (!reminded && due.getTime() > now.getTime()) {
      const remindAt = new Date(row.sent_at.getTime() + REMIND_AT_FRACTION * (due.getTime() - row.sent_at.getTime()));
      clocks.push(step({ referralId: row.id, clock, step: 'REMIND' }, remindAt));
    }
    clocks.push(step({ referralId: row.id, clock, step: 'BREACH' }, due));
  }
  return clocks;
}

/**
 * The referral SLA clocks, from the referral rows: for each clock still running (ACKNOWLEDGE while REQUESTED,
 * DECISION while REQUESTED or RECEIVED) and not yet breached, its breach, and its reminder unless already sent
 * or the breach is already due (a reminder whose point passed while Redis was empty is sent late, at once).
 * Breaches due before `since` are left alone.
 */
@Injectable()
export class ReferralClockSource implements ClockSource {
  readonly kind = 'referral-sla';

  async page(manager: EntityManager, cursor: string | null, limit: number, now: Date, since: Date): Promise<ClockPage> {
    const rows = await manager.query<OpenReferralRow[]>(
      `SELECT "id", "status", "sent_at", "acknowledge_due_at", "acknowledge_reminded_at", "acknowledge_breached_at",
              "decision_due_at", "decision_reminded_at", "decision_breached_at"
         FROM "referral"
        WHERE ${PENDING} AND "id" > $1::uuid
        ORDER BY "id" LIMIT $2`,
      [cursor ?? '00000000-0000-0000-0000-000000000000', limit],
    );
    return {
      clocks: rows.flatMap((row) => pendingClockSteps(row, now, since)),
      next: rows.length === limit ? rows[rows.length - 1].id : null,
    };
  }
}
