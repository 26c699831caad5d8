import { JOB_OPTIONS, JobName } from '@tsunagu/platform';
import {
  deliverWebhookJobOptions,
  infrastructureBackoff,
  webhookBackoffBase,
  webhookRetryDelay,
} from './webhook-retry.js';

const DAY_MS = 24 * 3600 * 1000;

/** Every wait between the attempts of a job, as BullMQ's exponential backoff makes them. */
function waits(windowMs: number, attempts: number): number[] {
  const base = webhookBackoffBase(windowMs, attempts);
  return Array.from({ length: attempts - 1 }, (_, index) => webhookRetryDelay(base, index + 1));
}

describe('webhook retry schedule', () => {
  it('spreads 3 attempts over PT3S as waits of 1 s and 2 s', () => {
    expect(webhookBackoffBase(3000, 3)).toBe(1000);
    expect(waits(3000, 3)).toEqual([1000, 2000]);
  });

  it('spreads the default 12 attempts over about a day, doubling from about 42 s to about 12 h', () => {
    const schedule = waits(DAY_MS, 12);
    expect(schedule).toHaveLength(11);
    expect(schedule[0]).toBe(42_208);
    expect(schedule[10]).toBe(42_208 * 1024);
    const total = schedule.reduce((sum, wait) => sum + wait, 0);
    expect(Math.abs(total - DAY_MS)).toBeLessThan(60_000);
  });

  it('has no backoff for a single attempt', () => {
    expect(webhookBackoffBase(DAY_MS, 1)).toBe(0);
  });

  it("keeps JOB_OPTIONS' defaults equal to the configuration's defaults", () => {
    const defaults = JOB_OPTIONS[JobName.DELIVER_WEBHOOK];
    expect(defaults.attempts).toBe(12);
    expect(defaults.backoff).toEqual({ type: 'exponential', delay: webhookBackoffBase(DAY_MS, 12) });
  });

  it('builds the job options from the configuration, keeping the retention of JOB_OPTIONS', () => {
    expect(deliverWebhookJobOptions({ WEBHOOK_MAX_ATTEMPTS: 3, WEBHOOK_RETRY_WINDOW: 3000 })).toEqual({
      attempts: 3,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: false,
    });
  });
});

describe('infrastructure backoff', () => {
  it('doubles from 1 s and stays at a minute', () => {
    expect([1, 2, 3, 4, 6, 7, 8, 100].map(infrastructureBackoff)).toEqual([
      1000, 2000, 4000, 8000, 32_000, 60_000, 60_000, 60_000,
    ]);
  });
});
