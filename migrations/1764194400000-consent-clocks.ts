import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Consent expiry notices: one row per consent and kind (14 days before expiry; at expiry), written by the
 * worker's CHECK_CONSENT_EXPIRY jobs. The primary key makes each notice happen exactly once (consent rows are
 * append-only and never updated); the rows themselves are append-only too.
 */
export class ConsentClocks1764194400000 implements MigrationInterface {
  name = 'ConsentClocks1764194400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "consent_notice" (
        "consent_id" uuid NOT NULL,
        "kind" varchar(16) NOT NULL,
        "at" timestamptz NOT NULL,
        CONSTRAINT "pk_consent_notice" PRIMARY KEY ("consent_id", "kind"),
        CONSTRAINT "fk_consent_notice_consent" FOREIGN KEY ("consent_id") REFERENCES "consent" ("id"),
        CONSTRAINT "ck_consent_notice_kind" CHECK ("kind" IN ('EXPIRING_SOON', 'EXPIRED'))
      )`);
    await queryRunner.query(
      `CREATE TRIGGER "tr_consent_notice_append_only" BEFORE UPDATE OR DELETE ON "consent_notice"
         FOR EACH ROW EXECUTE FUNCTION "tsunagu_forbid_change"()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "tr_consent_notice_append_only" ON "consent_notice"`);
    await queryRunner.query(`DROP TABLE "consent_notice"`);
  }
}
