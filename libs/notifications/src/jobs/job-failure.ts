import { type Job } from 'bullmq';

/**
 * The operator's line for a failed attempt: whether BullMQ retries it or keeps it as failed (its attempts
 * are used up, or the handler threw an UnrecoverableError). Only the error's message, never job data.
 */
export function describeFailedJob(job: Pick<Job, 'name' | 'id' | 'attemptsMade' | 'opts'>, error: Error): string {
  const final = job.attemptsMade >= (job.opts.attempts ?? 1) || error.name === 'UnrecoverableError';
  return `Job ${job.name} ${job.id} failed (attempt ${job.attemptsMade}${final ? ', kept as failed' : ', will retry'}): ${error.message}`;
}
