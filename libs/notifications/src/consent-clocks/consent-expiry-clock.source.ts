import { Injectable } from '@nestjs/common';
import { JobName } from '@tsunagu/platform';
import { type EntityManager } from 'typeorm';
import { type ClockPage, type ClockSource, type DueClock } from '../clock-reconcile/clock-source.js';
import { EXPIRING_SOON_BEFORE_MS, consentExpiryJobId, type ConsentExpiryData } from './consent-expiry.job.js';

interface PendingConsentRow {
  id: string;
  expires_at: Date;
  recorded_at: Date;
  soon_done: boolean;
  /** expires_at as PostgreSQL prints it (microseconds kept), for the next page's cursor. */
  expires_at_text: string;
}

/** The notices of one consent that must still fire, as of `now` (see ConsentExpiryClockSource). */
export function pendingConsentNotices(row: PendingConsentRow, now: Date): DueClock[] {
  const notice = (data: ConsentExpiryData, at: Date): DueClock => ({
    jobName: JobName.CHECK_CONSENT_EXPIRY,
    jobId: consentExpiryJobId(data),
    data,
    at,
  });
  const notices: DueClock[] = [];
  const soonAt = new Date(row.expires_at.getTime() - EXPIRING_SOON_BEFORE_MS);
  // The 14-day notice the fan-out scheduled (its point after the recording), unless sent or the expiry is due.
  if (!row.soon_done && soonAt.getTime() > row.recorded_at.getTime() && row.expires_at.getTime() > now.getTime()) {
    notices.push(notice({ consentId: row.id, kind: 'EXPIRING_SOON' }, soonAt));
  }
  notices.push(notice({ consentId: row.id, kind: 'EXPIRED' }, row.expires_at));
  return notices;
}

/**
 * Consent expiry, from the consent rows: for each consent with an expiry at or after `since`, not withdrawn and
 * without its EXPIRED notice, the expiry notice, and the 14-day notice when the fan-out scheduled one that has
 * not been sent and the expiry is still ahead (late, at once, if its point passed while Redis was empty). Pages
 * follow the partial index `ix_consent_expires_at` (expires_at, id).
 */
@Injectable()
export class ConsentExpiryClockSource implements ClockSource {
  readonly kind = 'consent-expiry';

  async page(manager: EntityManager, cursor: string | null, limit: number, now: Date, since: Date): Promise<ClockPage> {
    const [afterAt, afterId] = cursor ? cursor.split('|') : [since.toISOString(), null];
    const rows = await manager.query<PendingConsentRow[]>(
      `SELECT consent."id", consent."expires_at", consent."expires_at"::text AS "expires_at_text", consent."recorded_at",
              EXISTS (SELECT 1 FROM "consent_notice" n
                       WHERE n."consent_id" = consent."id" AND n."kind" = 'EXPIRING_SOON') AS "soon_done"
         FROM "consent" consent
        WHERE consent."expires_at" IS NOT NULL
          AND consent."expires_at" >= $3
          AND (consent."expires_at", consent."id") > ($1::timestamptz, $2::uuid)
          AND NOT EXISTS (SELECT 1 FROM "consent_withdrawal" w WHERE w."consent_id" = consent."id")
          AND NOT EXISTS (SELECT 1 FROM "consent_notice" n
                           WHERE n."consent_id" = consent."id" AND n."kind" = 'EXPIRED')
        ORDER BY consent."expires_at", consent."id"
        LIMIT $4`,
      [afterAt, afterId ?? '00000000-0000-0000-0000-000000000000', since, limit],
    );
    const last = rows[rows.length - 1];
    return {
      clocks: rows.flatMap((row) => pendingConsentNotices(row, now)),
      next: rows.length === limit ? `${last.expires_at_text}|${last.id}` : null,
    };
  }
}
