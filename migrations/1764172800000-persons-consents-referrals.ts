import { type MigrationInterface, type QueryRunner } from 'typeorm';

const list = (values: string[]) => values.map((value) => `'${value}'`).join(', ');
const DATA_CATEGORIES = list([
  'IDENTITY',
  'CONTACT',
  'HOUSEHOLD',
  'HEALTH_DISABILITY',
  'INCOME_DEBT',
  'EMPLOYMENT',
  'EDUCATION',
  'JUSTICE',
  'CASE_NOTES',
]);
const PURPOSES = list(['REFERRAL', 'CASE_CONFERENCE', 'INFORMATION_SHARING']);
const STATUSES = list([
  'DRAFT',
  'REQUESTED',
  'RECEIVED',
  'ACCEPTED',
  'REJECTED',
  'IN_PROGRESS',
  'ON_HOLD',
  'COMPLETED',
  'CANCELLED',
  'FAILED',
]);
const SECTORS = list([
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
]);

/**
 * Persons, consents (append-only), support meetings / councils, referrals with their events and messages,
 * and the append-only audit log. Append-only tables are enforced by triggers, whatever the role.
 */
export class PersonsConsentsReferrals1764172800000 implements MigrationInterface {
  name = 'PersonsConsentsReferrals1764172800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION "tsunagu_forbid_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);

    await queryRunner.query(`
      CREATE TABLE "person" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "registered_by_agency_id" uuid NOT NULL,
        "family_name" varchar(100) NOT NULL,
        "given_name" varchar(100) NOT NULL,
        "family_name_kana" varchar(100),
        "given_name_kana" varchar(100),
        "birth_date" date,
        "phone" varchar(32),
        "email" varchar(254),
        "municipality_code" char(6),
        "address" varchar(300),
        "household_notes" text,
        "health_disability" text,
        "income_debt" text,
        "employment" text,
        "education" text,
        "justice" text,
        "case_notes" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_person" PRIMARY KEY ("id"),
        CONSTRAINT "fk_person_registered_by" FOREIGN KEY ("registered_by_agency_id") REFERENCES "agency" ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "ix_person_registered_by" ON "person" ("registered_by_agency_id")`);

    await queryRunner.query(`
      CREATE TABLE "support_meeting" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "kind" varchar(32) NOT NULL,
        "name" varchar(200) NOT NULL,
        "municipality_code" char(6) NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_support_meeting" PRIMARY KEY ("id"),
        CONSTRAINT "ck_support_meeting_kind" CHECK ("kind" IN ('SUPPORT_MEETING', 'CHILD_PROTECTION_COUNCIL'))
      )`);
    await queryRunner.query(`
      CREATE TABLE "support_meeting_member" (
        "meeting_id" uuid NOT NULL,
        "agency_id" uuid NOT NULL,
        "joined_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_support_meeting_member" PRIMARY KEY ("meeting_id", "agency_id"),
        CONSTRAINT "fk_support_meeting_member_meeting" FOREIGN KEY ("meeting_id") REFERENCES "support_meeting" ("id") ON DELETE CASCADE,
        CONSTRAINT "fk_support_meeting_member_agency" FOREIGN KEY ("agency_id") REFERENCES "agency" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_support_meeting_member_agency" ON "support_meeting_member" ("agency_id")`,
    );

    await queryRunner.query(`
      CREATE TABLE "consent" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "person_id" uuid NOT NULL,
        "recipient_agency_id" uuid,
        "recipient_sector" varchar(32),
        "purposes" text[] NOT NULL,
        "data_categories" text[] NOT NULL,
        "method" varchar(16) NOT NULL,
        "evidence_ref" varchar(200),
        "obtained_at" timestamptz NOT NULL,
        "expires_at" timestamptz,
        "recorded_by_agency_id" uuid NOT NULL,
        "recorded_by_key_id" uuid,
        "recorded_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_consent" PRIMARY KEY ("id"),
        CONSTRAINT "fk_consent_person" FOREIGN KEY ("person_id") REFERENCES "person" ("id"),
        CONSTRAINT "fk_consent_recipient_agency" FOREIGN KEY ("recipient_agency_id") REFERENCES "agency" ("id"),
        CONSTRAINT "fk_consent_recorded_by" FOREIGN KEY ("recorded_by_agency_id") REFERENCES "agency" ("id"),
        CONSTRAINT "ck_consent_one_recipient" CHECK (("recipient_agency_id" IS NULL) <> ("recipient_sector" IS NULL)),
        CONSTRAINT "ck_consent_recipient_sector" CHECK ("recipient_sector" IS NULL OR "recipient_sector" IN (${SECTORS})),
        CONSTRAINT "ck_consent_purposes" CHECK (cardinality("purposes") > 0 AND "purposes" <@ ARRAY[${PURPOSES}]::text[]),
        CONSTRAINT "ck_consent_data_categories"
          CHECK (cardinality("data_categories") > 0 AND "data_categories" <@ ARRAY[${DATA_CATEGORIES}]::text[]),
        CONSTRAINT "ck_consent_method" CHECK ("method" IN ('WRITTEN', 'VERBAL', 'ELECTRONIC')),
        CONSTRAINT "ck_consent_expiry" CHECK ("expires_at" IS NULL OR "expires_at" > "obtained_at")
      )`);
    await queryRunner.query(`CREATE INDEX "ix_consent_person" ON "consent" ("person_id")`);
    await queryRunner.query(`
      CREATE TABLE "consent_withdrawal" (
        "consent_id" uuid NOT NULL,
        "withdrawn_at" timestamptz NOT NULL,
        "reason" varchar(1000),
        "recorded_by_agency_id" uuid NOT NULL,
        "recorded_by_key_id" uuid,
        CONSTRAINT "pk_consent_withdrawal" PRIMARY KEY ("consent_id"),
        CONSTRAINT "fk_consent_withdrawal_consent" FOREIGN KEY ("consent_id") REFERENCES "consent" ("id"),
        CONSTRAINT "fk_consent_withdrawal_recorded_by" FOREIGN KEY ("recorded_by_agency_id") REFERENCES "agency" ("id")
      )`);

    await queryRunner.query(`
      CREATE TABLE "referral" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "from_agency_id" uuid NOT NULL,
        "to_agency_id" uuid NOT NULL,
        "person_id" uuid NOT NULL,
        "status" varchar(16) NOT NULL,
        "urgency" varchar(16) NOT NULL,
        "need_categories" text[] NOT NULL,
        "summary" text NOT NULL,
        "shared_categories" text[] NOT NULL,
        "legal_basis" varchar(32) NOT NULL,
        "meeting_id" uuid,
        "justification" text,
        "review_required" boolean NOT NULL DEFAULT false,
        "consent_ids" uuid[] NOT NULL DEFAULT '{}',
        "routing_note" text,
        "decline_reason" varchar(32),
        "outcome" text,
        "close_reason" text,
        "forwarded_from_id" uuid,
        "idempotency_key" varchar(200),
        "request_hash" char(64),
        "sent_at" timestamptz,
        "acknowledged_at" timestamptz,
        "decided_at" timestamptz,
        "started_at" timestamptz,
        "closed_at" timestamptz,
        "acknowledge_due_at" timestamptz,
        "decision_due_at" timestamptz,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz(3) NOT NULL DEFAULT now(), -- milliseconds, as in the list cursor
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_referral" PRIMARY KEY ("id"),
        CONSTRAINT "fk_referral_from_agency" FOREIGN KEY ("from_agency_id") REFERENCES "agency" ("id"),
        CONSTRAINT "fk_referral_to_agency" FOREIGN KEY ("to_agency_id") REFERENCES "agency" ("id"),
        CONSTRAINT "fk_referral_person" FOREIGN KEY ("person_id") REFERENCES "person" ("id"),
        CONSTRAINT "fk_referral_meeting" FOREIGN KEY ("meeting_id") REFERENCES "support_meeting" ("id"),
        CONSTRAINT "fk_referral_forwarded_from" FOREIGN KEY ("forwarded_from_id") REFERENCES "referral" ("id"),
        CONSTRAINT "uq_referral_idempotency" UNIQUE ("from_agency_id", "idempotency_key"),
        CONSTRAINT "ck_referral_status" CHECK ("status" IN (${STATUSES})),
        CONSTRAINT "ck_referral_urgency" CHECK ("urgency" IN ('EMERGENCY', 'HIGH', 'NORMAL', 'LOW')),
        CONSTRAINT "ck_referral_legal_basis"
          CHECK ("legal_basis" IN ('CONSENT', 'SUPPORT_MEETING', 'CHILD_PROTECTION_COUNCIL', 'VITAL_INTEREST')),
        CONSTRAINT "ck_referral_shared_categories" CHECK ("shared_categories" <@ ARRAY[${DATA_CATEGORIES}]::text[]),
        CONSTRAINT "ck_referral_distinct_agencies" CHECK ("from_agency_id" <> "to_agency_id"),
        CONSTRAINT "ck_referral_decline_reason" CHECK ("decline_reason" IS NULL OR "decline_reason" IN
          ('NO_CAPACITY', 'OUT_OF_AREA', 'NOT_ELIGIBLE', 'SERVICE_NOT_AVAILABLE', 'DUPLICATE', 'PERSON_DECLINED', 'OTHER'))
      )`);
    await queryRunner.query(`CREATE INDEX "ix_referral_to_agency" ON "referral" ("to_agency_id", "created_at", "id")`);
    await queryRunner.query(
      `CREATE INDEX "ix_referral_from_agency" ON "referral" ("from_agency_id", "created_at", "id")`,
    );
    await queryRunner.query(`CREATE INDEX "ix_referral_person" ON "referral" ("person_id")`);
    await queryRunner.query(`CREATE INDEX "ix_referral_consent_ids" ON "referral" USING gin ("consent_ids")`);

    await queryRunner.query(`
      CREATE TABLE "referral_event" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "referral_id" uuid NOT NULL,
        "type" varchar(32) NOT NULL,
        "from_status" varchar(16),
        "to_status" varchar(16),
        "actor_agency_id" uuid,
        "actor_key_id" uuid,
        "note" text,
        "at" timestamptz NOT NULL,
        "seq" bigserial NOT NULL,
        CONSTRAINT "pk_referral_event" PRIMARY KEY ("id"),
        CONSTRAINT "fk_referral_event_referral" FOREIGN KEY ("referral_id") REFERENCES "referral" ("id"),
        CONSTRAINT "fk_referral_event_actor_agency" FOREIGN KEY ("actor_agency_id") REFERENCES "agency" ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "ix_referral_event_referral" ON "referral_event" ("referral_id", "seq")`);

    await queryRunner.query(`
      CREATE TABLE "referral_message" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "referral_id" uuid NOT NULL,
        "from_agency_id" uuid NOT NULL,
        "author_key_id" uuid,
        "body" text NOT NULL,
        "at" timestamptz NOT NULL,
        "seq" bigserial NOT NULL,
        CONSTRAINT "pk_referral_message" PRIMARY KEY ("id"),
        CONSTRAINT "fk_referral_message_referral" FOREIGN KEY ("referral_id") REFERENCES "referral" ("id"),
        CONSTRAINT "fk_referral_message_from_agency" FOREIGN KEY ("from_agency_id") REFERENCES "agency" ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "ix_referral_message_referral" ON "referral_message" ("referral_id", "seq")`);

    await queryRunner.query(`
      CREATE TABLE "audit_log" (
        "id" bigserial NOT NULL,
        "at" timestamptz NOT NULL DEFAULT now(),
        "action" varchar(32) NOT NULL,
        "person_id" uuid NOT NULL,
        "agency_id" uuid,
        "key_id" uuid,
        "categories" text[] NOT NULL DEFAULT '{}',
        "basis" jsonb NOT NULL DEFAULT '[]',
        "operation" varchar(100),
        "referral_id" uuid,
        "consent_id" uuid,
        CONSTRAINT "pk_audit_log" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "ix_audit_log_person" ON "audit_log" ("person_id", "id")`);

    for (const table of ['consent', 'consent_withdrawal', 'audit_log', 'referral_event']) {
      await queryRunner.query(
        `CREATE TRIGGER "tr_${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}"
           FOR EACH ROW EXECUTE FUNCTION "tsunagu_forbid_change"()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "tr_${table}_no_truncate" BEFORE TRUNCATE ON "${table}"
           FOR EACH STATEMENT EXECUTE FUNCTION "tsunagu_forbid_change"()`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP TABLE "referral_message"`);
    await queryRunner.query(`DROP TABLE "referral_event"`);
    await queryRunner.query(`DROP TABLE "referral"`);
    await queryRunner.query(`DROP TABLE "consent_withdrawal"`);
    await queryRunner.query(`DROP TABLE "consent"`);
    await queryRunner.query(`DROP TABLE "support_meeting_member"`);
    await queryRunner.query(`DROP TABLE "support_meeting"`);
    await queryRunner.query(`DROP TABLE "person"`);
    await queryRunner.query(`DROP FUNCTION "tsunagu_forbid_change"()`);
  }
}
