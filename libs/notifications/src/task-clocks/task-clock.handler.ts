import { Injectable } from '@nestjs/common';
import { Clock, JobName } from '@tsunagu/platform';
import { type Job } from 'bullmq';
import { type JobHandler } from '../jobs/job-handler.js';
import { isTaskClockData, type TaskClockData } from './task-clock.job.js';
import { TaskClocksService, type TaskClockOutcome } from './task-clocks.service.js';

/** CHECK_TASK_CLOCK: one step of a support task's clock, or a plan's review date (safe to run twice). */
@Injectable()
export class TaskClockHandler implements JobHandler<TaskClockData> {
  readonly jobName = JobName.CHECK_TASK_CLOCK;

  constructor(
    private readonly clocks: TaskClocksService,
    private readonly clock: Clock,
  ) {}

  async handle(job: Job<TaskClockData>): Promise<{ outcome: TaskClockOutcome }> {
    if (!isTaskClockData(job.data)) throw new Error(`CHECK_TASK_CLOCK job ${job.id}: malformed data`);
    return { outcome: await this.clocks.check(job.data, this.clock.now()) };
  }
}
