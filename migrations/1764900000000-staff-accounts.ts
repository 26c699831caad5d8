import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Staff accounts of the agency console. A staff member signs in with e-mail and password (scrypt), optionally a
 * TOTP second factor, and works through a session; each account has its own principal row in `api_key`
 * (`kind` STAFF, with no usable secret), so every actor column that names a key names the staff member, and a
 * staff principal can never be presented as a bearer key. Audit rows name the staff member too.
 * `staff_token` holds password-reset and set-up tokens, hashed, single-use and short-lived.
 */
export class StaffAccounts1764900000000 implements MigrationInterface {
  name = 'StaffAccounts1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "api_key" ADD COLUMN "kind" varchar(8) NOT NULL DEFAULT 'SYSTEM',
        ADD CONSTRAINT "ck_api_key_kind" CHECK ("kind" IN ('SYSTEM', 'STAFF'))`);
    await queryRunner.query(`
      CREATE TABLE "staff_member" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "agency_id" uuid,
        "email" varchar(254) NOT NULL,
        "display_name" varchar(100) NOT NULL,
        "role" varchar(16) NOT NULL,
        "password_hash" varchar(200),
        "totp_secret" text,
        "totp_enabled_at" timestamptz,
        "failed_sign_ins" integer NOT NULL DEFAULT 0,
        "locked_until" timestamptz,
        "key_id" uuid NOT NULL,
        "is_demo" boolean NOT NULL DEFAULT false,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "deactivated_at" timestamptz,
        CONSTRAINT "pk_staff_member" PRIMARY KEY ("id"),
        CONSTRAINT "fk_staff_member_agency" FOREIGN KEY ("agency_id") REFERENCES "agency" ("id"),
        CONSTRAINT "fk_staff_member_key" FOREIGN KEY ("key_id") REFERENCES "api_key" ("id"),
        CONSTRAINT "uq_staff_member_key" UNIQUE ("key_id"),
        CONSTRAINT "ck_staff_member_role" CHECK ("role" IN ('CASEWORKER', 'AGENCY_ADMIN', 'HUB_COORDINATOR', 'HUB_ADMIN')),
        CONSTRAINT "ck_staff_member_agency" CHECK (("role" = 'HUB_ADMIN') = ("agency_id" IS NULL)),
        CONSTRAINT "ck_staff_member_email" CHECK ("email" = lower("email") AND "email" LIKE '%_@_%')
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_staff_member_email" ON "staff_member" ("email")`);
    await queryRunner.query(`CREATE INDEX "ix_staff_member_agency" ON "staff_member" ("agency_id")`);
    await queryRunner.query(`
      CREATE TABLE "staff_token" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "staff_id" uuid NOT NULL,
        "token_hash" bytea NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "used_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_staff_token" PRIMARY KEY ("id"),
        CONSTRAINT "fk_staff_token_staff" FOREIGN KEY ("staff_id") REFERENCES "staff_member" ("id") ON DELETE CASCADE,
        CONSTRAINT "uq_staff_token_hash" UNIQUE ("token_hash")
      )`);
    await queryRunner.query(`CREATE INDEX "ix_staff_token_staff" ON "staff_token" ("staff_id")`);
    await queryRunner.query(`ALTER TABLE "audit_log" ADD COLUMN "staff_id" uuid`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_log" DROP COLUMN "staff_id"`);
    await queryRunner.query(`DROP TABLE "staff_token"`);
    await queryRunner.query(`DROP TABLE "staff_member"`);
    await queryRunner.query(`DELETE FROM "api_key" WHERE "kind" = 'STAFF'`);
    await queryRunner.query(`ALTER TABLE "api_key" DROP CONSTRAINT "ck_api_key_kind", DROP COLUMN "kind"`);
  }
}
