import { DomainError, ErrorCode } from '@tsunagu/platform';
import { StatsGroupBy } from '../dto/enums.js';
import { decideStatsAccess, type StatsViewer } from './stats-access.js';

const OWN = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const agency: StatsViewer = { agencyId: OWN, isHubAdmin: false, isHubCoordinator: false };
const coordinator: StatsViewer = { ...agency, isHubCoordinator: true };
const hubAdmin: StatsViewer = { agencyId: null, isHubAdmin: true, isHubCoordinator: false };

function errorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('decideStatsAccess', () => {
  it.each([StatsGroupBy.SECTOR, StatsGroupBy.URGENCY, StatsGroupBy.WEEK, StatsGroupBy.MONTH])(
    'gives every agency the network-wide figures by %s',
    (groupBy) => {
      expect(decideStatsAccess(agency, null, groupBy)).toEqual({
        recipientAgencyId: null,
        minCell: { ownAgencyId: OWN },
      });
    },
  );

  it('narrows an ordinary agency’s per-agency breakdown to its own row', () => {
    expect(decideStatsAccess(agency, undefined, StatsGroupBy.AGENCY).recipientAgencyId).toBe(OWN);
    expect(decideStatsAccess(agency, OWN, StatsGroupBy.AGENCY).recipientAgencyId).toBe(OWN);
    expect(decideStatsAccess(agency, OWN, StatsGroupBy.MONTH)).toEqual({ recipientAgencyId: OWN, minCell: null });
  });

  it('refuses another agency’s id to an ordinary agency, naming the field', () => {
    for (const groupBy of [StatsGroupBy.AGENCY, StatsGroupBy.SECTOR, undefined]) {
      const error = errorOf(() => decideStatsAccess(agency, OTHER, groupBy));
      expect(error.code).toBe(ErrorCode.FORBIDDEN);
      expect(error.details).toMatchObject({ field: 'filter.agencyId', reason: 'OTHER_AGENCY_STATS' });
    }
  });

  it('lets the hub admin and hub coordinators see every agency, or the one they name', () => {
    for (const viewer of [hubAdmin, coordinator]) {
      expect(decideStatsAccess(viewer, null, StatsGroupBy.AGENCY)).toEqual({ recipientAgencyId: null, minCell: null });
      expect(decideStatsAccess(viewer, null, StatsGroupBy.URGENCY).minCell).toBeNull();
      expect(decideStatsAccess(viewer, OTHER, StatsGroupBy.SECTOR).recipientAgencyId).toBe(OTHER);
    }
  });
});
