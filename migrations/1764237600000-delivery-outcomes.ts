import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Delivery outcomes PostgreSQL can see (issue 11).
 *
 * The outbox row records which fan-out channels have handled its event (`fanned_out_channels`) and when all of
 * them had (`fanned_out_at`): a relayed event without that mark after a grace period is relayed again (its job
 * may have been lost with Redis), and a retried fan-out skips the channels already done. Events relayed before
 * this migration count as fanned out.
 *
 * A webhook or e-mail delivery still PENDING after the grace period whose job Redis may have lost is queued
 * again by the same sweep; `requeued_at` records when it last was, so that the sweep goes round them all.
 *
 * A webhook attempt is recorded before its POST (`state` SENDING) and closed after it (SUCCEEDED or FAILED):
 * the table stops being strictly append-only, and a trigger of its own lets an attempt change only once, from
 * SENDING to its outcome, and never be deleted.
 */
export class DeliveryOutcomes1764237600000 implements MigrationInterface {
  name = 'DeliveryOutcomes1764237600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "outbox_event"
        ADD COLUMN "fanned_out_channels" varchar(32)[] NOT NULL DEFAULT '{}',
        ADD COLUMN "fanned_out_at" timestamptz`);
    await queryRunner.query(`UPDATE "outbox_event" SET "fanned_out_at" = "relayed_at" WHERE "relayed_at" IS NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX "ix_outbox_event_unfinished" ON "outbox_event" ("relayed_at")
        WHERE "relayed_at" IS NOT NULL AND "fanned_out_at" IS NULL`,
    );

    await queryRunner.query(`ALTER TABLE "webhook_delivery" ADD COLUMN "requeued_at" timestamptz(3)`);
    await queryRunner.query(`ALTER TABLE "email_delivery" ADD COLUMN "requeued_at" timestamptz(3)`);
    await queryRunner.query(
      `CREATE INDEX "ix_webhook_delivery_pending" ON "webhook_delivery" (coalesce("requeued_at", "created_at"))
        WHERE "status" = 'PENDING'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_email_delivery_pending" ON "email_delivery" (coalesce("requeued_at", "created_at"))
        WHERE "status" = 'PENDING'`,
    );

    await queryRunner.query(`DROP TRIGGER "tr_webhook_attempt_append_only" ON "webhook_attempt"`);
    await queryRunner.query(`ALTER TABLE "webhook_attempt" ADD COLUMN "state" varchar(16)`);
    await queryRunner.query(
      `UPDATE "webhook_attempt" SET "state" = CASE WHEN "succeeded" THEN 'SUCCEEDED' ELSE 'FAILED' END`,
    );
    await queryRunner.query(`
      ALTER TABLE "webhook_attempt"
        ALTER COLUMN "state" SET NOT NULL,
        ADD CONSTRAINT "ck_webhook_attempt_state" CHECK ("state" IN ('SENDING', 'SUCCEEDED', 'FAILED')),
        ADD CONSTRAINT "ck_webhook_attempt_succeeded" CHECK ("succeeded" = ("state" = 'SUCCEEDED'))`);
    await queryRunner.query(`
      CREATE FUNCTION "tsunagu_webhook_attempt_close"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD."state" = 'SENDING' AND NEW."state" <> 'SENDING'
           AND NEW."delivery_id" = OLD."delivery_id" AND NEW."number" = OLD."number"
           AND NEW."started_at" = OLD."started_at" THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'webhook_attempt: only a SENDING attempt may be closed, once; attempts are never deleted'
          USING ERRCODE = 'P0001';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "tr_webhook_attempt_close_only" BEFORE UPDATE OR DELETE ON "webhook_attempt"
         FOR EACH ROW EXECUTE FUNCTION "tsunagu_webhook_attempt_close"()`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_webhook_attempt_sending" ON "webhook_attempt" ("delivery_id") WHERE "state" = 'SENDING'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_webhook_attempt_sending"`);
    await queryRunner.query(`DROP TRIGGER "tr_webhook_attempt_close_only" ON "webhook_attempt"`);
    await queryRunner.query(`DROP FUNCTION "tsunagu_webhook_attempt_close"()`);
    await queryRunner.query(`DELETE FROM "webhook_attempt" WHERE "state" = 'SENDING'`);
    await queryRunner.query(
      `ALTER TABLE "webhook_attempt" DROP CONSTRAINT "ck_webhook_attempt_succeeded", DROP CONSTRAINT "ck_webhook_attempt_state", DROP COLUMN "state"`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_webhook_attempt_append_only" BEFORE UPDATE OR DELETE ON "webhook_attempt"
         FOR EACH ROW EXECUTE FUNCTION "tsunagu_forbid_change"()`,
    );
    await queryRunner.query(`DROP INDEX "ix_email_delivery_pending"`);
    await queryRunner.query(`DROP INDEX "ix_webhook_delivery_pending"`);
    await queryRunner.query(`ALTER TABLE "email_delivery" DROP COLUMN "requeued_at"`);
    await queryRunner.query(`ALTER TABLE "webhook_delivery" DROP COLUMN "requeued_at"`);
    await queryRunner.query(`DROP INDEX "ix_outbox_event_unfinished"`);
    await queryRunner.query(
      `ALTER TABLE "outbox_event" DROP COLUMN "fanned_out_at", DROP COLUMN "fanned_out_channels"`,
    );
  }
}
