import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type DataSource } from 'typeorm';
import { ownerUrl, testRoles } from '../setup/test-database.js';

/**
 * The case conference tables the support plan reads (their contract is in DESIGN: case_conference and its
 * record, goals, supports, participants and role assignments), for test files that insert recorded
 * conferences directly instead of through the conference API. CREATE TABLE IF NOT EXISTS: where the
 * conference migration has run, its own tables stand and this changes nothing.
 */
const DDL = [
  `CREATE TABLE IF NOT EXISTS "case_conference" (
     "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     "person_id" uuid NOT NULL REFERENCES "person" ("id"),
     "lead_agency_id" uuid NOT NULL REFERENCES "agency" ("id"),
     "title" varchar(200) NOT NULL,
     "scheduled_at" timestamptz NOT NULL,
     "place" varchar(200),
     "online" boolean NOT NULL DEFAULT false,
     "status" varchar(16) NOT NULL,
     "legal_basis" varchar(32) NOT NULL,
     "meeting_id" uuid,
     "data_categories" text[] NOT NULL DEFAULT '{}',
     "held_at" timestamptz,
     "recorded_at" timestamptz,
     "cancelled_at" timestamptz,
     "cancel_reason" text,
     "access_until" timestamptz,
     "version" integer NOT NULL DEFAULT 1,
     "created_at" timestamptz NOT NULL DEFAULT now(),
     "updated_at" timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE IF NOT EXISTS "case_conference_agency" (
     "conference_id" uuid NOT NULL REFERENCES "case_conference" ("id"),
     "agency_id" uuid NOT NULL REFERENCES "agency" ("id"),
     "role_label" varchar(100),
     PRIMARY KEY ("conference_id", "agency_id")
   )`,
  `CREATE TABLE IF NOT EXISTS "case_conference_participant" (
     "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     "conference_id" uuid NOT NULL REFERENCES "case_conference" ("id"),
     "kind" varchar(32) NOT NULL,
     "role_label" varchar(100) NOT NULL,
     "name" varchar(100) NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS "case_conference_record" (
     "conference_id" uuid PRIMARY KEY REFERENCES "case_conference" ("id"),
     "information_shared" text,
     "shared_referral_ids" uuid[] NOT NULL DEFAULT '{}',
     "hearing_sheet_shared" boolean NOT NULL DEFAULT false,
     "person_wish" text,
     "agreed_direction" text,
     "unmet_confirmed" boolean NOT NULL DEFAULT false
   )`,
  `CREATE TABLE IF NOT EXISTS "case_conference_goal" (
     "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     "conference_id" uuid NOT NULL REFERENCES "case_conference" ("id"),
     "term" varchar(16) NOT NULL,
     "text" text NOT NULL,
     "position" integer NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS "case_conference_support" (
     "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     "conference_id" uuid NOT NULL REFERENCES "case_conference" ("id"),
     "timing" varchar(16) NOT NULL,
     "text" text NOT NULL,
     "position" integer NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS "case_conference_assignment" (
     "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     "conference_id" uuid NOT NULL REFERENCES "case_conference" ("id"),
     "assignee_agency_id" uuid REFERENCES "agency" ("id"),
     "assignee_participant_id" uuid REFERENCES "case_conference_participant" ("id"),
     "description" text NOT NULL,
     "due_on" date,
     "position" integer NOT NULL
   )`,
];

const TABLES = [
  'case_conference',
  'case_conference_agency',
  'case_conference_participant',
  'case_conference_record',
  'case_conference_goal',
  'case_conference_support',
  'case_conference_assignment',
];

/** Creates the conference tables (as the run's owner role) where missing, readable and writable by the app role. */
export async function ensureConferenceTables(appDatabaseUrl: string): Promise<void> {
  const roles = testRoles();
  if (!roles) throw new Error('no test roles: global setup sets TSUNAGU_TEST_ROLES');
  const client = new pg.Client({ connectionString: ownerUrl(appDatabaseUrl) });
  await client.connect();
  try {
    // Parallel files of the run may create them at the same moment.
    await client.query(`SELECT pg_advisory_lock(hashtext('test:conference-tables'))`);
    for (const statement of DDL) await client.query(statement);
    await client.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ${TABLES.map((t) => `"${t}"`).join(', ')} TO "${roles.app}"`,
    );
  } finally {
    await client.end();
  }
}

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

/** A RECORDED conference with its record, as the conference module leaves it; returns its id. */
export async function insertRecordedConference(dataSource: DataSource, fixture: ConferenceFixture): Promise<string> {
  const id = randomUUID();
  await dataSource.transaction(async (manager) => {
    await manager.query(
      `INSERT INTO "case_conference" ("id", "person_id", "lead_agency_id", "title", "scheduled_at", "status",
              "legal_basis", "data_categories", "held_at", "recorded_at", "created_at", "updated_at")
       VALUES ($1, $2, $3, '個別支援会議', $4, 'RECORDED', 'CONSENT', '{CASE_NOTES}', $4, $4, $4, $4)`,
      [id, fixture.personId, fixture.leadAgencyId, fixture.at],
    );
    for (const agencyId of [fixture.leadAgencyId, ...(fixture.agencyIds ?? [])]) {
      await manager.query(`INSERT INTO "case_conference_agency" ("conference_id", "agency_id") VALUES ($1, $2)`, [
        id,
        agencyId,
      ]);
    }
    const participantIds: string[] = [];
    for (const participant of fixture.participants ?? []) {
      const participantId = randomUUID();
      participantIds.push(participantId);
      await manager.query(
        `INSERT INTO "case_conference_participant" ("id", "conference_id", "kind", "role_label", "name")
         VALUES ($1, $2, $3, $4, $5)`,
        [participantId, id, participant.kind, participant.roleLabel, participant.name],
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
