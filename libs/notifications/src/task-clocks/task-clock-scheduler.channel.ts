import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { reviewDueAt } from '@tsunagu/collaboration';
import { JOB_OPTIONS, JobName, QueueName, type BusEvent } from '@tsunagu/platform';
import { type Queue } from 'bullmq';
import { type FanOutChannel } from '../fan-out/fan-out-channel.js';
import { taskClockJobId, taskClockSchedule, type TaskClockData } from './task-clock.job.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A fan-out step: on `task.assigned` with a due date, schedules the task's delayed CHECK_TASK_CLOCK jobs
 * (reminder, overdue, escalation); on `plan.revised` or `plan.review_scheduled` with a review date, the review
 * reminder. The job ids are deterministic, so a fan-out that runs again schedules nothing twice.
 */
@Injectable()
export class TaskClockSchedulerChannel implements FanOutChannel {
  readonly name = 'task-clocks';

  constructor(@InjectQueue(QueueName.CLOCKS) private readonly queue: Queue) {}

  async deliver(event: BusEvent): Promise<void> {
    const payload = event.payload as {
      taskId?: string;
      planId?: string;
      dueOn?: string | null;
      nextReviewOn?: string | null;
      at?: string;
    };
    const now = new Date();
    const jobs: { data: TaskClockData; at: Date }[] = [];
    if (event.type === 'task.assigned' && payload.taskId && payload.dueOn && DAY.test(payload.dueOn)) {
      const assignedAt = new Date(payload.at ?? event.occurredAt);
      for (const { step, at } of taskClockSchedule(payload.dueOn, assignedAt)) {
        jobs.push({ data: { kind: step, taskId: payload.taskId }, at });
      }
    }
    if (
      (event.type === 'plan.revised' || event.type === 'plan.review_scheduled') &&
      payload.planId &&
      payload.nextReviewOn &&
      DAY.test(payload.nextReviewOn)
    ) {
      const reviewOn = payload.nextReviewOn;
      jobs.push({ data: { kind: 'REVIEW_DUE', planId: payload.planId, reviewOn }, at: reviewDueAt(reviewOn) });
    }
    if (jobs.length === 0) return;
    await this.queue.addBulk(
      jobs.map(({ data, at }) => ({
        name: JobName.CHECK_TASK_CLOCK,
        data,
        opts: {
          ...JOB_OPTIONS[JobName.CHECK_TASK_CLOCK],
          jobId: taskClockJobId(data),
          delay: Math.max(0, at.getTime() - now.getTime()),
        },
      })),
    );
  }
}
