import { Injectable } from '@nestjs/common';
import { JobName } from '@tsunagu/platform';
import { UnrecoverableError, type Job } from 'bullmq';
import { type JobHandler } from '../jobs/job-handler.js';
import { EmailAttemptError, EmailSenderService, type SendEmailOutcome } from './email-sender.service.js';
import { isSendEmailData, type SendEmailData } from './send-email.job.js';

/** SEND_EMAIL: one e-mail notice (safe to run twice: a SENT delivery is not sent again). */
@Injectable()
export class SendEmailHandler implements JobHandler<SendEmailData> {
  readonly jobName = JobName.SEND_EMAIL;

  constructor(private readonly sender: EmailSenderService) {}

  async handle(job: Job<SendEmailData>): Promise<{ outcome: SendEmailOutcome }> {
    if (!isSendEmailData(job.data)) throw new UnrecoverableError(`SEND_EMAIL job ${job.id}: malformed data`);
    // attemptsMade counts the attempts that failed before this one.
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    try {
      return { outcome: await this.sender.send(job.data, lastAttempt) };
    } catch (error) {
      // A refusal for good (5xx) is recorded FAILED; retrying it for hours would only repeat it.
      if (error instanceof EmailAttemptError && error.permanent) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}
