import { randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';

export interface ConferenceFixture {
  personId: string;
  leadAgencyId: string;
  agencyIds?: string[];
  personWish?: string | null;
  agreedDirection?: string | null;
  goals?: { term: 'SHORT_TERM' | 'MEDIUM_LONG_TERM'; text: string }[];
  supports?: { timing: 'NOW' | 'NEEDS_TIME'; text: string }[];
  participants?: { kind: string; roleLabel: string; name: string }[];
  /** `participant` is an index into `participants`. */
  assignments?: { agencyId?: string; participant?: number; description: string; dueOn?: string | null }[];
  at: Date;
}

/**
 * A RECORDED conference with its record, as the conference module leaves it (tables of migration
 * 1764800000000), written directly for tests of what reads it; returns its id. Its access period is 30 days.
 */
export async function insertRecordedConference(dataSource: DataSource, fixture: ConferenceFixture): Promise<string> {
  const id = randomUUID();
  await dataSource.transaction(async (manager) => {
    await manager.query(
      `INSERT INTO "case_conference" ("id", "person_id", "lead_agency_id", "title", "scheduled_at", "status",
              "legal_basis", "data_categories", "held_at", "recorded_at", "created_at", "updated_at",
              "access_until")
       VALUES ($1, $2, $3, '個別支援会議', $4, 'RECORDED', 'CONSENT', '{CASE_NOTES}', $4, $4, $4, $4,
               $4::timestamptz + interval '30 days')`,
      [id, fixture.personId, fixture.leadAgencyId, fixture.at],
    );
    // The lead, the agencies named, and every agency a task is assigned to take part.
    const assignees = (fixture.assignments ?? []).flatMap((assignment) => assignment.agencyId ?? []);
    for (const agencyId of new Set([fixture.leadAgencyId, ...(fixture.agencyIds ?? []), ...assignees])) {
      await manager.query(
        `INSERT INTO "case_conference_agency" ("conference_id", "agency_id", "role_label") VALUES ($1, $2, $3)`,
        [id, agencyId, agencyId === fixture.leadAgencyId ? '主担当' : '参加機関'],
      );
    }
    const participantIds: string[] = [];
    for (const [position, participant] of (fixture.participants ?? []).entries()) {
      const participantId = randomUUID();
      participantIds.push(participantId);
      await manager.query(
        `INSERT INTO "case_conference_participant" ("id", "conference_id", "kind", "role_label", "name", "position")
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [participantId, id, participant.kind, participant.roleLabel, participant.name, position],
      );
    }
    await manager.query(
      `INSERT INTO "case_conference_record" ("conference_id", "person_wish", "agreed_direction", "unmet_confirmed")
       VALUES ($1, $2, $3, true)`,
      [id, fixture.personWish ?? null, fixture.agreedDirection ?? null],
    );
    for (const [position, goal] of (fixture.goals ?? []).entries()) {
      await manager.query(
        `INSERT INTO "case_conference_goal" ("conference_id", "term", "text", "position") VALUES ($1, $2, $3, $4)`,
        [id, goal.term, goal.text, position],
      );
    }
    for (const [position, support] of (fixture.supports ?? []).entries()) {
      await manager.query(
        `INSERT INTO "case_conference_support" ("conference_id", "timing", "text", "position") VALUES ($1, $2, $3, $4)`,
        [id, support.timing, support.text, position],
      );
    }
    for (const [position, assignment] of (fixture.assignments ?? []).entries()) {
      await manager.query(
        `INSERT INTO "case_conference_assignment" ("conference_id", "assignee_agency_id", "assignee_participant_id",
                "description", "due_on", "position") VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          id,
          assignment.agencyId ?? null,
          assignment.participant === undefined ? null : participantIds[assignment.participant],
          assignment.description,
          assignment.dueOn ?? null,
          position,
        ],
      );
    }
  });
  return id;
}
