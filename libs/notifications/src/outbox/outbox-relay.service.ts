import { setTimeout as sleep } from 'node:timers/promises';
import { InjectQueue } from '@nestjs/bullmq';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import {
  APP_CONFIG,
  failFastQueueOptions,
  JOB_OPTIONS,
  JOB_QUEUE,
  JobName,
  QueueName,
  withTimeout,
  type AppConfig,
  preparedQuery,
} from '@tsunagu/platform';
import { Queue, type BulkJobOptions, type QueueOptions } from 'bullmq';
import pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { type PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions.js';
import { DeliveryJobSweepService } from './delivery-job-sweep.service.js';
import { toBusEvent, type OutboxRow } from './outbox-row.js';
import { relayBackoff, WakeSignal } from './relay-wait.js';

/** The channel the outbox trigger notifies on every insert (migration 1764180000000-outbox). */
export const OUTBOX_CHANNEL = 'tsunagu_outbox';
/** Rows per transaction (and per `addBulk`). */
export const RELAY_BATCH_SIZE = 100;
/** The safety net: a lost notification (or a LISTEN connection being re-made) delays delivery by this much. */
export const RELAY_POLL_INTERVAL_MS = 1000;
const LISTEN_CONNECT_TIMEOUT_MS = 5000;
/** Bounds every wait on Redis, so that a batch's transaction (and its row locks) never stays open long. */
const REDIS_TIMEOUT_MS = 5000;
/** The redelivery sweep looks for unfinished events this often at most (and at least twice per grace period). */
const REDELIVERY_SWEEP_MAX_INTERVAL_MS = 15_000;

/** The queue could not take the batch (Redis unreachable or too slow): the transaction rolls back. */
export class QueueUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`Redis unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'QueueUnavailableError';
  }
}

type Outage = 'redis' | 'database';

/**
 * The worker's outbox relay: moves committed outbox rows to the EVENTS queue as FAN_OUT_EVENT jobs and marks
 * them relayed, one transaction per batch (`FOR UPDATE SKIP LOCKED`, so several workers can relay at once).
 *
 * A row is marked only in the transaction whose `addBulk` succeeded. If Redis is unreachable the transaction
 * rolls back and the relay retries with a capped backoff, warning once per outage; the rows wait in PostgreSQL.
 * A crash between `addBulk` and the commit relays the same rows again: the job id is the event id, and BullMQ
 * ignores an add whose job id exists (completed jobs are kept a day), so that costs nothing.
 *
 * It wakes on `NOTIFY tsunagu_outbox` (a dedicated LISTEN connection, re-made if it drops) and polls every
 * second in case a notification is missed.
 *
 * Being accepted by Redis is not being delivered: a Redis that restarts empty loses the jobs it held. The
 * fan-out records on the outbox row which channels have handled the event (`fanned_out_channels`) and when all
 * had (`fanned_out_at`), so a sweep relays again every event relayed more than OUTBOX_REDELIVERY_GRACE_MS ago
 * without that mark, under the same job id (and moves its `relayed_at` on, so it waits another grace period).
 * While the job still exists (waiting, retrying, or failed and kept) BullMQ ignores the add; when it is gone, the
 * new job fans out to the channels not yet recorded, and only those. The same sweep queues again the jobs of
 * webhook and e-mail deliveries left PENDING past the grace period ({@link DeliveryJobSweepService}).
 */
@Injectable()
export class OutboxRelayService implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayService.name);
  private readonly signal = new WakeSignal();
  private readonly stop = new AbortController();
  private producer: Queue | null = null;
  private listenClient: pg.Client | null = null;
  private running: Promise<void>[] = [];
  private outage: Outage | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(QueueName.EVENTS) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly deliveryJobs: DeliveryJobSweepService,
  ) {}

  onModuleInit(): void {
    const queueOfJob: string = JOB_QUEUE[JobName.FAN_OUT_EVENT];
    if (queueOfJob !== this.queue.name) {
      throw new Error(`The relay adds ${JobName.FAN_OUT_EVENT} jobs to ${this.queue.name}, not their queue`);
    }
    this.producerOptions(); // fails at boot if the queue's connection cannot be derived
  }

  onApplicationBootstrap(): void {
    this.running = [this.relayLoop(), this.listenLoop(), this.redeliveryLoop()];
  }

  /** Finishes the current batch, then releases the LISTEN connection and the producer's Redis connection. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    this.signal.wake();
    await this.listenClient?.end().catch(() => undefined);
    await Promise.all(this.running);
    await this.discardProducer();
  }

  /**
   * One transaction of three statements: mark up to a batch of pending rows relayed (locking them; rows another
   * relay holds are skipped), add their jobs in the order the rows were written, commit. When the add fails the
   * transaction rolls back and the rows stay pending.
   */
  async relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager: EntityManager) => {
      // An UPDATE's result comes as [rows, count].
      const [rows] = await preparedQuery<[(OutboxRow & { seq: string })[], number]>(
        manager,
        `UPDATE "outbox_event" SET "relayed_at" = now()
          WHERE "id" IN (SELECT "id" FROM "outbox_event"
                          WHERE "relayed_at" IS NULL
                          ORDER BY "seq"
                          LIMIT $1
                            FOR UPDATE SKIP LOCKED)
          RETURNING "id", "type", "agency_ids", "payload", "occurred_at", "seq"`,
        [RELAY_BATCH_SIZE],
      );
      if (rows.length === 0) return 0;
      rows.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
      await this.enqueue(rows);
      return rows.length;
    });
  }

  /**
   * One transaction: lock up to a batch of events relayed more than the grace period ago whose fan-out is not
   * recorded as done, add their jobs again (same ids), and start their grace period over.
   */
  async redeliverBatch(): Promise<{ checked: number; lost: number }> {
    return this.dataSource.transaction(async (manager: EntityManager) => {
      const rows = await preparedQuery<OutboxRow[]>(
        manager,
        `SELECT "id", "type", "agency_ids", "payload", "occurred_at"
           FROM "outbox_event"
          WHERE "relayed_at" IS NOT NULL AND "fanned_out_at" IS NULL
            AND "relayed_at" < now() - make_interval(secs => $2::double precision / 1000)
          ORDER BY "relayed_at"
          LIMIT $1
            FOR UPDATE SKIP LOCKED`,
        [RELAY_BATCH_SIZE, this.config.OUTBOX_REDELIVERY_GRACE_MS],
      );
      if (rows.length === 0) return { checked: 0, lost: 0 };
      const lost = await this.missingJobs(rows);
      await this.enqueue(rows);
      await preparedQuery(manager, `UPDATE "outbox_event" SET "relayed_at" = now() WHERE "id" = ANY($1::uuid[])`, [
        rows.map((row) => row.id),
      ]);
      return { checked: rows.length, lost };
    });
  }

  /** How many of these events' jobs Redis no longer has (for the log: the others' adds are ignored). */
  private async missingJobs(rows: readonly OutboxRow[]): Promise<number> {
    const producer = this.producerQueue();
    try {
      await withTimeout(producer.waitUntilReady(), REDIS_TIMEOUT_MS);
      const states = await withTimeout(Promise.all(rows.map((row) => producer.getJobState(row.id))), REDIS_TIMEOUT_MS);
      return states.filter((state) => state === 'unknown').length;
    } catch (error) {
      throw new QueueUnavailableError(error);
    }
  }

  private async enqueue(rows: readonly OutboxRow[]): Promise<void> {
    const options: BulkJobOptions = JOB_OPTIONS[JobName.FAN_OUT_EVENT];
    const jobs = rows.map((row) => ({
      name: JobName.FAN_OUT_EVENT,
      data: toBusEvent(row),
      opts: { ...options, jobId: row.id },
    }));
    const producer = this.producerQueue();
    try {
      await withTimeout(producer.waitUntilReady(), REDIS_TIMEOUT_MS);
      await withTimeout(producer.addBulk(jobs), REDIS_TIMEOUT_MS);
    } catch (error) {
      // The next attempt gets a fresh connection; this one may be closed, half-open or never ready.
      const broken = this.producer;
      this.producer = null;
      if (broken) void withTimeout(broken.disconnect(), REDIS_TIMEOUT_MS).catch(() => undefined);
      throw new QueueUnavailableError(error);
    }
  }

  private async relayLoop(): Promise<void> {
    let failures = 0;
    while (!this.stop.signal.aborted) {
      let relayed: number;
      try {
        relayed = await this.relayBatch();
      } catch (error) {
        failures += 1;
        this.reportFailure(error);
        await this.pause(relayBackoff(failures));
        continue;
      }
      if (this.outage) {
        this.logger.log(`Outbox relay: ${this.outage === 'redis' ? 'Redis' : 'PostgreSQL'} reachable again`);
        this.outage = null;
      }
      failures = 0;
      if (relayed < RELAY_BATCH_SIZE) await this.signal.wait(RELAY_POLL_INTERVAL_MS, this.stop.signal);
    }
  }

  /** Sweeps for relayed events without a recorded fan-out, twice per grace period (at most every 15 s). */
  private async redeliveryLoop(): Promise<void> {
    const interval = Math.min(
      Math.max(Math.floor(this.config.OUTBOX_REDELIVERY_GRACE_MS / 2), 50),
      REDELIVERY_SWEEP_MAX_INTERVAL_MS,
    );
    while (!this.stop.signal.aborted) {
      await this.pause(interval);
      if (this.stop.signal.aborted || this.outage) continue; // the relay loop reports outages
      try {
        let batch: { checked: number; lost: number };
        do {
          batch = await this.redeliverBatch();
          if (batch.lost > 0) {
            this.logger.warn(
              `Outbox relay: ${batch.lost} event(s) relayed ${this.config.OUTBOX_REDELIVERY_GRACE_MS} ms ago or more ` +
                `had no recorded fan-out and no job in Redis (lost with it?); relayed again`,
            );
          }
        } while (batch.checked === RELAY_BATCH_SIZE && !this.stop.signal.aborted);
        await this.deliveryJobs.sweep();
      } catch {
        // Redis or PostgreSQL unreachable: the relay loop says so; the next sweep tries again.
      }
    }
  }

  /** Once per outage: the rows are safe in PostgreSQL, so this is a warning, not an error. */
  private reportFailure(error: unknown): void {
    const kind: Outage = error instanceof QueueUnavailableError ? 'redis' : 'database';
    if (this.outage === kind) return;
    this.outage = kind;
    const message = error instanceof Error ? error.message : String(error);
    if (kind === 'redis') {
      this.logger.warn(`Outbox relay: ${message}; events wait in the outbox and are relayed when it is back`);
    } else {
      this.logger.warn(`Outbox relay: cannot read the outbox (${message}); retrying`);
    }
  }

  /** Keeps a LISTEN connection open while the relay runs, re-making it when it drops. */
  private async listenLoop(): Promise<void> {
    let failures = 0;
    let warned = false;
    while (!this.stop.signal.aborted) {
      const client = new pg.Client(this.listenConfig());
      const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
      client.on('error', () => undefined); // the connection ends after an error; the loop re-makes it
      client.on('notification', () => this.signal.wake());
      try {
        await client.connect();
        await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
        this.listenClient = client;
        failures = 0;
        if (warned) this.logger.log('Outbox relay: listening for notifications again');
        warned = false;
        this.signal.wake(); // rows committed while nobody listened
        await Promise.race([ended, aborted(this.stop.signal)]);
        if (!this.stop.signal.aborted) {
          this.logger.warn('Outbox relay: LISTEN connection lost; re-connecting (polling meanwhile)');
          warned = true;
        }
      } catch (error) {
        failures += 1;
        if (!warned && !this.stop.signal.aborted) {
          const message = error instanceof Error ? error.message : String(error);
          this.logger.warn(`Outbox relay: LISTEN connection failed (${message}); polling until it is back`);
          warned = true;
        }
      } finally {
        this.listenClient = null;
        await client.end().catch(() => undefined);
      }
      await this.pause(relayBackoff(failures + 1));
    }
  }

  private listenConfig(): pg.ClientConfig {
    const options = this.dataSource.options as PostgresDataSourceOptions;
    return {
      connectionString: options.url,
      host: options.host,
      port: options.port,
      user: options.username,
      password: options.password,
      database: options.database,
      ssl: options.ssl as pg.ClientConfig['ssl'],
      application_name: `${options.applicationName ?? 'tsunagu'}-outbox-listen`.slice(0, 63),
      keepAlive: true,
      connectionTimeoutMillis: LISTEN_CONNECT_TIMEOUT_MS,
    };
  }

  /**
   * The relay's own producer for the EVENTS queue (same Redis and prefix as the registered queue), failing
   * fast: the shared connection retries every command forever, which suits workers, but would hold the
   * batch's transaction open through a Redis outage and pile the adds up in memory.
   */
  private producerQueue(): Queue {
    if (!this.producer) {
      this.producer = new Queue(this.queue.name, this.producerOptions());
      this.producer.on('error', () => undefined); // a failed add rejects; the relay loop reports it
    }
    return this.producer;
  }

  private producerOptions(): QueueOptions {
    return failFastQueueOptions(this.queue, REDIS_TIMEOUT_MS, 'The outbox relay');
  }

  /** Drops the producer: closed politely when it still works, else disconnected. */
  private async discardProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    if (!producer) return;
    await withTimeout(producer.close(), REDIS_TIMEOUT_MS).catch(() =>
      withTimeout(producer.disconnect(), REDIS_TIMEOUT_MS).catch(() => undefined),
    );
  }

  /** Waits, unless the relay is stopping. */
  private async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.stop.signal }).catch(() => undefined);
  }
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
