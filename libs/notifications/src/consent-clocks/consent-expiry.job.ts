/** EXPIRING_SOON: 14 days before a consent's expiry; EXPIRED: the expiry itself. */
export type ConsentNoticeKind = 'EXPIRING_SOON' | 'EXPIRED';

export const CONSENT_NOTICE_KINDS: readonly ConsentNoticeKind[] = ['EXPIRING_SOON', 'EXPIRED'];

/** How long before a consent's expiry its registering agency is told. */
export const EXPIRING_SOON_BEFORE_MS = 14 * 24 * 3600 * 1000;

/** The data of a CHECK_CONSENT_EXPIRY job. */
export interface ConsentExpiryData {
  consentId: string;
  kind: ConsentNoticeKind;
}

/** Deterministic: scheduling the same consent again adds nothing (BullMQ ignores a known jobId). */
export function consentExpiryJobId(data: ConsentExpiryData): string {
  return `${data.consentId}:expiry:${data.kind}`;
}

export function isConsentExpiryData(value: unknown): value is ConsentExpiryData {
  const data = value as Partial<ConsentExpiryData> | null;
  return typeof data?.consentId === 'string' && CONSENT_NOTICE_KINDS.includes(data.kind as ConsentNoticeKind);
}

/** When each notice of a consent expiring at `expiresAt` is due; a 14-day notice already past is left out. */
export function consentExpirySchedule(expiresAt: Date, now: Date): { kind: ConsentNoticeKind; at: Date }[] {
  const soonAt = new Date(expiresAt.getTime() - EXPIRING_SOON_BEFORE_MS);
  const schedule: { kind: ConsentNoticeKind; at: Date }[] = [];
  if (soonAt.getTime() > now.getTime()) schedule.push({ kind: 'EXPIRING_SOON', at: soonAt });
  schedule.push({ kind: 'EXPIRED', at: expiresAt });
  return schedule;
}
