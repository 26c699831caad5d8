import { UnrecoverableError } from 'bullmq';
import { describeFailedJob } from './job-failure.js';

describe('describeFailedJob', () => {
  const job = (attemptsMade: number, attempts?: number) => ({
    name: 'send-email',
    id: 'j1',
    attemptsMade,
    opts: { attempts },
  });

  it('says a job with attempts left will be retried', () => {
    expect(describeFailedJob(job(1, 3), new Error('451 try later'))).toBe(
      'Job send-email j1 failed (attempt 1, will retry): 451 try later',
    );
  });

  it('says a job is kept as failed when its attempts are used up, or when the error is unrecoverable', () => {
    expect(describeFailedJob(job(3, 3), new Error('boom'))).toContain('(attempt 3, kept as failed)');
    expect(describeFailedJob(job(1), new Error('boom'))).toContain('kept as failed');
    expect(describeFailedJob(job(1, 8), new UnrecoverableError('550 no such user'))).toBe(
      'Job send-email j1 failed (attempt 1, kept as failed): 550 no such user',
    );
  });
});
