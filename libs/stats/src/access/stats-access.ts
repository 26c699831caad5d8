import { ForbiddenError } from '@tsunagu/platform';
import { StatsGroupBy } from '../dto/enums.js';

export interface StatsViewer {
  /** Null for a hub-admin key. */
  agencyId: string | null;
  isHubAdmin: boolean;
  /** The calling agency is a hub coordinator (基幹相談支援センター etc.). */
  isHubCoordinator: boolean;
}

export interface StatsAccess {
  /** Only referrals received by this agency, or null for every agency. */
  recipientAgencyId: string | null;
  /**
   * Response-time groups holding other agencies' referrals need a minimum number of them (STATS_RESPONSE_MIN_CELL):
   * those received by `ownAgencyId`, the caller's, do not count and are never withheld. Null when nothing is
   * withheld: the hub admin and hub coordinators see every agency anyway, and an agency's own figures are its own.
   */
  minCell: { ownAgencyId: string } | null;
}

/**
 * Who sees what. Network-wide aggregates (by sector, urgency, week or month, over every agency) are open to every
 * `stats:read` key. Figures of one agency are its own business: another agency's id, or a per-agency breakdown
 * showing others, needs a hub-admin key or a hub-coordinator agency. An ordinary agency asking for
 * `groupBy: AGENCY` gets its own row only; naming another agency is FORBIDDEN (whether or not it exists). In
 * the network-wide groups an ordinary agency sees, other agencies' referrals are subject to the minimum cell.
 */
export function decideStatsAccess(
  viewer: StatsViewer,
  requestedAgencyId: string | null | undefined,
  groupBy?: StatsGroupBy,
): StatsAccess {
  if (viewer.isHubAdmin || viewer.isHubCoordinator) {
    return { recipientAgencyId: requestedAgencyId ?? null, minCell: null };
  }
  if (!viewer.agencyId) throw new ForbiddenError('Statistics need an agency key or a hub-admin key');
  if (requestedAgencyId && requestedAgencyId !== viewer.agencyId) {
    throw new ForbiddenError('Another agency’s figures are for the hub admin and hub coordinators', {
      field: 'filter.agencyId',
      reason: 'OTHER_AGENCY_STATS',
    });
  }
  const ownOnly = groupBy === StatsGroupBy.AGENCY || Boolean(requestedAgencyId);
  return ownOnly
    ? { recipientAgencyId: viewer.agencyId, minCell: null }
    : { recipientAgencyId: null, minCell: { ownAgencyId: viewer.agencyId } };
}
