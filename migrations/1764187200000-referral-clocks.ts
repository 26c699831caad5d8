import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The referral SLA clocks: when the recipient was reminded of, and when it breached, each due time. Set once
 * by the worker's CHECK_DUE jobs (`… IS NULL` guards make each reminder and breach happen exactly once).
 */
export class ReferralClocks1764187200000 implements MigrationInterface {
  name = 'ReferralClocks1764187200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "referral"
        ADD COLUMN "acknowledge_reminded_at" timestamptz,
        ADD COLUMN "acknowledge_breached_at" timestamptz,
        ADD COLUMN "decision_reminded_at" timestamptz,
        ADD COLUMN "decision_breached_at" timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "referral"
        DROP COLUMN "decision_breached_at",
        DROP COLUMN "decision_reminded_at",
        DROP COLUMN "acknowledge_breached_at",
        DROP COLUMN "acknowledge_reminded_at"`);
  }
}
