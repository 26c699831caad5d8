import { Inject, Injectable } from '@nestjs/common';
import { JOB_QUEUE, JobName, type QueueName } from '@tsunagu/platform';
import { type Job } from 'bullmq';

/** What one job name does. A handler delegates to services; it must be safe to run twice for the same job. */
export interface JobHandler<Data = unknown> {
  readonly jobName: JobName;
  handle(job: Job<Data>): Promise<unknown>;
}

/** Every job handler of the worker (a list provider: add a handler here and to its module's providers). */
export const JOB_HANDLERS = Symbol('JOB_HANDLERS');

export class JobHandlersError extends Error {
  constructor(
    readonly missing: readonly string[],
    readonly duplicated: readonly string[],
    readonly unknown: readonly string[],
  ) {
    const problems = [
      missing.length > 0 ? `no handler for ${missing.join(', ')}` : null,
      duplicated.length > 0 ? `more than one handler for ${duplicated.join(', ')}` : null,
      unknown.length > 0 ? `handlers for unknown job names ${unknown.join(', ')}` : null,
    ].filter((problem): problem is string => problem !== null);
    super(`Job handlers: ${problems.join('; ')}`);
    this.name = 'JobHandlersError';
  }
}

/**
 * Maps every job name to its one handler, or throws naming the job names with no handler or with several
 * (and handlers of names that are not job names), so that a worker missing one fails at start-up.
 */
export function mapJobHandlers(
  handlers: readonly JobHandler[],
  jobNames: readonly string[] = Object.values(JobName),
): ReadonlyMap<string, JobHandler> {
  const byName = new Map<string, JobHandler>();
  const duplicated = new Set<string>();
  for (const handler of handlers) {
    if (byName.has(handler.jobName)) duplicated.add(handler.jobName);
    else byName.set(handler.jobName, handler);
  }
  const missing = jobNames.filter((name) => !byName.has(name));
  const unknown = [...byName.keys()].filter((name) => !jobNames.includes(name));
  if (missing.length > 0 || duplicated.size > 0 || unknown.length > 0) {
    throw new JobHandlersError(missing, [...duplicated], unknown);
  }
  return byName;
}

/** JobName → handler, checked when the worker boots; processors dispatch every job through it. */
@Injectable()
export class JobHandlerRegistry {
  private readonly handlers: ReadonlyMap<string, JobHandler>;

  constructor(@Inject(JOB_HANDLERS) handlers: JobHandler[]) {
    this.handlers = mapJobHandlers(handlers);
  }

  /** Runs the job's handler. A name this build does not know fails the attempt: a newer worker may know it. */
  dispatch(queue: QueueName, job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new Error(`No handler for job "${job.name}" (job ${job.id})`);
    const owner: string = JOB_QUEUE[handler.jobName];
    const asked: string = queue;
    if (owner !== asked) throw new Error(`Job "${job.name}" belongs to queue ${owner}, not ${asked}`);
    return handler.handle(job);
  }
}
