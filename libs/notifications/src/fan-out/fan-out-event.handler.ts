import { Inject, Injectable, Logger } from '@nestjs/common';
import { JobName, type BusEvent } from '@tsunagu/platform';
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
 * FAN_OUT_EVENT: one relayed outbox event, through every channel, for the agencies it concerns.
 *
 * Each channel is a step with its outcome recorded on the outbox row (`fanned_out_channels`) as soon as it has
 * handled the event. A channel that fails does not stop the others; the job then fails and is retried, and a
 * retry (or a job added again by the relay's redelivery sweep) runs only the channels not recorded yet. When
 * every channel is recorded, `fanned_out_at` is set: PostgreSQL then knows the event was fanned out.
 */
@Injectable()
export class FanOutEventHandler implements JobHandler<BusEvent> {
  readonly jobName = JobName.FAN_OUT_EVENT;
  private readonly logger = new Logger(FanOutEventHandler.name);

  constructor(
    @Inject(FAN_OUT_CHANNELS) private readonly channels: readonly FanOutChannel[],
    private readonly dataSource: DataSource,
  ) {}

  async handle(job: Job<BusEvent>): Promise<{ channels: string[]; skipped: string[] }> {
    const event = job.data;
    const done = await this.doneChannels(event.id);
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
        await this.recordDone(event.id, channel.name);
        ran.push(channel.name);
      } catch (error) {
        failed.push({ channel: channel.name, error });
      }
    }
    if (failed.length > 0) throw new FanOutIncompleteError(event.id, failed);
    await this.dataSource.query(
      `UPDATE "outbox_event" SET "fanned_out_at" = now() WHERE "id" = $1 AND "fanned_out_at" IS NULL`,
      [event.id],
    );
    if (skipped.length > 0) this.logger.debug(`Event ${event.id}: ${skipped.join(', ')} already done, not repeated`);
    return { channels: ran, skipped };
  }

  /** The channels recorded as done for the event (none for an event not in the outbox). */
  private async doneChannels(eventId: string): Promise<Set<string>> {
    const [row] = await this.dataSource.query<{ fanned_out_channels: string[] }[]>(
      `SELECT "fanned_out_channels" FROM "outbox_event" WHERE "id" = $1`,
      [eventId],
    );
    return new Set(row?.fanned_out_channels ?? []);
  }

  private async recordDone(eventId: string, channel: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE "outbox_event" SET "fanned_out_channels" = array_append("fanned_out_channels", $2::varchar)
        WHERE "id" = $1 AND NOT ($2 = ANY("fanned_out_channels"))`,
      [eventId, channel],
    );
  }
}
