import { type JobsOptions } from 'bullmq';

/** Every queue of the system. */
export enum QueueName {
  EVENTS = 'events',
  /** Delayed jobs of the referral SLA clocks (reminders and breaches of the due times) and of consent expiry. */
  CLOCKS = 'clocks',
  /** E-mail notices, one job per email_delivery row. */
  MAIL = 'mail',
  /** Webhook POSTs, one job per delivery round; retried with backoff across WEBHOOK_RETRY_WINDOW. */
  WEBHOOKS = 'webhooks',
}

/** Every job name, with its queue and its explicit retry and retention policy. */
export enum JobName {
  /** One outbox event, relayed: fan it out to the channels of the agencies it concerns. */
  FAN_OUT_EVENT = 'fan-out-event',
  /** A referral's due time (or its reminder point) is reached: remind, or mark overdue and escalate, once. */
  CHECK_DUE = 'check-due',
  /** A consent's expiry is 14 days away, or reached: tell the agencies, and at expiry mark open referrals, once. */
  CHECK_CONSENT_EXPIRY = 'check-consent-expiry',
  /** A support task's reminder, overdue mark or escalation, or a plan's review date passing: act once. */
  CHECK_TASK_CLOCK = 'check-task-clock',
  /** One e-mail notice (an email_delivery row) to an agency's contact address. */
  SEND_EMAIL = 'send-email',
  /** One signed POST of a webhook delivery (a webhook_delivery row) to its endpoint. */
  DELIVER_WEBHOOK = 'deliver-webhook',
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.FAN_OUT_EVENT]: QueueName.EVENTS,
  [JobName.CHECK_DUE]: QueueName.CLOCKS,
  [JobName.CHECK_CONSENT_EXPIRY]: QueueName.CLOCKS,
  [JobName.CHECK_TASK_CLOCK]: QueueName.CLOCKS,
  [JobName.SEND_EMAIL]: QueueName.MAIL,
  [JobName.DELIVER_WEBHOOK]: QueueName.WEBHOOKS,
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
  [JobName.CHECK_TASK_CLOCK]: {
    attempts: 10,
    backoff: { type: 'exponential', delay: 2000 },
    // Kept a week, like CHECK_DUE; a job that runs again changes nothing (the task's and plan's bookkeeping
    // columns record each step once).
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: false,
  },
  [JobName.SEND_EMAIL]: {
    // 1, 2, 4 … 64 minutes apart: about two hours of SMTP outage or greylisting before the row is FAILED.
    attempts: 8,
    backoff: { type: 'exponential', delay: 60_000 },
    // Kept a day so a re-run fan-out (same jobId: the delivery id) adds nothing; a SENT row is never sent again.
    removeOnComplete: { age: 24 * 3600 },
    removeOnFail: false,
  },
  [JobName.DELIVER_WEBHOOK]: {
    // The defaults of WEBHOOK_MAX_ATTEMPTS (12) and WEBHOOK_RETRY_WINDOW (P1D): waits of about 42 s, 84 s … 12 h.
    // Deliveries are added with `deliverWebhookJobOptions(config)`, which sets both from the configuration.
    attempts: 12,
    backoff: { type: 'exponential', delay: 42_208 },
    // Kept a day so a re-run fan-out (same jobId: the delivery id) adds nothing; a SUCCEEDED delivery is never sent again.
    removeOnComplete: { age: 24 * 3600 },
    // Failed (dead-lettered) jobs are kept for inspection; `redeliverWebhook` starts a new job.
    removeOnFail: false,
  },
};
