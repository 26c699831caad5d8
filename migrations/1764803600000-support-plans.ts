import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The shared support plan (one per person, revised by each recorded case conference; its versions append-only)
 * and its tasks (from the conferences' role assignments), with the bookkeeping columns of the task clocks
 * (reminder, overdue mark, escalation, review reminder) that make each fire exactly once.
 *
 * The conference columns (`conference_id`, `assignment_id`, `owner_participant_id`) name rows of the case
 * conference tables (migration 1764800000000).
 */
const CONFERENCE_KEYS: [table: string, name: string, column: string, target: string][] = [
  ['support_plan_version', 'fk_support_plan_version_conference', 'conference_id', 'case_conference'],
  ['support_task', 'fk_support_task_conference', 'conference_id', 'case_conference'],
  ['support_task', 'fk_support_task_assignment', 'assignment_id', 'case_conference_assignment'],
  ['support_task', 'fk_support_task_owner_participant', 'owner_participant_id', 'case_conference_participant'],
];

export class SupportPlans1764803600000 implements MigrationInterface {
  name = 'SupportPlans1764803600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "support_plan" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "person_id" uuid NOT NULL,
        "lead_agency_id" uuid NOT NULL,
        "current_version" integer NOT NULL,
        "next_review_on" date,
        "review_reminded_on" date,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_support_plan" PRIMARY KEY ("id"),
        CONSTRAINT "uq_support_plan_person" UNIQUE ("person_id"),
        CONSTRAINT "fk_support_plan_person" FOREIGN KEY ("person_id") REFERENCES "person" ("id"),
        CONSTRAINT "fk_support_plan_lead_agency" FOREIGN KEY ("lead_agency_id") REFERENCES "agency" ("id"),
        CONSTRAINT "ck_support_plan_current_version" CHECK ("current_version" >= 1)
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_support_plan_review_pending" ON "support_plan" ("next_review_on", "id")
         WHERE "next_review_on" IS NOT NULL AND "review_reminded_on" IS DISTINCT FROM "next_review_on"`,
    );
    await queryRunner.query(`
      CREATE TABLE "support_plan_version" (
        "plan_id" uuid NOT NULL,
        "version" integer NOT NULL,
        "conference_id" uuid NOT NULL,
        "lead_agency_id" uuid NOT NULL,
        "person_wish" text,
        "agreed_direction" text,
        "goals" jsonb NOT NULL DEFAULT '[]',
        "supports" jsonb NOT NULL DEFAULT '[]',
        "next_review_on" date,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_support_plan_version" PRIMARY KEY ("plan_id", "version"),
        CONSTRAINT "fk_support_plan_version_plan" FOREIGN KEY ("plan_id") REFERENCES "support_plan" ("id"),
        CONSTRAINT "ck_support_plan_version_goals" CHECK (jsonb_typeof("goals") = 'array'),
        CONSTRAINT "ck_support_plan_version_supports" CHECK (jsonb_typeof("supports") = 'array')
      )`);
    await queryRunner.query(
      `CREATE TRIGGER "tr_support_plan_version_append_only" BEFORE UPDATE OR DELETE ON "support_plan_version"
         FOR EACH ROW EXECUTE FUNCTION "tsunagu_forbid_change"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_support_plan_version_no_truncate" BEFORE TRUNCATE ON "support_plan_version"
         FOR EACH STATEMENT EXECUTE FUNCTION "tsunagu_forbid_change"()`,
    );
    await queryRunner.query(`
      CREATE TABLE "support_task" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "plan_id" uuid NOT NULL,
        "person_id" uuid NOT NULL,
        "conference_id" uuid NOT NULL,
        "assignment_id" uuid NOT NULL,
        "owner_agency_id" uuid,
        "owner_participant_id" uuid,
        "owner_label" varchar(210),
        "description" text NOT NULL,
        "due_on" date,
        "position" integer NOT NULL DEFAULT 0,
        "status" varchar(16) NOT NULL DEFAULT 'OPEN',
        "drop_reason" text,
        "closed_at" timestamptz,
        "reminded_at" timestamptz,
        "overdue_at" timestamptz,
        "escalated_at" timestamptz,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_support_task" PRIMARY KEY ("id"),
        CONSTRAINT "uq_support_task_assignment" UNIQUE ("assignment_id"),
        CONSTRAINT "fk_support_task_plan" FOREIGN KEY ("plan_id") REFERENCES "support_plan" ("id"),
        CONSTRAINT "fk_support_task_person" FOREIGN KEY ("person_id") REFERENCES "person" ("id"),
        CONSTRAINT "fk_support_task_owner_agency" FOREIGN KEY ("owner_agency_id") REFERENCES "agency" ("id"),
        CONSTRAINT "ck_support_task_status" CHECK ("status" IN ('OPEN', 'DONE', 'DROPPED')),
        CONSTRAINT "ck_support_task_one_owner" CHECK ("owner_agency_id" IS NULL OR "owner_participant_id" IS NULL),
        CONSTRAINT "ck_support_task_closed" CHECK (("status" = 'OPEN') = ("closed_at" IS NULL)),
        CONSTRAINT "ck_support_task_drop_reason" CHECK (("status" = 'DROPPED') = ("drop_reason" IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_support_task_plan" ON "support_task" ("plan_id", "created_at", "position", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_support_task_owner" ON "support_task" ("owner_agency_id", "created_at", "position", "id")
         WHERE "owner_agency_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_support_task_clocks_pending" ON "support_task" ("due_on", "id")
         WHERE "status" = 'OPEN' AND "due_on" IS NOT NULL AND "escalated_at" IS NULL`,
    );
    for (const [table, name, column, target] of CONFERENCE_KEYS) {
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" FOREIGN KEY ("${column}") REFERENCES "${target}" ("id")`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "support_task"`);
    await queryRunner.query(`DROP TRIGGER "tr_support_plan_version_no_truncate" ON "support_plan_version"`);
    await queryRunner.query(`DROP TRIGGER "tr_support_plan_version_append_only" ON "support_plan_version"`);
    await queryRunner.query(`DROP TABLE "support_plan_version"`);
    await queryRunner.query(`DROP TABLE "support_plan"`);
  }
}
