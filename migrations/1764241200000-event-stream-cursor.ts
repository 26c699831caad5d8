import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The position of each outbox event in the resumable `referralEvents` stream: the id of the transaction that
 * wrote it (`xid`, set by PostgreSQL on insert; the writers do not change). The stream orders by `(xid, seq)`
 * and reads only below the oldest running transaction, which makes the order final (see
 * libs/referrals/src/referrals/referral-event-stream.ts); the index serves "the rows after a cursor".
 * Rows written before this migration all get this migration's transaction id, in `seq` order among themselves.
 */
export class EventStreamCursor1764241200000 implements MigrationInterface {
  name = 'EventStreamCursor1764241200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_event" ADD COLUMN "xid" xid8 NOT NULL DEFAULT pg_current_xact_id()`);
    await queryRunner.query(`CREATE INDEX "ix_outbox_event_stream" ON "outbox_event" ("xid", "seq")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_outbox_event_stream"`);
    await queryRunner.query(`ALTER TABLE "outbox_event" DROP COLUMN "xid"`);
  }
}
