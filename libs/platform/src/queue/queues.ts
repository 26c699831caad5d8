import { type JobsOptions } from 'bullmq';

/** Every queue of the system. */
export enum QueueName {
  EVENTS = 'events',
}

/** Every job name, with its queue and its explicit retry and retention policy. */
export enum JobName {
  /** One outbox event, relayed: fan it out to the channels of the agencies it concerns. */
  FAN_OUT_EVENT = 'fan-out-event',
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.FAN_OUT_EVENT]: QueueName.EVENTS,
};

export const JOB_OPTIONS: Record<JobName, JobsOptions> = {
  [JobName.FAN_OUT_EVENT]: {
    attempts: 10,
    backoff: { type: 'exponential', delay: 1000 },
    // Completed jobs are kept a day so a re-relayed event (same jobId) is recognised and not run twice.
    removeOnComplete: { age: 24 * 3600 },
    // Failed jobs are kept for inspection and re-driving.
    removeOnFail: false,
  },
};
