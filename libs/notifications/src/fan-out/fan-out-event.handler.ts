import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, coalescingLoader, JobName, type AppConfig, type BusEvent, preparedQuery } from '@tsunagu/platform';
import { type Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { type JobHandler } from '../jobs/job-handler.js';
import { FAN_OUT_CHANNELS, type FanOutChannel } from './fan-out-channel.js';

/** Some channels failed (the others are recorded as done): the job is retried for those only. */
export class FanOutIncompleteError extends Error {
  constructor(
    readonly eventId: string,
    readonly failed: readonly { channel: string; error: unknown }[],
  ) {
    const reasons = failed.map(
      ({ channel, error }) => `${channel}: ${error instanceof Error ? error.message : String(error)}`,
    );
    super(`fan-out of event ${eventId} incomplete (${reasons.join('; ')})`);
    this.name = 'FanOutIncompleteError';
  }
}

/**
 * Whether nothing can be recorded as done for the job's event yet, so the outbox row need not be read: the job's
 * first start (a retry, or a restart after a crash, starts again), of an event younger than the redelivery
 * grace period. Only the relay's redelivery sweep adds a job for an event whose channels may be partly recorded,
 * and it adds it more than the grace period after the event was relayed. A wrong guess (a clock set back) costs
 * a repeat of channels already done, which every channel tolerates.
 */
export function firstRunOfFreshEvent(
  job: Pick<Job<BusEvent>, 'data' | 'attemptsStarted'>,
  graceMs: number,
  now = Date.now(),
): boolean {
  const age = now - Date.parse(job.data.occurredAt);
  return job.attemptsStarted <= 1 && age >= 0 && age < graceMs;
}

/**
 * FAN_OUT_EVENT: one relayed outbox event, through every channel, for the agencies it concerns.
 *
 * Each channel is a step whose outcome is recorded on the outbox row (`fanned_out_channels`). A channel that
 * fails does not stop the others; the job then fails and is retried, and a retry (or a job added again by the
 * relay's redelivery sweep) runs only the channels not recorded yet. The outcomes of one run are recorded
 * together, in one statement after the last channel, which also sets `fanned_out_at` when every channel is
 * recorded: PostgreSQL then knows the event was fanned out. A run that dies before that statement is repeated
 * whole, which every channel tolerates (see {@link FanOutChannel}). A run costs two statements of bookkeeping,
 * not one per channel, and a job's first run of a fresh event one: it skips reading what is done. Under load,
 * the runs that finish while the worker's outcome statements are all busy share the next one ({@link coalescingLoader}).
 */
@Injectable()
export class FanOutEventHandler implements JobHandler<BusEvent> {
  readonly jobName = JobName.FAN_OUT_EVENT;
  private readonly logger = new Logger(FanOutEventHandler.name);

  constructor(
    @Inject(FAN_OUT_CHANNELS) private readonly channels: readonly FanOutChannel[],
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'OUTBOX_REDELIVERY_GRACE_MS'>,
  ) {}

  async handle(job: Job<BusEvent>): Promise<{ channels: string[]; skipped: string[] }> {
    const event = job.data;
    const done = firstRunOfFreshEvent(job, this.config.OUTBOX_REDELIVERY_GRACE_MS)
      ? new Set<string>()
      : await this.doneChannels(event.id);
    const ran: string[] = [];
    const skipped: string[] = [];
    const failed: { channel: string; error: unknown }[] = [];
    for (const channel of this.channels) {
      if (done.has(channel.name)) {
        skipped.push(channel.name);
        continue;
      }
      try {
        await channel.deliver(event);
        ran.push(channel.name);
      } catch (error) {
        failed.push({ channel: channel.name, error });
      }
    }
    await this.recordDone(event.id, ran, failed.length === 0);
    if (failed.length > 0) throw new FanOutIncompleteError(event.id, failed);
    if (skipped.length > 0) this.logger.debug(`Event ${event.id}: ${skipped.join(', ')} already done, not repeated`);
    return { channels: ran, skipped };
  }

  /** The channels recorded as done for the event (none for an event not in the outbox). */
  private async doneChannels(eventId: string): Promise<Set<string>> {
    const [row] = await preparedQuery<{ fanned_out_channels: string[] }[]>(
      this.dataSource.manager,
      `SELECT "fanned_out_channels" FROM "outbox_event" WHERE "id" = $1`,
      [eventId],
    );
    return new Set(row?.fanned_out_channels ?? []);
  }

  /** Adds the channels of this run to those recorded, and marks the event fanned out when `complete`. */
  private async recordDone(eventId: string, channels: readonly string[], complete: boolean): Promise<void> {
    if (channels.length === 0 && !complete) return;
    await this.outcomes.load({ id: eventId, channels, complete });
  }

  /**
   * The outcomes of the runs that finish while others are being recorded, recorded together in one statement. The
   * rows are locked in id order first, so two workers recording overlapping batches wait for each other rather
   * than deadlock. The ids also come as an array of their own: matched with `= ANY`, the rows are found by the
   * primary key, where a join with the JSON's rows could scan the table.
   */
  private readonly outcomes = coalescingLoader<RunOutcome, true>(async (runs) => {
    await preparedQuery(
      this.dataSource.manager,
      `WITH run AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS run("id" uuid, "channels" varchar[], "complete" boolean)),
       locked AS (
         SELECT event."id" FROM "outbox_event" event
          WHERE event."id" = ANY($2::uuid[])
          ORDER BY event."id"
            FOR UPDATE)
       UPDATE "outbox_event" event
          SET "fanned_out_channels" = event."fanned_out_channels" || ARRAY(
                SELECT DISTINCT channel FROM run, unnest(run."channels") AS channel
                 WHERE run."id" = event."id" AND channel <> ALL(event."fanned_out_channels")),
              "fanned_out_at" = CASE WHEN EXISTS (SELECT 1 FROM run WHERE run."id" = event."id" AND run."complete")
                                     THEN coalesce(event."fanned_out_at", now()) ELSE event."fanned_out_at" END
         FROM locked
        WHERE event."id" = locked."id" AND event."id" = ANY($2::uuid[])`,
      [JSON.stringify(runs), runs.map((run) => run.id)],
    );
    return runs.map(() => true as const);
  });
}

/** One run's outcome for its event: the channels it delivered, and whether every channel is now done. */
interface RunOutcome {
  id: string;
  channels: readonly string[];
  complete: boolean;
}
