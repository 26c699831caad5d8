import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { JOB_OPTIONS, JobName, QueueName, type BusEvent } from '@tsunagu/platform';
import { type Queue } from 'bullmq';
import { type FanOutChannel } from '../fan-out/fan-out-channel.js';
import { consentExpiryJobId, consentExpirySchedule } from './consent-expiry.job.js';

/**
 * A fan-out step: on `consent.recorded` with an expiry, schedules delayed CHECK_CONSENT_EXPIRY jobs on the
 * CLOCKS queue (14 days before the expiry, unless already past, and at it). The job ids are deterministic, so
 * a fan-out that runs again schedules nothing twice.
 */
@Injectable()
export class ConsentExpirySchedulerChannel implements FanOutChannel {
  readonly name = 'consent-clocks';

  constructor(@InjectQueue(QueueName.CLOCKS) private readonly queue: Queue) {}

  async deliver(event: BusEvent): Promise<void> {
    if (event.type !== 'consent.recorded') return;
    const { consentId, expiresAt } = event.payload as { consentId?: string; expiresAt?: string | null };
    if (!consentId || !expiresAt) return;
    const expiry = new Date(expiresAt);
    if (Number.isNaN(expiry.getTime())) return;
    const now = new Date();
    await this.queue.addBulk(
      consentExpirySchedule(expiry, now).map(({ kind, at }) => {
        const data = { consentId, kind };
        return {
          name: JobName.CHECK_CONSENT_EXPIRY,
          data,
          opts: {
            ...JOB_OPTIONS[JobName.CHECK_CONSENT_EXPIRY],
            jobId: consentExpiryJobId(data),
            delay: Math.max(0, at.getTime() - now.getTime()),
          },
        };
      }),
    );
  }
}
