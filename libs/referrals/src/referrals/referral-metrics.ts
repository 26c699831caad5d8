import { AgencyEntity, isSector, Sector, Urgency } from '@tsunagu/directory';
import { boundedLabel, type Metrics } from '@tsunagu/platform';
import { In, type EntityManager } from 'typeorm';
import { ReferralStatus } from '../dto/enums.js';

/** A status change appended in a transaction, counted once the transaction has committed. */
export interface CommittedTransition {
  fromStatus: ReferralStatus | null;
  toStatus: ReferralStatus;
  toAgencyId: string;
  urgency: Urgency;
  /** When the referral was sent, as it was before this change (null for a draft). */
  sentAt: Date | null;
  at: Date;
}

export interface ResponseTimes {
  /** Sent → acknowledged: RECEIVED, or a decision on a referral never acknowledged (which acknowledges it). */
  acknowledgedAfterSeconds: number | null;
  /** Sent → ACCEPTED or REJECTED. */
  decidedAfterSeconds: number | null;
}

const RECIPIENT_ANSWERS: ReadonlySet<ReferralStatus> = new Set([
  ReferralStatus.RECEIVED,
  ReferralStatus.ACCEPTED,
  ReferralStatus.REJECTED,
]);
const DECISIONS: ReadonlySet<ReferralStatus> = new Set([ReferralStatus.ACCEPTED, ReferralStatus.REJECTED]);

/** The response times a transition ends, in seconds (never negative). */
export function responseTimesOf(transition: CommittedTransition): ResponseTimes {
  const { fromStatus, toStatus, sentAt, at } = transition;
  if (!sentAt) return { acknowledgedAfterSeconds: null, decidedAfterSeconds: null };
  const elapsed = Math.max(0, (at.getTime() - sentAt.getTime()) / 1000);
  return {
    acknowledgedAfterSeconds:
      fromStatus === ReferralStatus.REQUESTED && RECIPIENT_ANSWERS.has(toStatus) ? elapsed : null,
    decidedAfterSeconds: DECISIONS.has(toStatus) ? elapsed : null,
  };
}

/** An agency's sector is read at most once a minute: a changed sector shows in the labels within a minute. */
const SECTOR_TTL_MS = 60_000;
const SECTOR_CACHE_MAX = 10_000;
const URGENCIES: readonly string[] = Object.values(Urgency);

const started = new WeakSet<Metrics>();

/**
 * Every status × sector and sector × urgency series at zero from the start (once per registry), so that
 * Prometheus sees the first transition of each, not only the later ones. Referrals of an agency whose sector
 * is unknown ('unknown') start at their first event.
 */
function startAtZero(metrics: Metrics): void {
  if (started.has(metrics)) return;
  started.add(metrics);
  for (const sector of Object.values(Sector)) {
    for (const status of Object.values(ReferralStatus)) metrics.referralTransitions.inc({ status, sector }, 0);
    for (const urgency of URGENCIES) {
      metrics.referralTimeToAcknowledge.zero({ sector, urgency });
      metrics.referralTimeToDecision.zero({ sector, urgency });
    }
  }
}

/**
 * Counts committed referral transitions and observes response times, labelled by the recipient agency's
 * sector and the urgency (never by id). Recording never fails the change it counts.
 */
export class ReferralMetrics {
  private readonly sectors = new Map<string, { sector: string; until: number }>();

  constructor(
    private readonly metrics: Metrics,
    private readonly manager: EntityManager,
  ) {
    startAtZero(metrics);
  }

  /** Keeps an agency's sector from a row already read, sparing the lookup after commit. */
  rememberSector(agency: Pick<AgencyEntity, 'id' | 'sector'>): string {
    if (this.sectors.size >= SECTOR_CACHE_MAX) this.sectors.clear();
    const sector = isSector(agency.sector) ? agency.sector : 'unknown';
    this.sectors.set(agency.id, { sector, until: Date.now() + SECTOR_TTL_MS });
    return sector;
  }

  async record(transitions: readonly CommittedTransition[]): Promise<void> {
    if (transitions.length === 0) return;
    try {
      const sectors = await this.sectorsOf(transitions.map((transition) => transition.toAgencyId));
      for (const transition of transitions) {
        const sector = sectors.get(transition.toAgencyId) ?? 'unknown';
        this.metrics.referralTransitions.inc({ status: transition.toStatus, sector });
        const times = responseTimesOf(transition);
        const labels = { sector, urgency: boundedLabel(transition.urgency, URGENCIES) };
        if (times.acknowledgedAfterSeconds !== null) {
          this.metrics.referralTimeToAcknowledge.observe(labels, times.acknowledgedAfterSeconds);
        }
        if (times.decidedAfterSeconds !== null) {
          this.metrics.referralTimeToDecision.observe(labels, times.decidedAfterSeconds);
        }
      }
    } catch {
      // A metric lost is better than a committed change reported as failed.
    }
  }

  private async sectorsOf(agencyIds: readonly string[]): Promise<Map<string, string>> {
    const now = Date.now();
    const result = new Map<string, string>();
    const missing: string[] = [];
    for (const id of new Set(agencyIds)) {
      const cached = this.sectors.get(id);
      if (cached && cached.until > now) result.set(id, cached.sector);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const rows = await this.manager.find(AgencyEntity, {
        select: { id: true, sector: true },
        where: { id: In(missing) },
      });
      for (const row of rows) result.set(row.id, this.rememberSector(row));
    }
    return result;
  }
}
