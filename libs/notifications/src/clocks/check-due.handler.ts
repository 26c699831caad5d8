import { Injectable } from '@nestjs/common';
import { JobName } from '@tsunagu/platform';
import { type Job } from 'bullmq';
import { type JobHandler } from '../jobs/job-handler.js';
import { isCheckDueData, type CheckDueData } from './check-due.job.js';
import { ReferralClocksService, type CheckDueOutcome } from './referral-clocks.service.js';

/** CHECK_DUE: one step of one referral's SLA clock (safe to run twice: the service acts once). */
@Injectable()
export class CheckDueHandler implements JobHandler<CheckDueData> {
  readonly jobName = JobName.CHECK_DUE;

  constructor(private readonly clocks: ReferralClocksService) {}

  async handle(job: Job<CheckDueData>): Promise<{ outcome: CheckDueOutcome }> {
    if (!isCheckDueData(job.data)) throw new Error(`CHECK_DUE job ${job.id}: malformed data`);
    return { outcome: await this.clocks.checkDue(job.data) };
  }
}
