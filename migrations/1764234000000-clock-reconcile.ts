import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Indexes for the worker's clock reconciliation, which reads every clock that must still fire in pages: the
 * open referrals with a due time not yet breached (partial, so it holds only those), and consents by expiry.
 */
export class ClockReconcile1764234000000 implements MigrationInterface {
  name = 'ClockReconcile1764234000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE INDEX "ix_referral_clocks_pending" ON "referral" ("id")
       WHERE "status" IN ('REQUESTED', 'RECEIVED')
         AND (("acknowledge_due_at" IS NOT NULL AND "acknowledge_breached_at" IS NULL)
           OR ("decision_due_at" IS NOT NULL AND "decision_breached_at" IS NULL))`);
    await queryRunner.query(
      `CREATE INDEX "ix_consent_expires_at" ON "consent" ("expires_at", "id") WHERE "expires_at" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_consent_expires_at"`);
    await queryRunner.query(`DROP INDEX "ix_referral_clocks_pending"`);
  }
}
