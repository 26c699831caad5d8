import { JOB_OPTIONS, JobName, type AppConfig } from '@tsunagu/platform';
import { type JobsOptions } from 'bullmq';

/**
 * The base of the exponential backoff that spreads `attempts` over `windowMs`: BullMQ waits base·2^(n−1)
 * after the n-th failed attempt, so the waits add up to base·(2^(attempts−1) − 1) = the window. E.g. 3
 * attempts over 3 s wait 1 s, then 2 s; 12 attempts over a day wait about 42 s, 84 s, … 12 h.
 */
export function webhookBackoffBase(windowMs: number, attempts: number): number {
  if (attempts <= 1) return 0;
  return Math.max(1, Math.round(windowMs / (2 ** (attempts - 1) - 1)));
}

/** The wait BullMQ's exponential backoff makes after failed attempt `attemptsMade` (1-based) of a job. */
export function webhookRetryDelay(baseMs: number, attemptsMade: number): number {
  return Math.round(2 ** (attemptsMade - 1) * baseMs);
}

/** DELIVER_WEBHOOK's options with the configured attempts and retry window (retention from JOB_OPTIONS). */
export function deliverWebhookJobOptions(
  config: Pick<AppConfig, 'WEBHOOK_MAX_ATTEMPTS' | 'WEBHOOK_RETRY_WINDOW'>,
): JobsOptions {
  return {
    ...JOB_OPTIONS[JobName.DELIVER_WEBHOOK],
    attempts: config.WEBHOOK_MAX_ATTEMPTS,
    backoff: {
      type: 'exponential',
      delay: webhookBackoffBase(config.WEBHOOK_RETRY_WINDOW, config.WEBHOOK_MAX_ATTEMPTS),
    },
  };
}

/**
 * The wait after the n-th database (or Redis) error of a delivery job, which counts no attempt: 1 s, 2 s, 4 s …
 * at most a minute, for as long as the outage lasts.
 */
export function infrastructureBackoff(postponements: number): number {
  return Math.min(1000 * 2 ** Math.max(0, postponements - 1), 60_000);
}
