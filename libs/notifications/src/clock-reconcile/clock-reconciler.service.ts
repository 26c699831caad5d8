import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, JOB_OPTIONS, Metrics, QueueName, withTimeout, type AppConfig } from '@tsunagu/platform';
import { type Queue } from 'bullmq';
import { DataSource, type EntityManager } from 'typeorm';
import { CLOCK_SOURCES, type ClockSource, type DueClock } from './clock-source.js';

/** Rows read per page of a source. */
export const RECONCILE_PAGE_SIZE = 500;

/** How long one Redis round trip of a reconciliation may take before the round gives up (Redis down). */
const REDIS_TIMEOUT_MS = 15_000;

/** What one source's pass found: the clocks that must still fire, and those of them re-created in Redis. */
export interface SourceReconciliation {
  checked: number;
  recreated: number;
}

/** One reconciliation round, per kind of clock. */
export type Reconciliation = Record<string, SourceReconciliation>;

/**
 * PostgreSQL is the source of truth for the clocks; Redis only holds their delayed jobs. The reconciler reads,
 * from every clock source, the clocks that must still fire, and re-creates each one whose job is not in Redis
 * (a Redis restarted empty, a key evicted), with the same job id and its due time as the delay: a time past
 * fires at once. A job that exists is left alone, unless it failed for good (its attempts used up) while its
 * clock must still fire: it is replaced. Adding with a known job id adds nothing, so a race with the fan-out
 * that schedules the same clock cannot double it. One worker instance reconciles at a
 * time (a PostgreSQL advisory lock held for the round).
 */
@Injectable()
export class ClockReconciler {
  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(QueueName.CLOCKS) private readonly queue: Queue,
    @Inject(CLOCK_SOURCES) private readonly sources: ClockSource[],
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'CLOCK_RECONCILE_LOOKBACK'>,
  ) {
    // The series exist from the start at zero: rate() and increase() see the first re-created clock.
    for (const source of sources) metrics.clocksRecreated.inc({ kind: source.kind }, 0);
  }

  /** One round over every source; null when another worker instance is reconciling. */
  reconcile(now = new Date()): Promise<Reconciliation | null> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query<{ locked: boolean }[]>(
        `SELECT pg_try_advisory_xact_lock(hashtextextended('tsunagu.clock_reconcile', 0)) AS "locked"`,
      );
      if (!locked) return null;
      const since = new Date(now.getTime() - this.config.CLOCK_RECONCILE_LOOKBACK);
      const result: Reconciliation = {};
      for (const source of this.sources) result[source.kind] = await this.reconcileSource(manager, source, now, since);
      return result;
    });
  }

  private async reconcileSource(
    manager: EntityManager,
    source: ClockSource,
    now: Date,
    since: Date,
  ): Promise<SourceReconciliation> {
    const counts: SourceReconciliation = { checked: 0, recreated: 0 };
    const failed = await this.failedJobIds();
    let cursor: string | null = null;
    do {
      const page = await source.page(manager, cursor, RECONCILE_PAGE_SIZE, now, since);
      counts.checked += page.clocks.length;
      const missing = await this.missing(page.clocks, failed);
      if (missing.length > 0) {
        await withTimeout(this.queue.addBulk(missing.map((clock) => this.job(clock, now))), REDIS_TIMEOUT_MS);
        counts.recreated += missing.length;
        this.metrics.clocksRecreated.inc({ kind: source.kind }, missing.length);
      }
      cursor = page.next;
    } while (cursor !== null);
    return counts;
  }

  /** The ids of the CLOCKS queue's failed jobs (all attempts used): normally none. */
  private async failedJobIds(): Promise<ReadonlySet<string>> {
    const client = await withTimeout(this.queue.getBackend().client, REDIS_TIMEOUT_MS);
    return new Set(await withTimeout(client.zrange(this.queue.toKey('failed'), 0, -1), REDIS_TIMEOUT_MS));
  }

  /**
   * The clocks whose job is not in Redis (its hash: one HGET per job, sent together), and those whose job used
   * up its attempts (a long database outage, say) while the clock must still fire: that job is removed, to be
   * added again like a missing one.
   */
  private async missing(clocks: DueClock[], failed: ReadonlySet<string>): Promise<DueClock[]> {
    if (clocks.length === 0) return [];
    const client = await withTimeout(this.queue.getBackend().client, REDIS_TIMEOUT_MS);
    const names = await withTimeout(
      Promise.all(clocks.map((clock) => client.hget(this.queue.toKey(clock.jobId), 'name'))),
      REDIS_TIMEOUT_MS,
    );
    const gone = clocks.filter((_, index) => names[index] === null);
    const exhausted = clocks.filter((clock, index) => names[index] !== null && failed.has(clock.jobId));
    // A job retried meanwhile (active, locked) is not removed, and stays as it is.
    const removed = await withTimeout(
      Promise.allSettled(exhausted.map((clock) => this.queue.remove(clock.jobId))),
      REDIS_TIMEOUT_MS,
    );
    return [...gone, ...exhausted.filter((_, index) => removed[index].status === 'fulfilled')];
  }

  /** The job as the scheduling code adds it; `timestamp` + `delay` is the due time (now for one already past). */
  private job(clock: DueClock, now: Date) {
    return {
      name: clock.jobName,
      data: clock.data,
      opts: {
        ...JOB_OPTIONS[clock.jobName],
        jobId: clock.jobId,
        timestamp: now.getTime(),
        delay: Math.max(0, clock.at.getTime() - now.getTime()),
      },
    };
  }
}
