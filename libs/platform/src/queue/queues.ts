import { type JobsOptions } from 'bullmq';

/** Every queue of the system. */
export enum QueueName {
  EVENTS = 'events',
  /** Delayed jobs of the referral SLA clocks (reminders and breaches of the due times) and of consent expiry. */
  CLOCKS = 'clocks',
}

/** Every job name, with its queue and its explicit retry and retention policy. */
export enum JobName {
  /** One outbox event, relayed: fan it out to the channels of the agencies it concerns. */
  FAN_OUT_EVENT = 'fan-out-event',
  /** A referral's due time (or its reminder point) is reached: remind, or mark overdue and escalate, once. */
  CHECK_DUE = 'check-due',
  /** A consent's expiry is 14 days away, or reached: tell the agencies, and at expiry mark open referrals, once. */
  CHECK_CONSENT_EXPIRY = 'check-consent-expiry',
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.FAN_OUT_EVENT]: QueueName.EVENTS,
  [JobName.CHECK_DUE]: QueueName.CLOCKS,
  [JobName.CHECK_CONSENT_EXPIRY]: QueueName.CLOCKS,
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
  [JobName.CHECK_DUE]: {
    attempts: 10,
    backoff: { type: 'exponential', delay: 2000 },
    // Kept a week so a re-run fan-out of the same `referral.sent` (same jobIds) does not schedule them again;
    // a job that does run again changes nothing (the handler sets each reminder and breach only once).
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: false,
  },
  [JobName.CHECK_CONSENT_EXPIRY]: {
    attempts: 10,
    backoff: { type: 'exponential', delay: 2000 },
    // Kept a week, like CHECK_DUE; a job that runs again changes nothing (consent_notice records each notice once).
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: false,
  },
};
