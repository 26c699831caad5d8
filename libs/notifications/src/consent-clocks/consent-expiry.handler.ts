import { Injectable } from '@nestjs/common';
import { JobName } from '@tsunagu/platform';
import { type Job } from 'bullmq';
import { type JobHandler } from '../jobs/job-handler.js';
import { ConsentClocksService, type ConsentExpiryOutcome } from './consent-clocks.service.js';
import { isConsentExpiryData, type ConsentExpiryData } from './consent-expiry.job.js';

/** CHECK_CONSENT_EXPIRY: one notice of one consent's expiry (safe to run twice: the service acts once). */
@Injectable()
export class ConsentExpiryHandler implements JobHandler<ConsentExpiryData> {
  readonly jobName = JobName.CHECK_CONSENT_EXPIRY;

  constructor(private readonly clocks: ConsentClocksService) {}

  async handle(job: Job<ConsentExpiryData>): Promise<{ outcome: ConsentExpiryOutcome }> {
    if (!isConsentExpiryData(job.data)) throw new Error(`CHECK_CONSENT_EXPIRY job ${job.id}: malformed data`);
    return { outcome: await this.clocks.check(job.data) };
  }
}
