import { type MigrationInterface, type QueryRunner } from 'typeorm';

const list = (values: string[]) => values.map((value) => `'${value}'`).join(', ');
const COUNCIL_KINDS = list([
  'SELF_RELIANCE_SUPPORT',
  'SUPPORT_COORDINATION',
  'COMMUNITY_CARE',
  'HOUSING_SUPPORT',
  'CHILD_PROTECTION',
  'OTHER',
]);
const BODY_KINDS = list(['STEERING', 'REGULAR', 'SUBCOMMITTEE', 'PLENARY']);
const STAGES = list([
  'RAISED',
  'STEERING',
  'REGULAR',
  'SUBCOMMITTEE',
  'PLENARY',
  'RESOURCE_DEVELOPED',
  'RESOURCE_IMPROVED',
  'POLICY_PROPOSED',
  'CLOSED',
  'MERGED',
]);
const FUNCTIONS = list(['EVALUATION', 'INFORMATION', 'COORDINATION', 'DEVELOPMENT', 'EDUCATION', 'ADVOCACY']);
const RESOURCE_KINDS = list([
  'WATCH_NETWORK',
  'GATHERING_PLACE',
  'HOUSING_SUPPORT',
  'FOOD_SUPPORT',
  'PEER_GROUP',
  'VOLUNTEER',
  'WORK_PLACE',
  'LEARNING_SUPPORT',
  'MONEY_MANAGEMENT',
  'OTHER',
]);
/** History of a regional issue and what links evidence to it: written once, never edited. */
const APPEND_ONLY = ['regional_issue_move', 'regional_issue_evidence'];

/**
 * Councils (協議会) with their members, bodies (運営会議, 定例会, 専門部会, 全体会) and meetings; regional issues
 * (地域課題) carried through the bodies with an append-only history of moves and evidence links to "what cannot be
 * done now" items and declined referrals (never persons); and community resources (社会資源) in the directory,
 * formal or informal, some developed from a regional issue.
 */
export class Councils1764810800000 implements MigrationInterface {
  name = 'Councils1764810800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "council" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" varchar(200) NOT NULL,
        "kind" varchar(32) NOT NULL,
        "municipality_codes" char(6)[] NOT NULL,
        "description" text,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_council" PRIMARY KEY ("id"),
        CONSTRAINT "uq_council_name" UNIQUE ("name"),
        CONSTRAINT "ck_council_kind" CHECK ("kind" IN (${COUNCIL_KINDS})),
        CONSTRAINT "ck_council_areas" CHECK (cardinality("municipality_codes") > 0),
        CONSTRAINT "ck_council_name" CHECK (length(btrim("name")) > 0)
      )`);
    await queryRunner.query(`
      CREATE TABLE "council_member" (
        "council_id" uuid NOT NULL,
        "agency_id" uuid NOT NULL,
        "role" varchar(16) NOT NULL DEFAULT 'MEMBER',
        "joined_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_council_member" PRIMARY KEY ("council_id", "agency_id"),
        CONSTRAINT "fk_council_member_council" FOREIGN KEY ("council_id") REFERENCES "council" ("id"),
        CONSTRAINT "fk_council_member_agency" FOREIGN KEY ("agency_id") REFERENCES "agency" ("id"),
        CONSTRAINT "ck_council_member_role" CHECK ("role" IN ('MEMBER', 'SECRETARIAT'))
      )`);
    await queryRunner.query(`CREATE INDEX "ix_council_member_agency" ON "council_member" ("agency_id")`);
    await queryRunner.query(`
      CREATE TABLE "council_body" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "council_id" uuid NOT NULL,
        "kind" varchar(16) NOT NULL,
        "name" varchar(200) NOT NULL,
        "theme" text,
        "established_on" date NOT NULL,
        "dissolved_on" date,
        "successor_body_ids" uuid[] NOT NULL DEFAULT '{}',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_council_body" PRIMARY KEY ("id"),
        CONSTRAINT "uq_council_body_id_council" UNIQUE ("council_id", "id"),
        CONSTRAINT "fk_council_body_council" FOREIGN KEY ("council_id") REFERENCES "council" ("id"),
        CONSTRAINT "ck_council_body_kind" CHECK ("kind" IN (${BODY_KINDS})),
        CONSTRAINT "ck_council_body_name" CHECK (length(btrim("name")) > 0),
        CONSTRAINT "ck_council_body_dissolved" CHECK ("dissolved_on" IS NULL OR "dissolved_on" >= "established_on")
      )`);
    await queryRunner.query(`
      CREATE TABLE "council_meeting" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "council_id" uuid NOT NULL,
        "body_id" uuid NOT NULL,
        "held_on" date NOT NULL,
        "title" varchar(200) NOT NULL,
        "place" varchar(200),
        "created_by_agency_id" uuid NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_council_meeting" PRIMARY KEY ("id"),
        CONSTRAINT "uq_council_meeting_id_council" UNIQUE ("council_id", "id"),
        CONSTRAINT "fk_council_meeting_body" FOREIGN KEY ("council_id", "body_id")
          REFERENCES "council_body" ("council_id", "id"),
        CONSTRAINT "fk_council_meeting_agency" FOREIGN KEY ("created_by_agency_id") REFERENCES "agency" ("id"),
        CONSTRAINT "ck_council_meeting_title" CHECK (length(btrim("title")) > 0)
      )`);
    await queryRunner.query(`CREATE INDEX "ix_council_meeting_body" ON "council_meeting" ("body_id", "held_on")`);

    await queryRunner.query(`
      CREATE TABLE "regional_issue" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "council_id" uuid NOT NULL,
        "title" varchar(200) NOT NULL,
        "description" text,
        "need_categories" varchar(32)[] NOT NULL,
        "municipality_codes" char(6)[] NOT NULL,
        "function" varchar(16) NOT NULL,
        "stage" varchar(24) NOT NULL DEFAULT 'RAISED',
        "body_id" uuid,
        "merged_into_id" uuid,
        "closed_reason" text,
        "raised_by_agency_id" uuid NOT NULL,
        "version" integer NOT NULL DEFAULT 1,
        "raised_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL,
        CONSTRAINT "pk_regional_issue" PRIMARY KEY ("id"),
        CONSTRAINT "uq_regional_issue_id_council" UNIQUE ("council_id", "id"),
        CONSTRAINT "fk_regional_issue_council" FOREIGN KEY ("council_id") REFERENCES "council" ("id"),
        CONSTRAINT "fk_regional_issue_body" FOREIGN KEY ("council_id", "body_id")
          REFERENCES "council_body" ("council_id", "id"),
        CONSTRAINT "fk_regional_issue_merged_into" FOREIGN KEY ("council_id", "merged_into_id")
          REFERENCES "regional_issue" ("council_id", "id"),
        CONSTRAINT "fk_regional_issue_agency" FOREIGN KEY ("raised_by_agency_id") REFERENCES "agency" ("id"),
        CONSTRAINT "ck_regional_issue_stage" CHECK ("stage" IN (${STAGES})),
        CONSTRAINT "ck_regional_issue_function" CHECK ("function" IN (${FUNCTIONS})),
        CONSTRAINT "ck_regional_issue_needs" CHECK (cardinality("need_categories") > 0),
        CONSTRAINT "ck_regional_issue_areas" CHECK (cardinality("municipality_codes") > 0),
        CONSTRAINT "ck_regional_issue_title" CHECK (length(btrim("title")) > 0),
        CONSTRAINT "ck_regional_issue_merged" CHECK (("stage" = 'MERGED') = ("merged_into_id" IS NOT NULL)),
        CONSTRAINT "ck_regional_issue_closed" CHECK (("stage" = 'CLOSED') = ("closed_reason" IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX "ix_regional_issue_council" ON "regional_issue" ("council_id", "stage")`);
    await queryRunner.query(
      `CREATE INDEX "ix_regional_issue_needs" ON "regional_issue" USING gin ("need_categories", "municipality_codes")`,
    );
    await queryRunner.query(`
      CREATE TABLE "regional_issue_move" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "seq" bigint GENERATED ALWAYS AS IDENTITY,
        "issue_id" uuid NOT NULL,
        "from_stage" varchar(24),
        "to_stage" varchar(24) NOT NULL,
        "body_id" uuid,
        "meeting_id" uuid,
        "note" text,
        "moved_by_agency_id" uuid NOT NULL,
        "moved_at" timestamptz NOT NULL,
        CONSTRAINT "pk_regional_issue_move" PRIMARY KEY ("id"),
        CONSTRAINT "fk_regional_issue_move_issue" FOREIGN KEY ("issue_id") REFERENCES "regional_issue" ("id"),
        CONSTRAINT "fk_regional_issue_move_body" FOREIGN KEY ("body_id") REFERENCES "council_body" ("id"),
        CONSTRAINT "fk_regional_issue_move_meeting" FOREIGN KEY ("meeting_id") REFERENCES "council_meeting" ("id"),
        CONSTRAINT "fk_regional_issue_move_agency" FOREIGN KEY ("moved_by_agency_id") REFERENCES "agency" ("id"),
        CONSTRAINT "ck_regional_issue_move_to" CHECK ("to_stage" IN (${STAGES}))
      )`);
    await queryRunner.query(`CREATE INDEX "ix_regional_issue_move_issue" ON "regional_issue_move" ("issue_id", "seq")`);
    await queryRunner.query(
      `CREATE INDEX "ix_regional_issue_move_meeting" ON "regional_issue_move" ("meeting_id") WHERE "meeting_id" IS NOT NULL`,
    );
    // One row per piece of evidence per issue; merging copies the rows of the merged issue (via_issue_id) so the
    // surviving issue keeps all of it. An unmet item names its conference and so the person, but the person is
    // only ever counted, never shown.
    await queryRunner.query(`
      CREATE TABLE "regional_issue_evidence" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "issue_id" uuid NOT NULL,
        "unmet_item_id" uuid,
        "referral_id" uuid,
        "via_issue_id" uuid,
        "linked_by_agency_id" uuid NOT NULL,
        "linked_at" timestamptz NOT NULL,
        CONSTRAINT "pk_regional_issue_evidence" PRIMARY KEY ("id"),
        CONSTRAINT "fk_regional_issue_evidence_issue" FOREIGN KEY ("issue_id") REFERENCES "regional_issue" ("id"),
        CONSTRAINT "fk_regional_issue_evidence_unmet_item" FOREIGN KEY ("unmet_item_id")
          REFERENCES "case_conference_unmet_item" ("id"),
        CONSTRAINT "fk_regional_issue_evidence_referral" FOREIGN KEY ("referral_id") REFERENCES "referral" ("id"),
        CONSTRAINT "fk_regional_issue_evidence_via" FOREIGN KEY ("via_issue_id") REFERENCES "regional_issue" ("id"),
        CONSTRAINT "fk_regional_issue_evidence_agency" FOREIGN KEY ("linked_by_agency_id") REFERENCES "agency" ("id"),
        CONSTRAINT "ck_regional_issue_evidence_one" CHECK (("unmet_item_id" IS NULL) <> ("referral_id" IS NULL))
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_regional_issue_evidence_item" ON "regional_issue_evidence" ("issue_id", "unmet_item_id")
         WHERE "unmet_item_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_regional_issue_evidence_referral" ON "regional_issue_evidence" ("issue_id", "referral_id")
         WHERE "referral_id" IS NOT NULL`,
    );
    for (const table of APPEND_ONLY) {
      await queryRunner.query(
        `CREATE TRIGGER "tr_${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}"
           FOR EACH ROW EXECUTE FUNCTION "tsunagu_forbid_change"()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "tr_${table}_no_truncate" BEFORE TRUNCATE ON "${table}"
           FOR EACH STATEMENT EXECUTE FUNCTION "tsunagu_forbid_change"()`,
      );
    }

    // Formal or informal resources of the community (見守り隊, 居場所, 居住サポート …) that are not agencies,
    // rated where known on seed 3-8's criteria (1–3 each); `developed_from_issue_id` closes the council's loop.
    await queryRunner.query(`
      CREATE TABLE "community_resource" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "code" varchar(64),
        "name" varchar(200) NOT NULL,
        "kind" varchar(24) NOT NULL,
        "description" text,
        "need_categories" varchar(32)[] NOT NULL,
        "municipality_codes" char(6)[] NOT NULL,
        "contact" varchar(200),
        "ratings" jsonb NOT NULL DEFAULT '{}',
        "status" varchar(16) NOT NULL DEFAULT 'ACTIVE',
        "closed_reason" text,
        "developed_from_issue_id" uuid,
        "improved_by_issue_ids" uuid[] NOT NULL DEFAULT '{}',
        "created_by_agency_id" uuid,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_community_resource" PRIMARY KEY ("id"),
        CONSTRAINT "uq_community_resource_code" UNIQUE ("code"),
        CONSTRAINT "fk_community_resource_issue" FOREIGN KEY ("developed_from_issue_id")
          REFERENCES "regional_issue" ("id"),
        CONSTRAINT "fk_community_resource_agency" FOREIGN KEY ("created_by_agency_id") REFERENCES "agency" ("id"),
        CONSTRAINT "ck_community_resource_kind" CHECK ("kind" IN (${RESOURCE_KINDS})),
        CONSTRAINT "ck_community_resource_status" CHECK ("status" IN ('ACTIVE', 'CLOSED')),
        CONSTRAINT "ck_community_resource_closed" CHECK (("status" = 'CLOSED') = ("closed_reason" IS NOT NULL)),
        CONSTRAINT "ck_community_resource_needs" CHECK (cardinality("need_categories") > 0),
        CONSTRAINT "ck_community_resource_areas" CHECK (cardinality("municipality_codes") > 0),
        CONSTRAINT "ck_community_resource_name" CHECK (length(btrim("name")) > 0),
        CONSTRAINT "ck_community_resource_ratings" CHECK (jsonb_typeof("ratings") = 'object')
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_community_resource_needs" ON "community_resource" USING gin ("need_categories", "municipality_codes")
         WHERE "status" = 'ACTIVE'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_community_resource_developed_from" ON "community_resource" ("developed_from_issue_id")
         WHERE "developed_from_issue_id" IS NOT NULL`,
    );
    // A relation drawn in the ecomap may be to a community resource of the directory.
    await queryRunner.query(`ALTER TABLE "person_relation" ADD COLUMN "community_resource_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "person_relation" ADD CONSTRAINT "fk_person_relation_community_resource"
         FOREIGN KEY ("community_resource_id") REFERENCES "community_resource" ("id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "person_relation" DROP CONSTRAINT "fk_person_relation_community_resource"`);
    await queryRunner.query(`ALTER TABLE "person_relation" DROP COLUMN "community_resource_id"`);
    await queryRunner.query(`DROP TABLE "community_resource"`);
    await queryRunner.query(`DROP TABLE "regional_issue_evidence"`);
    await queryRunner.query(`DROP TABLE "regional_issue_move"`);
    await queryRunner.query(`DROP TABLE "regional_issue"`);
    await queryRunner.query(`DROP TABLE "council_meeting"`);
    await queryRunner.query(`DROP TABLE "council_body"`);
    await queryRunner.query(`DROP TABLE "council_member"`);
    await queryRunner.query(`DROP TABLE "council"`);
  }
}
