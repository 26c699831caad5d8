import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Response-time statistics: the business calendar in SQL and the indexes the statistics read through.
 *
 * `business_calendar` holds one row per JST day with whether it is a business day and the business
 * milliseconds (09:00–17:00 JST on business days) from the calendar's first day up to that day's 00:00 JST.
 * The rows are written by the application (`BusinessCalendarSeeder`, at API start and by `cli seed`) from the
 * same holiday list as `libs/platform/src/time/business-calendar.ts`; this migration only creates the table.
 *
 * `tsunagu_business_ms(ts)` is the business milliseconds up to the instant `ts` on that scale, so the business
 * time between two instants is the difference of two calls. NULL outside the calendar's years.
 */
export class Stats1764208800000 implements MigrationInterface {
  name = 'Stats1764208800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "business_calendar" (
        "day" date NOT NULL,
        "is_business" boolean NOT NULL,
        "business_ms_before" bigint NOT NULL,
        CONSTRAINT "pk_business_calendar" PRIMARY KEY ("day"),
        CONSTRAINT "ck_business_calendar_ms" CHECK ("business_ms_before" >= 0)
      )`);

    // The JST calendar day of an instant (JST is UTC+9 without daylight saving time, as in business-calendar.ts).
    await queryRunner.query(`
      CREATE FUNCTION "tsunagu_jst_day"("ts" timestamptz) RETURNS date
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT ("ts" AT TIME ZONE INTERVAL '+09:00')::date $$`);
    // Business milliseconds up to `ts`, given the calendar row of its JST day: the day's cumulative value plus
    // the part of 09:00–17:00 JST already past (rounded to the microsecond, so whole milliseconds stay whole).
    // Pure, so PostgreSQL inlines it into the statistics queries, which join the calendar once per timestamp
    // column instead of looking it up row by row.
    await queryRunner.query(`
      CREATE FUNCTION "tsunagu_business_ms"("ts" timestamptz, "business_ms_before" bigint, "is_business" boolean)
        RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
          SELECT "business_ms_before" + CASE WHEN "is_business" THEN
            LEAST(GREATEST(
              round(date_part('epoch', ("ts" AT TIME ZONE INTERVAL '+09:00')::time - time '09:00') * 1000000) / 1000,
              0), 28800000)
          ELSE 0 END
        $$`);
    // The same with the calendar lookup, for ad-hoc queries: B(end) - B(start) is the business time between.
    await queryRunner.query(`
      CREATE FUNCTION "tsunagu_business_ms"("ts" timestamptz) RETURNS double precision
        LANGUAGE sql STABLE PARALLEL SAFE AS $$
          SELECT "tsunagu_business_ms"("ts", "calendar"."business_ms_before", "calendar"."is_business")
            FROM "business_calendar" "calendar"
           WHERE "calendar"."day" = "tsunagu_jst_day"("ts")
        $$`);

    // Statistics select referrals by the time they were sent, network-wide or for one recipient.
    await queryRunner.query(`CREATE INDEX "ix_referral_sent" ON "referral" ("sent_at") WHERE "sent_at" IS NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX "ix_referral_to_agency_sent" ON "referral" ("to_agency_id", "sent_at") WHERE "sent_at" IS NOT NULL`,
    );
    // Unmet needs read only the declines that show a missing resource: a small part of the table.
    await queryRunner.query(
      `CREATE INDEX "ix_referral_unmet_sent" ON "referral" ("sent_at")
         WHERE "decline_reason" IN ('SERVICE_NOT_AVAILABLE', 'NO_CAPACITY', 'OUT_OF_AREA')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_referral_unmet_sent"`);
    await queryRunner.query(`DROP INDEX "ix_referral_to_agency_sent"`);
    await queryRunner.query(`DROP INDEX "ix_referral_sent"`);
    await queryRunner.query(`DROP FUNCTION "tsunagu_business_ms"(timestamptz)`);
    await queryRunner.query(`DROP FUNCTION "tsunagu_business_ms"(timestamptz, bigint, boolean)`);
    await queryRunner.query(`DROP FUNCTION "tsunagu_jst_day"(timestamptz)`);
    await queryRunner.query(`DROP TABLE "business_calendar"`);
  }
}
