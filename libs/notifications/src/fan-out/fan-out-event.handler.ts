import { Inject, Injectable } from '@nestjs/common';
import { JobName, type BusEvent } from '@tsunagu/platform';
import { type Job } from 'bullmq';
import { type JobHandler } from '../jobs/job-handler.js';
import { FAN_OUT_CHANNELS, type FanOutChannel } from './fan-out-channel.js';

/** FAN_OUT_EVENT: one relayed outbox event, through every channel, for the agencies it concerns. */
@Injectable()
export class FanOutEventHandler implements JobHandler<BusEvent> {
  readonly jobName = JobName.FAN_OUT_EVENT;

  constructor(@Inject(FAN_OUT_CHANNELS) private readonly channels: readonly FanOutChannel[]) {}

  async handle(job: Job<BusEvent>): Promise<{ channels: string[] }> {
    for (const channel of this.channels) await channel.deliver(job.data);
    return { channels: this.channels.map((channel) => channel.name) };
  }
}
