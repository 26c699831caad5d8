import { type MigrationInterface, type QueryRunner } from 'typeorm';

const SECTORS = [
  'POVERTY',
  'PUBLIC_ASSISTANCE',
  'CHILD_FAMILY',
  'EMPLOYMENT',
  'DISABILITY',
  'ELDER_CARE',
  'PENSION',
  'EDUCATION',
  'CORRECTIONS',
  'HEALTH_INSURANCE',
  'SUICIDE_PREVENTION',
  'YOUTH',
  'AGRICULTURE',
  'DEBT',
  'HOUSING',
  'COMMUNITY_WELFARE',
];
const sectorList = SECTORS.map((sector) => `'${sector}'`).join(', ');

/** The agency directory, collaboration pathways and partner API keys. */
export class Foundation1764165600000 implements MigrationInterface {
  name = 'Foundation1764165600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "agency" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "code" varchar(64) NOT NULL,
        "name" varchar(200) NOT NULL,
        "name_en" varchar(200),
        "sector" varchar(32) NOT NULL,
        "kind" varchar(100) NOT NULL,
        "contact_email" varchar(254),
        "need_categories" text[] NOT NULL DEFAULT '{}',
        "accepting_referrals" boolean NOT NULL DEFAULT true,
        "is_hub_coordinator" boolean NOT NULL DEFAULT false,
        "is_demo" boolean NOT NULL DEFAULT false,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_agency" PRIMARY KEY ("id"),
        CONSTRAINT "uq_agency_code" UNIQUE ("code"),
        CONSTRAINT "ck_agency_sector" CHECK ("sector" IN (${sectorList}))
      )`);
    await queryRunner.query(`CREATE INDEX "ix_agency_sector" ON "agency" ("sector")`);
    await queryRunner.query(`CREATE INDEX "ix_agency_need_categories" ON "agency" USING gin ("need_categories")`);

    await queryRunner.query(`
      CREATE TABLE "agency_service_area" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "agency_id" uuid NOT NULL,
        "level" varchar(20) NOT NULL,
        "code" varchar(64) NOT NULL,
        "name" varchar(100),
        "prefecture_code" char(6) NOT NULL,
        "municipality_code" char(6),
        CONSTRAINT "pk_agency_service_area" PRIMARY KEY ("id"),
        CONSTRAINT "fk_agency_service_area_agency" FOREIGN KEY ("agency_id") REFERENCES "agency" ("id") ON DELETE CASCADE,
        CONSTRAINT "uq_agency_service_area" UNIQUE ("agency_id", "level", "code"),
        CONSTRAINT "ck_agency_service_area_level"
          CHECK ("level" IN ('NEIGHBOURHOOD', 'SCHOOL_DISTRICT', 'MUNICIPALITY', 'PREFECTURE')),
        CONSTRAINT "ck_agency_service_area_municipality"
          CHECK (("level" = 'PREFECTURE') = ("municipality_code" IS NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_agency_service_area_municipality" ON "agency_service_area" ("municipality_code", "agency_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_agency_service_area_prefecture" ON "agency_service_area" ("prefecture_code", "agency_id") WHERE "level" = 'PREFECTURE'`,
    );

    await queryRunner.query(`
      CREATE TABLE "agency_response_target" (
        "agency_id" uuid NOT NULL,
        "urgency" varchar(16) NOT NULL,
        "acknowledge_within" varchar(32) NOT NULL,
        "decide_within" varchar(32) NOT NULL,
        "business_time" boolean NOT NULL DEFAULT true,
        CONSTRAINT "pk_agency_response_target" PRIMARY KEY ("agency_id", "urgency"),
        CONSTRAINT "fk_agency_response_target_agency" FOREIGN KEY ("agency_id") REFERENCES "agency" ("id") ON DELETE CASCADE,
        CONSTRAINT "ck_agency_response_target_urgency" CHECK ("urgency" IN ('EMERGENCY', 'HIGH', 'NORMAL', 'LOW'))
      )`);

    await queryRunner.query(`
      CREATE TABLE "collaboration_pathway" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "from_sector" varchar(32) NOT NULL,
        "to_sector" varchar(32) NOT NULL,
        "purpose_ja" text NOT NULL,
        "purpose_en" text NOT NULL,
        CONSTRAINT "pk_collaboration_pathway" PRIMARY KEY ("id"),
        CONSTRAINT "uq_collaboration_pathway_sectors" UNIQUE ("from_sector", "to_sector"),
        CONSTRAINT "ck_collaboration_pathway_from_sector" CHECK ("from_sector" IN (${sectorList})),
        CONSTRAINT "ck_collaboration_pathway_to_sector" CHECK ("to_sector" IN (${sectorList})),
        CONSTRAINT "ck_collaboration_pathway_distinct" CHECK ("from_sector" <> "to_sector")
      )`);

    await queryRunner.query(`
      CREATE TABLE "api_key" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "agency_id" uuid,
        "prefix" varchar(8) NOT NULL,
        "secret_hash" bytea NOT NULL,
        "scopes" text[] NOT NULL,
        "label" varchar(100),
        "is_demo" boolean NOT NULL DEFAULT false,
        "created_by_key_id" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "revoked_at" timestamptz,
        CONSTRAINT "pk_api_key" PRIMARY KEY ("id"),
        CONSTRAINT "uq_api_key_prefix" UNIQUE ("prefix"),
        CONSTRAINT "fk_api_key_agency" FOREIGN KEY ("agency_id") REFERENCES "agency" ("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_api_key_created_by" FOREIGN KEY ("created_by_key_id") REFERENCES "api_key" ("id") ON DELETE SET NULL,
        CONSTRAINT "ck_api_key_secret_hash" CHECK (octet_length("secret_hash") = 32),
        CONSTRAINT "ck_api_key_scopes" CHECK (cardinality("scopes") > 0)
      )`);
    await queryRunner.query(`CREATE INDEX "ix_api_key_agency" ON "api_key" ("agency_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "api_key"`);
    await queryRunner.query(`DROP TABLE "collaboration_pathway"`);
    await queryRunner.query(`DROP TABLE "agency_response_target"`);
    await queryRunner.query(`DROP TABLE "agency_service_area"`);
    await queryRunner.query(`DROP TABLE "agency"`);
  }
}
