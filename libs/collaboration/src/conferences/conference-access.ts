import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

/**
 * The one SQL condition for "agency $agency may see conference c at $now": it takes part (the lead included),
 * and the conference is SCHEDULED or HELD, or closed less than CONFERENCE_ACCESS_PERIOD ago.
 */
export function participantCondition(alias: string, agencyParam: string, nowParam: string): string {
  return `EXISTS (SELECT 1 FROM case_conference_agency cca
                   WHERE cca.conference_id = ${alias}.id AND cca.agency_id = ${agencyParam})
          AND (${alias}.status IN ('SCHEDULED', 'HELD') OR ${alias}.access_until > ${nowParam})`;
}

/**
 * Whether an agency takes part in a person's case conferences now (docs/collaboration.md "Access"), for the
 * parts built on conferences (support plans, ecomap). Read-only; the caller passes its transaction and clock.
 */
@Injectable()
export class ConferenceAccess {
  /** The conferences about the person in which the agency takes part (lead or not) and may still see. */
  async participantConferenceIds(
    manager: EntityManager,
    agencyId: string,
    personId: string,
    now: Date,
  ): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT c.id FROM case_conference c
        WHERE c.person_id = $1 AND ${participantCondition('c', '$2', '$3')}
        ORDER BY c.scheduled_at, c.id`,
      [personId, agencyId, now],
    );
    return rows.map((row) => row.id);
  }

  /** Whether the agency takes part in the conference and may still see it. */
  async isParticipant(manager: EntityManager, agencyId: string, conferenceId: string, now: Date): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM case_conference c WHERE c.id = $1 AND ${participantCondition('c', '$2', '$3')}`,
      [conferenceId, agencyId, now],
    );
    return rows.length > 0;
  }
}
