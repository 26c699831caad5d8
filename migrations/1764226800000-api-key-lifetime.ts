import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * API-key lifetime: an optional expiry, the last time a key was used (recorded at most once a minute), and an
 * index on the issuing key, which revocation follows to revoke every key a revoked key issued, transitively.
 *
 * Until now revoking a key left the keys it had issued working. The keys issued, directly or not, by a key
 * that is already revoked are revoked here, so the rule holds for keys issued before this migration too.
 * `down` drops the columns and the index but leaves those revocations: a revoked key never comes back.
 */
export class ApiKeyLifetime1764226800000 implements MigrationInterface {
  name = 'ApiKeyLifetime1764226800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "api_key"
        ADD COLUMN "expires_at" timestamptz,
        ADD COLUMN "last_used_at" timestamptz`);
    await queryRunner.query(`CREATE INDEX "ix_api_key_created_by" ON "api_key" ("created_by_key_id")`);
    await queryRunner.query(`
      WITH RECURSIVE "revoked_tree" ("id") AS (
        SELECT "id" FROM "api_key" WHERE "revoked_at" IS NOT NULL
        UNION
        SELECT "issued"."id" FROM "api_key" "issued" JOIN "revoked_tree" ON "issued"."created_by_key_id" = "revoked_tree"."id"
      )
      UPDATE "api_key" SET "revoked_at" = now()
       WHERE "id" IN (SELECT "id" FROM "revoked_tree") AND "revoked_at" IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_api_key_created_by"`);
    await queryRunner.query(`ALTER TABLE "api_key" DROP COLUMN "last_used_at", DROP COLUMN "expires_at"`);
  }
}
