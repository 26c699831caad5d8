import { pendingConsentNotices } from './consent-expiry-clock.source.js';
import { EXPIRING_SOON_BEFORE_MS } from './consent-expiry.job.js';

const DAY_MS = 24 * 3600 * 1000;
const recordedAt = new Date('2026-01-05T00:00:00.000Z');
const at = (ms: number) => new Date(recordedAt.getTime() + ms);

function row(expiresInMs: number, soonDone = false) {
  const expiresAt = at(expiresInMs);
  return { id: 'c1', expires_at: expiresAt, expires_at_text: '', recorded_at: recordedAt, soon_done: soonDone };
}

describe('pendingConsentNotices', () => {
  it('lists the 14-day notice and the expiry, at the fan-out times', () => {
    expect(pendingConsentNotices(row(30 * DAY_MS), at(0)).map((notice) => [notice.jobId, notice.at])).toEqual([
      ['c1:expiry:EXPIRING_SOON', at(30 * DAY_MS - EXPIRING_SOON_BEFORE_MS)],
      ['c1:expiry:EXPIRED', at(30 * DAY_MS)],
    ]);
  });

  it('leaves out a 14-day notice sent, never scheduled (recorded within 14 days), or moot (expiry due)', () => {
    const ids = (notices: { jobId: string }[]) => notices.map((notice) => notice.jobId);
    expect(ids(pendingConsentNotices(row(30 * DAY_MS, true), at(20 * DAY_MS)))).toEqual(['c1:expiry:EXPIRED']);
    expect(ids(pendingConsentNotices(row(5 * DAY_MS), at(0)))).toEqual(['c1:expiry:EXPIRED']);
    expect(ids(pendingConsentNotices(row(30 * DAY_MS), at(31 * DAY_MS)))).toEqual(['c1:expiry:EXPIRED']);
    // Its point passed unsent while the expiry is ahead: still sent (at once).
    expect(ids(pendingConsentNotices(row(30 * DAY_MS), at(20 * DAY_MS)))).toEqual([
      'c1:expiry:EXPIRING_SOON',
      'c1:expiry:EXPIRED',
    ]);
  });
});
