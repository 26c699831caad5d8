import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The transactional outbox: every event partners are told about is written here in the same transaction
 * as the change, then relayed to the queue by the worker. `pg_notify` wakes the relay at once; it also
 * polls, so a missed notification only delays delivery.
 */
export class Outbox1764180000000 implements MigrationInterface {
  name = 'Outbox1764180000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "outbox_event" (
        "id" uuid NOT NULL,
        "seq" bigserial NOT NULL,
        "type" varchar(64) NOT NULL,
        "aggregate_id" uuid NOT NULL,
        "agency_ids" uuid[] NOT NULL,
        "payload" jsonb NOT NULL,
        "occurred_at" timestamptz NOT NULL,
        "relayed_at" timestamptz,
        CONSTRAINT "pk_outbox_event" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_outbox_event_pending" ON "outbox_event" ("seq") WHERE "relayed_at" IS NULL`,
    );
    await queryRunner.query(`
      CREATE FUNCTION "tsunagu_outbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('tsunagu_outbox', '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "tr_outbox_event_notify" AFTER INSERT ON "outbox_event"
         FOR EACH STATEMENT EXECUTE FUNCTION "tsunagu_outbox_notify"()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "outbox_event"`);
    await queryRunner.query(`DROP FUNCTION "tsunagu_outbox_notify"()`);
  }
}
