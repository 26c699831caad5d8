import { jest } from '@jest/globals';
import { Registry } from 'prom-client';
import { WorkerMetrics, WORKER_METRIC_NAMES, type JobCountsSource, type OutboxLag } from './worker-metrics.js';

function queue(name: string, counts: Record<string, number>): JobCountsSource {
  return { name, getJobCounts: () => Promise.resolve(counts) };
}

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

describe('WorkerMetrics', () => {
  it('reports job counts per queue and state, prioritized jobs counted as waiting', async () => {
    const registry = new Registry();
    new WorkerMetrics(registry, {
      queues: [
        queue('events', { waiting: 2, prioritized: 1, active: 1, delayed: 0, failed: 3 }),
        queue('mail', { waiting: 0, prioritized: 0, active: 0, delayed: 5, failed: 0 }),
      ],
      outboxLag: () => Promise.resolve({ pending: 7, oldestAgeSeconds: 12.5 }),
    });
    const text = await registry.metrics();
    expect(text).toContain('tsunagu_queue_jobs{queue="events",state="waiting"} 3');
    expect(text).toContain('tsunagu_queue_jobs{queue="events",state="failed"} 3');
    expect(text).toContain('tsunagu_queue_jobs{queue="mail",state="delayed"} 5');
    expect(text).toContain('tsunagu_outbox_pending_events 7');
    expect(text).toContain('tsunagu_outbox_oldest_pending_age_seconds 12.5');
  });

  it('answers within the time allowed when Redis and PostgreSQL do not, without their values', async () => {
    const registry = new Registry();
    const outboxLag = jest.fn(never<OutboxLag>);
    const getJobCounts = jest.fn(never<Record<string, number>>);
    new WorkerMetrics(registry, { queues: [{ name: 'events', getJobCounts }], outboxLag }, 50);

    const first = await registry.metrics();
    expect(first).not.toMatch(/^tsunagu_queue_jobs\{/m);
    // prom-client writes NaN as `Nan`, which Prometheus parses (case-insensitively) as NaN.
    expect(first).toMatch(/^tsunagu_outbox_pending_events nan$/im);
    expect(first).toContain('tsunagu_metrics_collect_failures_total{source="queues"} 1');
    expect(first).toContain('tsunagu_metrics_collect_failures_total{source="outbox"} 1');

    // A second scrape waits on the probes still pending instead of adding new ones; both outbox gauges share one.
    const second = await registry.metrics();
    expect(second).toContain('tsunagu_metrics_collect_failures_total{source="queues"} 2');
    expect(getJobCounts).toHaveBeenCalledTimes(1);
    expect(outboxLag).toHaveBeenCalledTimes(1);
  });

  it('drops stale values when a later read fails', async () => {
    const registry = new Registry();
    let healthy = true;
    new WorkerMetrics(registry, {
      queues: [
        {
          name: 'webhooks',
          getJobCounts: () => (healthy ? Promise.resolve({ waiting: 4 }) : Promise.reject(new Error('ECONNREFUSED'))),
        },
      ],
      outboxLag: () =>
        healthy ? Promise.resolve({ pending: 1, oldestAgeSeconds: 3 }) : Promise.reject(new Error('down')),
    });
    expect(await registry.metrics()).toContain('tsunagu_queue_jobs{queue="webhooks",state="waiting"} 4');
    healthy = false;
    const text = await registry.metrics();
    expect(text).not.toContain('queue="webhooks"');
    expect(text).toMatch(/^tsunagu_outbox_oldest_pending_age_seconds nan$/im);
  });

  it('removes its series from the registry', () => {
    const registry = new Registry();
    const gauges = new WorkerMetrics(registry, {
      queues: [],
      outboxLag: () => Promise.resolve({ pending: 0, oldestAgeSeconds: 0 }),
    });
    gauges.remove();
    for (const name of Object.values(WORKER_METRIC_NAMES)) expect(registry.getSingleMetric(name)).toBeUndefined();
    // Registering again (an application started again in the same process) does not throw.
    expect(() => new WorkerMetrics(registry, { queues: [], outboxLag: never })).not.toThrow();
  });
});
