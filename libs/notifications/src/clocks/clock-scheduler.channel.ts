import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { JOB_OPTIONS, JobName, QueueName, type BusEvent, preparedQuery } from '@tsunagu/platform';
import { type Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { type FanOutChannel } from '../fan-out/fan-out-channel.js';
import { checkDueJobId, clockSchedule } from './check-due.job.js';

interface SentReferralRow {
  sent_at: Date | null;
  acknowledge_due_at: Date | null;
  decision_due_at: Date | null;
}

/**
 * A fan-out step: on `referral.sent`, schedules the referral's SLA clocks as delayed CHECK_DUE jobs on the
 * CLOCKS queue (a reminder at 80% of the way to each due time, unless already past, and the breach at it).
 * The job ids are deterministic, so a fan-out that runs again schedules nothing twice.
 */
@Injectable()
export class ClockSchedulerChannel implements FanOutChannel {
  readonly name = 'clocks';

  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(QueueName.CLOCKS) private readonly queue: Queue,
  ) {}

  async deliver(event: BusEvent): Promise<void> {
    if (event.type !== 'referral.sent') return;
    const referralId = (event.payload as { referralId?: string }).referralId;
    if (!referralId) return;
    const [row] = await preparedQuery<SentReferralRow[]>(
      this.dataSource.manager,
      `SELECT "sent_at", "acknowledge_due_at", "decision_due_at" FROM "referral" WHERE "id" = $1`,
      [referralId],
    );
    if (!row?.sent_at) return;
    const now = new Date();
    const schedule = clockSchedule(
      row.sent_at,
      { ACKNOWLEDGE: row.acknowledge_due_at, DECISION: row.decision_due_at },
      now,
    );
    await this.queue.addBulk(
      schedule.map(({ data, at }) => {
        const jobData = { referralId, ...data };
        return {
          name: JobName.CHECK_DUE,
          data: jobData,
          opts: {
            ...JOB_OPTIONS[JobName.CHECK_DUE],
            jobId: checkDueJobId(jobData),
            delay: Math.max(0, at.getTime() - now.getTime()),
          },
        };
      }),
    );
  }
}
