import { type MigrationInterface, type QueryRunner } from 'typeorm';

const list = (values: string[]) => values.map((value) => `'${value}'`).join(', ');
const DATA_CATEGORIES = list([
  'IDENTITY',
  'CONTACT',
  'HOUSEHOLD',
  'HEALTH_DISABILITY',
  'INCOME_DEBT',
  'EMPLOYMENT',
  'EDUCATION',
  'JUSTICE',
  'CASE_NOTES',
]);
const PARTICIPANT_KINDS = list([
  'PERSON_THEMSELF',
  'FAMILY',
  'MINSEI_IIN',
  'NEIGHBOUR',
  'COMMUNITY_ORGANISATION',
  'BUSINESS',
  'OTHER',
]);
/** The record of a conference is written once, when it becomes RECORDED, and never edited. */
const RECORD_TABLES = [
  'case_conference_record',
  'case_conference_goal',
  'case_conference_support',
  'case_conference_assignment',
  'case_conference_unmet_item',
];

/**
 * Case conferences (個別支援会議, docs/collaboration.md): one person, a lead agency and participating agencies,
 * informal participants by role and name only, the legal basis the person's data is shared on, and the four-step
 * record with "what cannot be done now" (append-only once written).
 */
export class CaseConferences1764800000000 implements MigrationInterface {
  name = 'CaseConferences1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "case_conference" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "person_id" uuid NOT NULL,
        "lead_agency_id" uuid NOT NULL,
        "title" varchar(200) NOT NULL,
        "scheduled_at" timestamptz(3) NOT NULL, -- milliseconds, as in the list cursor
        "place" varchar(200),
        "online" boolean NOT NULL DEFAULT false,
        "status" varchar(16) NOT NULL,
        "legal_basis" varchar(32) NOT NULL,
        "meeting_id" uuid,
        "data_categories" text[] NOT NULL,
        "consent_ids" uuid[] NOT NULL DEFAULT '{}',
        "held_at" timestamptz,
        "recorded_at" timestamptz,
        "cancelled_at" timestamptz,
        "cancel_reason" text,
        "access_until" timestamptz,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_case_conference" PRIMARY KEY ("id"),
        CONSTRAINT "fk_case_conference_person" FOREIGN KEY ("person_id") REFERENCES "person" ("id"),
        CONSTRAINT "fk_case_conference_lead_agency" FOREIGN KEY ("lead_agency_id") REFERENCES "agency" ("id"),
        CONSTRAINT "fk_case_conference_meeting" FOREIGN KEY ("meeting_id") REFERENCES "support_meeting" ("id"),
        CONSTRAINT "ck_case_conference_status" CHECK ("status" IN ('SCHEDULED', 'HELD', 'RECORDED', 'CANCELLED')),
        CONSTRAINT "ck_case_conference_legal_basis"
          CHECK ("legal_basis" IN ('CONSENT', 'SUPPORT_MEETING', 'CHILD_PROTECTION_COUNCIL')),
        CONSTRAINT "ck_case_conference_meeting"
          CHECK (("legal_basis" = 'CONSENT') = ("meeting_id" IS NULL)),
        CONSTRAINT "ck_case_conference_data_categories"
          CHECK (cardinality("data_categories") > 0 AND "data_categories" <@ ARRAY[${DATA_CATEGORIES}]::text[]),
        CONSTRAINT "ck_case_conference_closed"
          CHECK (("status" IN ('RECORDED', 'CANCELLED')) = ("access_until" IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX "ix_case_conference_person" ON "case_conference" ("person_id")`);

    await queryRunner.query(`
      CREATE TABLE "case_conference_agency" (
        "conference_id" uuid NOT NULL,
        "agency_id" uuid NOT NULL,
        "role_label" varchar(100) NOT NULL,
        "consent_ids" uuid[] NOT NULL DEFAULT '{}',
        "added_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_case_conference_agency" PRIMARY KEY ("conference_id", "agency_id"),
        CONSTRAINT "fk_case_conference_agency_conference" FOREIGN KEY ("conference_id") REFERENCES "case_conference" ("id"),
        CONSTRAINT "fk_case_conference_agency_agency" FOREIGN KEY ("agency_id") REFERENCES "agency" ("id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_case_conference_agency_agency" ON "case_conference_agency" ("agency_id", "conference_id")`,
    );

    await queryRunner.query(`
      CREATE TABLE "case_conference_participant" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "conference_id" uuid NOT NULL,
        "kind" varchar(32) NOT NULL,
        "role_label" varchar(100) NOT NULL,
        "name" varchar(100) NOT NULL,
        "position" integer NOT NULL,
        CONSTRAINT "pk_case_conference_participant" PRIMARY KEY ("id"),
        CONSTRAINT "uq_case_conference_participant_conference" UNIQUE ("conference_id", "id"),
        CONSTRAINT "fk_case_conference_participant_conference" FOREIGN KEY ("conference_id") REFERENCES "case_conference" ("id"),
        CONSTRAINT "ck_case_conference_participant_kind" CHECK ("kind" IN (${PARTICIPANT_KINDS}))
      )`);

    await queryRunner.query(`
      CREATE TABLE "case_conference_record" (
        "conference_id" uuid NOT NULL,
        "information_shared" text,
        "shared_referral_ids" uuid[] NOT NULL DEFAULT '{}',
        "hearing_sheet_shared" boolean NOT NULL DEFAULT false,
        "person_wish" text,
        "agreed_direction" text,
        "unmet_confirmed" boolean NOT NULL DEFAULT false,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_case_conference_record" PRIMARY KEY ("conference_id"),
        CONSTRAINT "fk_case_conference_record_conference" FOREIGN KEY ("conference_id") REFERENCES "case_conference" ("id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "case_conference_goal" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "conference_id" uuid NOT NULL,
        "term" varchar(16) NOT NULL,
        "text" text NOT NULL,
        "position" integer NOT NULL,
        CONSTRAINT "pk_case_conference_goal" PRIMARY KEY ("id"),
        CONSTRAINT "fk_case_conference_goal_record" FOREIGN KEY ("conference_id") REFERENCES "case_conference_record" ("conference_id"),
        CONSTRAINT "ck_case_conference_goal_term" CHECK ("term" IN ('SHORT_TERM', 'MEDIUM_LONG_TERM'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_case_conference_goal_conference" ON "case_conference_goal" ("conference_id")`,
    );
    await queryRunner.query(`
      CREATE TABLE "case_conference_support" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "conference_id" uuid NOT NULL,
        "timing" varchar(16) NOT NULL,
        "text" text NOT NULL,
        "position" integer NOT NULL,
        CONSTRAINT "pk_case_conference_support" PRIMARY KEY ("id"),
        CONSTRAINT "fk_case_conference_support_record" FOREIGN KEY ("conference_id") REFERENCES "case_conference_record" ("conference_id"),
        CONSTRAINT "ck_case_conference_support_timing" CHECK ("timing" IN ('NOW', 'NEEDS_TIME'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_case_conference_support_conference" ON "case_conference_support" ("conference_id")`,
    );
    await queryRunner.query(`
      CREATE TABLE "case_conference_assignment" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "conference_id" uuid NOT NULL,
        "assignee_agency_id" uuid,
        "assignee_participant_id" uuid,
        "description" text NOT NULL,
        "due_on" date,
        "position" integer NOT NULL,
        CONSTRAINT "pk_case_conference_assignment" PRIMARY KEY ("id"),
        CONSTRAINT "fk_case_conference_assignment_record" FOREIGN KEY ("conference_id") REFERENCES "case_conference_record" ("conference_id"),
        -- The assignee is one of this conference's agencies or informal participants.
        CONSTRAINT "fk_case_conference_assignment_agency" FOREIGN KEY ("conference_id", "assignee_agency_id")
          REFERENCES "case_conference_agency" ("conference_id", "agency_id"),
        CONSTRAINT "fk_case_conference_assignment_participant" FOREIGN KEY ("conference_id", "assignee_participant_id")
          REFERENCES "case_conference_participant" ("conference_id", "id"),
        CONSTRAINT "ck_case_conference_assignment_one_assignee"
          CHECK ("assignee_agency_id" IS NULL OR "assignee_participant_id" IS NULL)
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_case_conference_assignment_conference" ON "case_conference_assignment" ("conference_id")`,
    );
    await queryRunner.query(`
      CREATE TABLE "case_conference_unmet_item" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "conference_id" uuid NOT NULL,
        "need_category" varchar(32) NOT NULL,
        "municipality_code" char(6) NOT NULL,
        "description" text NOT NULL,
        "reason" varchar(16) NOT NULL,
        "position" integer NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_case_conference_unmet_item" PRIMARY KEY ("id"),
        CONSTRAINT "fk_case_conference_unmet_item_record" FOREIGN KEY ("conference_id") REFERENCES "case_conference_record" ("conference_id"),
        CONSTRAINT "ck_case_conference_unmet_item_reason"
          CHECK ("reason" IN ('NO_RESOURCE', 'NO_CAPACITY', 'OUT_OF_AREA', 'SYSTEM_GAP'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_case_conference_unmet_item_conference" ON "case_conference_unmet_item" ("conference_id")`,
    );

    for (const table of RECORD_TABLES) {
      await queryRunner.query(
        `CREATE TRIGGER "tr_${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}"
           FOR EACH ROW EXECUTE FUNCTION "tsunagu_forbid_change"()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "tr_${table}_no_truncate" BEFORE TRUNCATE ON "${table}"
           FOR EACH STATEMENT EXECUTE FUNCTION "tsunagu_forbid_change"()`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...RECORD_TABLES].reverse()) await queryRunner.query(`DROP TABLE "${table}"`);
    await queryRunner.query(`DROP TABLE "case_conference_participant"`);
    await queryRunner.query(`DROP TABLE "case_conference_agency"`);
    await queryRunner.query(`DROP TABLE "case_conference"`);
  }
}
