import { type MigrationInterface, type QueryRunner } from 'typeorm';

const list = (values: string[]) => values.map((value) => `'${value}'`).join(', ');
const BEFORE = [
  'IDENTITY',
  'CONTACT',
  'HOUSEHOLD',
  'HEALTH_DISABILITY',
  'INCOME_DEBT',
  'EMPLOYMENT',
  'EDUCATION',
  'JUSTICE',
  'CASE_NOTES',
];
const AFTER = [...BEFORE, 'SUPPORT_NETWORK'];
const RELATION_KINDS = list([
  'FAMILY',
  'FRIEND',
  'NEIGHBOUR',
  'COMMUNITY_ORGANISATION',
  'BUSINESS',
  'INFORMAL_SUPPORTER',
  'OTHER',
]);

/**
 * The hearing sheet (地域変革のためのヒアリングシート, 13 items) and the person's relations drawn in the ecomap,
 * under a new data category SUPPORT_NETWORK that consents and referrals may now name. The sheet keeps every
 * saved version in an append-only table; relations are removed by marking them, so who removed what stays.
 */
export class HearingSheetEcomap1764807200000 implements MigrationInterface {
  name = 'HearingSheetEcomap1764807200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.categories(queryRunner, AFTER);

    await queryRunner.query(`
      CREATE TABLE "hearing_sheet" (
        "person_id" uuid NOT NULL,
        "answers" jsonb NOT NULL DEFAULT '[]',
        "version" integer NOT NULL,
        "updated_by_agency_id" uuid NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_hearing_sheet" PRIMARY KEY ("person_id"),
        CONSTRAINT "fk_hearing_sheet_person" FOREIGN KEY ("person_id") REFERENCES "person" ("id"),
        CONSTRAINT "fk_hearing_sheet_agency" FOREIGN KEY ("updated_by_agency_id") REFERENCES "agency" ("id"),
        CONSTRAINT "ck_hearing_sheet_answers" CHECK (jsonb_typeof("answers") = 'array'),
        CONSTRAINT "ck_hearing_sheet_version" CHECK ("version" >= 1)
      )`);
    await queryRunner.query(`
      CREATE TABLE "hearing_sheet_version" (
        "person_id" uuid NOT NULL,
        "version" integer NOT NULL,
        "answers" jsonb NOT NULL,
        "saved_by_agency_id" uuid NOT NULL,
        "saved_at" timestamptz NOT NULL,
        CONSTRAINT "pk_hearing_sheet_version" PRIMARY KEY ("person_id", "version"),
        CONSTRAINT "fk_hearing_sheet_version_sheet" FOREIGN KEY ("person_id") REFERENCES "hearing_sheet" ("person_id"),
        CONSTRAINT "fk_hearing_sheet_version_agency" FOREIGN KEY ("saved_by_agency_id") REFERENCES "agency" ("id")
      )`);
    await queryRunner.query(
      `CREATE TRIGGER "tr_hearing_sheet_version_append_only" BEFORE UPDATE OR DELETE ON "hearing_sheet_version"
         FOR EACH ROW EXECUTE FUNCTION "tsunagu_forbid_change"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_hearing_sheet_version_no_truncate" BEFORE TRUNCATE ON "hearing_sheet_version"
         FOR EACH STATEMENT EXECUTE FUNCTION "tsunagu_forbid_change"()`,
    );

    await queryRunner.query(`
      CREATE TABLE "person_relation" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "person_id" uuid NOT NULL,
        "kind" varchar(32) NOT NULL,
        "label" varchar(100) NOT NULL,
        "strength" varchar(16) NOT NULL,
        "direction" varchar(16) NOT NULL,
        "note" text,
        "created_by_agency_id" uuid NOT NULL,
        "updated_by_agency_id" uuid NOT NULL,
        "removed_by_agency_id" uuid,
        "removed_at" timestamptz,
        "version" integer NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_person_relation" PRIMARY KEY ("id"),
        CONSTRAINT "fk_person_relation_person" FOREIGN KEY ("person_id") REFERENCES "person" ("id"),
        CONSTRAINT "fk_person_relation_created_by" FOREIGN KEY ("created_by_agency_id") REFERENCES "agency" ("id"),
        CONSTRAINT "fk_person_relation_updated_by" FOREIGN KEY ("updated_by_agency_id") REFERENCES "agency" ("id"),
        CONSTRAINT "fk_person_relation_removed_by" FOREIGN KEY ("removed_by_agency_id") REFERENCES "agency" ("id"),
        CONSTRAINT "ck_person_relation_kind" CHECK ("kind" IN (${RELATION_KINDS})),
        CONSTRAINT "ck_person_relation_strength" CHECK ("strength" IN ('STRONG', 'WEAK', 'STRESSFUL')),
        CONSTRAINT "ck_person_relation_direction" CHECK ("direction" IN ('TO_PERSON', 'FROM_PERSON', 'MUTUAL')),
        CONSTRAINT "ck_person_relation_label" CHECK (length(btrim("label")) > 0),
        CONSTRAINT "ck_person_relation_removed" CHECK (("removed_at" IS NULL) = ("removed_by_agency_id" IS NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_person_relation_person" ON "person_relation" ("person_id", "created_at") WHERE "removed_at" IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Consents are append-only and referrals are records of what was shared: rather than rewrite them, refuse.
    const [{ named }] = (await queryRunner.query(`
      SELECT (SELECT count(*) FROM "consent" WHERE 'SUPPORT_NETWORK' = ANY("data_categories"))::int
           + (SELECT count(*) FROM "referral" WHERE 'SUPPORT_NETWORK' = ANY("shared_categories"))::int
           + (SELECT count(*) FROM "case_conference" WHERE 'SUPPORT_NETWORK' = ANY("data_categories"))::int AS "named"`)) as {
      named: number;
    }[];
    if (named > 0)
      throw new Error(`${named} consents, referrals or case conferences name SUPPORT_NETWORK: cannot revert`);
    await queryRunner.query(`DROP TABLE "person_relation"`);
    await queryRunner.query(`DROP TABLE "hearing_sheet_version"`);
    await queryRunner.query(`DROP TABLE "hearing_sheet"`);
    await this.categories(queryRunner, BEFORE);
  }

  /** The CHECK constraints that list the data categories a consent or referral may name. */
  private async categories(queryRunner: QueryRunner, categories: string[]): Promise<void> {
    const values = list(categories);
    await queryRunner.query(`ALTER TABLE "consent" DROP CONSTRAINT "ck_consent_data_categories"`);
    await queryRunner.query(`
      ALTER TABLE "consent" ADD CONSTRAINT "ck_consent_data_categories"
        CHECK (cardinality("data_categories") > 0 AND "data_categories" <@ ARRAY[${values}]::text[])`);
    await queryRunner.query(`ALTER TABLE "referral" DROP CONSTRAINT "ck_referral_shared_categories"`);
    await queryRunner.query(`
      ALTER TABLE "referral" ADD CONSTRAINT "ck_referral_shared_categories"
        CHECK ("shared_categories" <@ ARRAY[${values}]::text[])`);
    await queryRunner.query(`ALTER TABLE "case_conference" DROP CONSTRAINT "ck_case_conference_data_categories"`);
    await queryRunner.query(`
      ALTER TABLE "case_conference" ADD CONSTRAINT "ck_case_conference_data_categories"
        CHECK (cardinality("data_categories") > 0 AND "data_categories" <@ ARRAY[${values}]::text[])`);
  }
}
