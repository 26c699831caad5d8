import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Notification channels beyond live subscriptions: webhook endpoints (signing secrets encrypted with
 * SECRETS_KEY), their deliveries (one per endpoint and event; the exact body sent, so every attempt signs the
 * same bytes) and every attempt of each; e-mail notices (one per agency and event); and each agency's choice
 * of event types per channel.
 */
export class NotificationChannels1764201600000 implements MigrationInterface {
  name = 'NotificationChannels1764201600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "webhook_endpoint" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "agency_id" uuid NOT NULL,
        "url" varchar(2048) NOT NULL,
        "events" varchar(64)[] NOT NULL,
        "description" varchar(500),
        "secret_ciphertext" text NOT NULL,
        "enabled" boolean NOT NULL DEFAULT true,
        "disabled_at" timestamptz,
        "disabled_reason" varchar(500),
        "consecutive_dead_letters" integer NOT NULL DEFAULT 0,
        "created_by_key_id" uuid,
        "created_at" timestamptz(3) NOT NULL DEFAULT now(),
        "updated_at" timestamptz(3) NOT NULL DEFAULT now(),
        "version" integer NOT NULL DEFAULT 1,
        CONSTRAINT "pk_webhook_endpoint" PRIMARY KEY ("id"),
        CONSTRAINT "fk_webhook_endpoint_agency" FOREIGN KEY ("agency_id") REFERENCES "agency" ("id"),
        CONSTRAINT "ck_webhook_endpoint_events" CHECK (cardinality("events") > 0),
        CONSTRAINT "ck_webhook_endpoint_url" CHECK ("url" ~ '^https?://')
      )`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_endpoint_agency" ON "webhook_endpoint" ("agency_id")`);

    await queryRunner.query(`
      CREATE TABLE "webhook_delivery" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "endpoint_id" uuid NOT NULL,
        "agency_id" uuid NOT NULL,
        "event_id" uuid NOT NULL,
        "event_type" varchar(64) NOT NULL,
        "body" text NOT NULL,
        "status" varchar(16) NOT NULL DEFAULT 'PENDING',
        "attempts" integer NOT NULL DEFAULT 0,
        "last_attempt_at" timestamptz(3),
        "last_status_code" integer,
        "last_latency_ms" integer,
        "last_error" varchar(1000),
        "next_attempt_at" timestamptz(3),
        "delivered_at" timestamptz(3),
        "dead_lettered_at" timestamptz(3),
        "redeliveries" integer NOT NULL DEFAULT 0,
        "created_at" timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT "pk_webhook_delivery" PRIMARY KEY ("id"),
        CONSTRAINT "uq_webhook_delivery_endpoint_event" UNIQUE ("endpoint_id", "event_id"),
        CONSTRAINT "fk_webhook_delivery_endpoint" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoint" ("id"),
        CONSTRAINT "fk_webhook_delivery_agency" FOREIGN KEY ("agency_id") REFERENCES "agency" ("id"),
        CONSTRAINT "ck_webhook_delivery_status" CHECK ("status" IN ('PENDING', 'SUCCEEDED', 'DEAD_LETTERED'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_webhook_delivery_agency_created" ON "webhook_delivery" ("agency_id", "created_at" DESC, "id" DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_webhook_delivery_endpoint_created" ON "webhook_delivery" ("endpoint_id", "created_at" DESC, "id" DESC)`,
    );

    await queryRunner.query(`
      CREATE TABLE "webhook_attempt" (
        "delivery_id" uuid NOT NULL,
        "number" integer NOT NULL,
        "started_at" timestamptz(3) NOT NULL,
        "succeeded" boolean NOT NULL,
        "status_code" integer,
        "latency_ms" integer NOT NULL,
        "error" varchar(1000),
        CONSTRAINT "pk_webhook_attempt" PRIMARY KEY ("delivery_id", "number"),
        CONSTRAINT "fk_webhook_attempt_delivery" FOREIGN KEY ("delivery_id") REFERENCES "webhook_delivery" ("id")
      )`);
    await queryRunner.query(
      `CREATE TRIGGER "tr_webhook_attempt_append_only" BEFORE UPDATE OR DELETE ON "webhook_attempt"
         FOR EACH ROW EXECUTE FUNCTION "tsunagu_forbid_change"()`,
    );

    await queryRunner.query(`
      CREATE TABLE "email_delivery" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "agency_id" uuid NOT NULL,
        "event_id" uuid NOT NULL,
        "event_type" varchar(64) NOT NULL,
        "recipient" varchar(320) NOT NULL,
        "status" varchar(16) NOT NULL DEFAULT 'PENDING',
        "attempts" integer NOT NULL DEFAULT 0,
        "message_id" varchar(998),
        "last_error" varchar(1000),
        "created_at" timestamptz(3) NOT NULL DEFAULT now(),
        "sent_at" timestamptz(3),
        CONSTRAINT "pk_email_delivery" PRIMARY KEY ("id"),
        CONSTRAINT "uq_email_delivery_agency_event" UNIQUE ("agency_id", "event_id"),
        CONSTRAINT "fk_email_delivery_agency" FOREIGN KEY ("agency_id") REFERENCES "agency" ("id"),
        CONSTRAINT "ck_email_delivery_status" CHECK ("status" IN ('PENDING', 'SENT', 'FAILED'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_email_delivery_agency_created" ON "email_delivery" ("agency_id", "created_at" DESC, "id" DESC)`,
    );

    await queryRunner.query(`
      CREATE TABLE "notification_preference" (
        "agency_id" uuid NOT NULL,
        "channel" varchar(16) NOT NULL,
        "event_types" varchar(64)[] NOT NULL,
        "updated_at" timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT "pk_notification_preference" PRIMARY KEY ("agency_id", "channel"),
        CONSTRAINT "fk_notification_preference_agency" FOREIGN KEY ("agency_id") REFERENCES "agency" ("id"),
        CONSTRAINT "ck_notification_preference_channel" CHECK ("channel" IN ('WEBHOOK', 'EMAIL'))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification_preference"`);
    await queryRunner.query(`DROP TABLE "email_delivery"`);
    await queryRunner.query(`DROP TRIGGER "tr_webhook_attempt_append_only" ON "webhook_attempt"`);
    await queryRunner.query(`DROP TABLE "webhook_attempt"`);
    await queryRunner.query(`DROP TABLE "webhook_delivery"`);
    await queryRunner.query(`DROP TABLE "webhook_endpoint"`);
  }
}
