import { Counter, Gauge, type Registry } from 'prom-client';
import { type DataSource } from 'typeorm';
import { METRIC_PREFIX } from './metrics.js';
import { withTimeout } from '../queue/fail-fast.js';

/** How long a scrape waits for Redis or PostgreSQL before it reports the gauges as unknown. */
export const COLLECT_TIMEOUT_MS = 1000;

/** The unrelayed outbox rows counted at most (an index-only scan of the pending rows, bounded). */
export const OUTBOX_COUNT_LIMIT = 100_000;

/** The job states reported per queue; `waiting` includes prioritized jobs. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** A queue whose job counts can be asked (a BullMQ `Queue`). */
export interface JobCountsSource {
  readonly name: string;
  getJobCounts(
    ...types: ('waiting' | 'prioritized' | 'active' | 'delayed' | 'failed')[]
  ): Promise<Record<string, number>>;
}

export interface OutboxLag {
  /** Unrelayed rows, counted up to OUTBOX_COUNT_LIMIT. */
  pending: number;
  /** Age of the oldest unrelayed row; 0 when there is none. */
  oldestAgeSeconds: number;
}

/** The series `WorkerMetrics` adds to the registry. */
export const WORKER_METRIC_NAMES = {
  queueJobs: `${METRIC_PREFIX}queue_jobs`,
  outboxPending: `${METRIC_PREFIX}outbox_pending_events`,
  outboxOldestAge: `${METRIC_PREFIX}outbox_oldest_pending_age_seconds`,
  collectFailures: `${METRIC_PREFIX}metrics_collect_failures_total`,
} as const;

export interface WorkerMetricSources {
  queues: readonly JobCountsSource[];
  outboxLag: () => Promise<OutboxLag>;
}

/**
 * Shares one probe between overlapping callers: while Redis or PostgreSQL does not answer, every scrape
 * waits on the same pending probe instead of piling up new ones.
 */
function shared<T>(probe: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= probe().finally(() => {
      pending = null;
    });
    return pending;
  };
}

/** One cheap query on the partial index of pending rows (`ix_outbox_event_pending`), with the database's clock. */
export async function queryOutboxLag(dataSource: DataSource): Promise<OutboxLag> {
  const [row] = await dataSource.query<{ pending: number; oldest_age_seconds: number | null }[]>(
    `SELECT (SELECT count(*) FROM (SELECT 1 FROM "outbox_event" WHERE "relayed_at" IS NULL LIMIT $1) AS pending)::int
              AS "pending",
            (SELECT GREATEST(0, EXTRACT(EPOCH FROM now() - "occurred_at"))::float8
               FROM "outbox_event" WHERE "relayed_at" IS NULL ORDER BY "seq" LIMIT 1) AS "oldest_age_seconds"`,
    [OUTBOX_COUNT_LIMIT],
  );
  return { pending: row.pending, oldestAgeSeconds: row.oldest_age_seconds ?? 0 };
}

/**
 * The worker's gauges, read at each scrape: job counts per queue (BullMQ) and the outbox relay's lag
 * (PostgreSQL). Each read is bounded by `timeoutMs`, so an outage cannot hang `/metrics`. Rather than repeat
 * stale values, a source that fails or does not answer in time leaves the queue series out of that scrape
 * and reports the outbox gauges as NaN; either way it counts in `tsunagu_metrics_collect_failures_total`.
 */
export class WorkerMetrics {
  readonly queueJobs: Gauge<'queue' | 'state'>;
  readonly outboxPending: Gauge;
  readonly outboxOldestAge: Gauge;
  readonly collectFailures: Counter<'source'>;

  constructor(
    private readonly registry: Registry,
    sources: WorkerMetricSources,
    timeoutMs = COLLECT_TIMEOUT_MS,
  ) {
    // The registry collects every metric of a scrape at once, so each source is read once per scrape and
    // every series of the scrape (the failure counter included) sees the same read.
    const readJobCounts = shared(() =>
      Promise.all(
        sources.queues.map(async (queue) => ({
          queue: queue.name,
          counts: await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed'),
        })),
      ),
    );
    const readOutboxLag = shared(sources.outboxLag);
    const failed = { queues: false, outbox: false };
    const bounded = <T>(source: keyof typeof failed, read: () => Promise<T>) =>
      shared(async (): Promise<T | null> => {
        try {
          const value = await withTimeout(read(), timeoutMs);
          failed[source] = false;
          return value;
        } catch {
          failed[source] = true;
          return null;
        }
      });
    const jobCountsOfThisScrape = bounded('queues', readJobCounts);
    const outboxLagOfThisScrape = bounded('outbox', readOutboxLag);

    this.collectFailures = new Counter({
      name: WORKER_METRIC_NAMES.collectFailures,
      help: 'Scrapes that could not read a source (queues: Redis, outbox: PostgreSQL) within the time allowed.',
      labelNames: ['source'] as const,
      registers: [registry],
      async collect() {
        await Promise.all([jobCountsOfThisScrape(), outboxLagOfThisScrape()]);
        for (const source of ['queues', 'outbox'] as const) this.inc({ source }, failed[source] ? 1 : 0);
      },
    });
    this.queueJobs = new Gauge({
      name: WORKER_METRIC_NAMES.queueJobs,
      help: 'Jobs per queue by state: waiting (including prioritized), active, delayed, failed (kept for re-driving).',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const { queue, counts } of (await jobCountsOfThisScrape()) ?? []) {
          this.set({ queue, state: 'waiting' }, (counts.waiting ?? 0) + (counts.prioritized ?? 0));
          for (const state of ['active', 'delayed', 'failed'] as const) this.set({ queue, state }, counts[state] ?? 0);
        }
      },
    });
    this.outboxPending = new Gauge({
      name: WORKER_METRIC_NAMES.outboxPending,
      help: `Outbox events not yet relayed to the EVENTS queue (counted up to ${OUTBOX_COUNT_LIMIT}); NaN when PostgreSQL did not answer.`,
      registers: [registry],
      async collect() {
        this.set((await outboxLagOfThisScrape())?.pending ?? Number.NaN);
      },
    });
    this.outboxOldestAge = new Gauge({
      name: WORKER_METRIC_NAMES.outboxOldestAge,
      help: 'Age of the oldest outbox event not yet relayed (0 when none waits; NaN when PostgreSQL did not answer).',
      registers: [registry],
      async collect() {
        this.set((await outboxLagOfThisScrape())?.oldestAgeSeconds ?? Number.NaN);
      },
    });
  }

  /** Takes the gauges out of the registry (the application closes; the registry lives on with the process). */
  remove(): void {
    for (const name of Object.values(WORKER_METRIC_NAMES)) this.registry.removeSingleMetric(name);
  }
}
