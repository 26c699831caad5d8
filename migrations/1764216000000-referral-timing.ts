import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The referral columns `referral_timing` is computed from: a change to any other column leaves it as it was. */
const SOURCE_COLUMNS = [
  'to_agency_id',
  'urgency',
  'status',
  'sent_at',
  'acknowledged_at',
  'decided_at',
  'started_at',
  'closed_at',
  'acknowledge_due_at',
  'decision_due_at',
];

/**
 * `referral_timing`: one narrow row per sent referral with its durations already computed, in calendar and in
 * business time, for the response-time statistics. Reading it instead of `referral` spares every statistics
 * query the calendar joins and the wide rows (a tenth of the bytes per referral), so a million referrals are
 * aggregated in a few hundred milliseconds.
 *
 * It is kept by PostgreSQL itself, in the transaction of each change: row triggers on `referral` call
 * `tsunagu_sync_referral_timing(ids)` for a referral whose timing columns changed, which recomputes its row
 * from `referral` and the business calendar. The calendar seeder calls it for every sent referral
 * when the calendar changes (a new holiday list), so business durations always follow the calendar in force.
 * The same function fills the table here from the referrals already sent.
 *
 * Rows are written in sending order and updated in place (fillfactor leaves room on each page), so a period's
 * referrals sit on few pages. `sent_week` and `sent_month` are the JST week (from Monday) and month of sending.
 *
 * `sample_key` (the last byte of the random referral id, 0–255) selects a fixed sample of referrals: rows with
 * `sample_key < n` are about n/256 of any selection, the same rows every time, and each smaller sample is
 * part of the larger ones. Percentiles over very large selections are computed from such a sample.
 */
export class ReferralTiming1764216000000 implements MigrationInterface {
  name = 'ReferralTiming1764216000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "referral_timing" (
        "referral_id" uuid NOT NULL,
        "to_agency_id" uuid NOT NULL,
        "urgency" varchar(16) NOT NULL,
        "status" varchar(16) NOT NULL,
        "sent_at" timestamptz NOT NULL,
        "sent_week" date NOT NULL,
        "sent_month" date NOT NULL,
        "acknowledged_at" timestamptz,
        "decided_at" timestamptz,
        "closed_at" timestamptz,
        "acknowledge_due_at" timestamptz,
        "decision_due_at" timestamptz,
        "acknowledge_calendar_ms" double precision,
        "acknowledge_business_ms" double precision,
        "decision_calendar_ms" double precision,
        "decision_business_ms" double precision,
        "start_calendar_ms" double precision,
        "start_business_ms" double precision,
        "completion_calendar_ms" double precision,
        "completion_business_ms" double precision,
        "sample_key" smallint NOT NULL,
        "changed_xid" xid8 NOT NULL DEFAULT pg_current_xact_id(),
        CONSTRAINT "pk_referral_timing" PRIMARY KEY ("referral_id"),
        CONSTRAINT "fk_referral_timing_referral" FOREIGN KEY ("referral_id") REFERENCES "referral" ("id")
          ON DELETE CASCADE,
        CONSTRAINT "ck_referral_timing_sample_key" CHECK ("sample_key" BETWEEN 0 AND 255)
      ) WITH (fillfactor = 85)`);
    await queryRunner.query(`CREATE INDEX "ix_referral_timing_sent" ON "referral_timing" ("sent_at")`);
    await queryRunner.query(
      `CREATE INDEX "ix_referral_timing_agency_sent" ON "referral_timing" ("to_agency_id", "sent_at")`,
    );
    // Backlog and overdue counts read only the open referrals, from this index alone (the open statuses of the
    // statistics, in the same order, so the planner matches the predicate).
    // The percentiles of very large selections read a fixed 1/16 sample (or a part of it) from this index alone.
    const durationColumns = ['acknowledge', 'decision', 'start', 'completion']
      .flatMap((measure) => [`"${measure}_calendar_ms"`, `"${measure}_business_ms"`])
      .join(', ');
    await queryRunner.query(
      `CREATE INDEX "ix_referral_timing_sample" ON "referral_timing" ("sent_at")
         INCLUDE ("to_agency_id", "urgency", "sent_week", "sent_month", "sample_key", ${durationColumns})
         WHERE "sample_key" < 16`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_referral_timing_open_sent" ON "referral_timing" ("sent_at")
         INCLUDE ("to_agency_id", "urgency", "status", "sent_week", "sent_month", "acknowledged_at", "decided_at",
                  "closed_at", "acknowledge_due_at", "decision_due_at")
         WHERE "status" IN ('REQUESTED', 'RECEIVED', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD')`,
    );

    // Elapsed milliseconds between two instants, to the microsecond (as the statistics report them).
    await queryRunner.query(`
      CREATE FUNCTION "tsunagu_calendar_ms"("start" timestamptz, "end" timestamptz) RETURNS double precision
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT round(date_part('epoch', "end" - "start") * 1000000) / 1000 $$`);

    // Recomputes the timing rows of the given referrals (those sent). Durations run from sending; business
    // time is B(end) − B(start) on the business calendar (NULL outside its years); start is the first
    // IN_PROGRESS and completion counts COMPLETED referrals only, as in the statistics guide. The calendar is
    // joined once per timestamp: index lookups for a few referrals, hash joins for all of them. PL/pgSQL keeps
    // the statement's plan for the session (a LANGUAGE sql function would plan it again on every change).
    const ends = {
      acknowledge: '"r"."acknowledged_at"',
      decision: '"r"."decided_at"',
      start: '"r"."started_at"',
      completion: `CASE WHEN "r"."status" = 'COMPLETED' THEN "r"."closed_at" END`,
    };
    const businessMs = (alias: string, ts: string) =>
      `"tsunagu_business_ms"(${ts}, "${alias}"."business_ms_before", "${alias}"."is_business")`;
    const durations = Object.entries(ends).flatMap(([measure, end]) => [
      `"tsunagu_calendar_ms"("r"."sent_at", ${end})`,
      `${businessMs(`cal_${measure}`, end)} - ${businessMs('cal_sent', '"r"."sent_at"')}`,
    ]);
    const calendarJoins = [
      `LEFT JOIN "business_calendar" "cal_sent" ON "cal_sent"."day" = "tsunagu_jst_day"("r"."sent_at")`,
      ...Object.entries(ends).map(
        ([measure, end]) =>
          `LEFT JOIN "business_calendar" "cal_${measure}" ON "cal_${measure}"."day" = "tsunagu_jst_day"(${end})`,
      ),
    ];
    const copied = ['to_agency_id', 'urgency', 'status', 'sent_at', 'acknowledged_at', 'decided_at', 'closed_at'];
    const columns = [
      ...copied,
      'acknowledge_due_at',
      'decision_due_at',
      'sent_week',
      'sent_month',
      ...Object.keys(ends).flatMap((measure) => [`${measure}_calendar_ms`, `${measure}_business_ms`]),
      'sample_key',
    ];
    const upsert = (ids: string) => `
          INSERT INTO "referral_timing" ("referral_id", ${columns.map((column) => `"${column}"`).join(', ')})
          SELECT "r"."id", ${[...copied, 'acknowledge_due_at', 'decision_due_at'].map((column) => `"r"."${column}"`).join(', ')},
                 date_trunc('week', "r"."sent_at" AT TIME ZONE INTERVAL '+09:00')::date,
                 date_trunc('month', "r"."sent_at" AT TIME ZONE INTERVAL '+09:00')::date,
                 ${durations.join(',\n                 ')},
                 get_byte(uuid_send("r"."id"), 15)
            FROM "referral" "r"
            ${calendarJoins.join('\n            ')}
           WHERE "r"."id" = ANY(${ids}) AND "r"."sent_at" IS NOT NULL
           ORDER BY "r"."sent_at"
          ON CONFLICT ("referral_id") DO UPDATE SET
            ${columns.map((column) => `"${column}" = EXCLUDED."${column}"`).join(',\n            ')},
            "changed_xid" = pg_current_xact_id()`;
    // A few referrals (every change through the API) run one generic plan kept for the session: index lookups,
    // no planning per change. Many (the initial fill, a calendar change) are planned for the call: hash joins.
    await queryRunner.query(`
      CREATE FUNCTION "tsunagu_sync_referral_timing"("ids" uuid[]) RETURNS void
        LANGUAGE plpgsql VOLATILE SET plan_cache_mode = force_generic_plan AS $$
        BEGIN
          IF cardinality("ids") > 1000 THEN
            EXECUTE $upsert$ ${upsert('$1')} $upsert$ USING "ids";
          ELSE
            ${upsert('"ids"')};
          END IF;
        END $$`);

    // A row trigger, fired only where a column the timing is computed from changed (PostgreSQL evaluates the
    // WHEN condition before calling anything): on the one-row changes of the API it costs a fraction of a
    // statement-level trigger with transition tables.
    const changed = SOURCE_COLUMNS.map((column) => `OLD."${column}" IS DISTINCT FROM NEW."${column}"`).join(' OR ');
    await queryRunner.query(`
      CREATE FUNCTION "tsunagu_referral_timing_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM "tsunagu_sync_referral_timing"(ARRAY[NEW."id"]);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "tr_referral_timing_insert" AFTER INSERT ON "referral"
        FOR EACH ROW WHEN (NEW."sent_at" IS NOT NULL) EXECUTE FUNCTION "tsunagu_referral_timing_changed"()`);
    await queryRunner.query(`
      CREATE TRIGGER "tr_referral_timing_update" AFTER UPDATE ON "referral"
        FOR EACH ROW WHEN (NEW."sent_at" IS NOT NULL AND (${changed}))
        EXECUTE FUNCTION "tsunagu_referral_timing_changed"()`);

    await queryRunner.query(
      `SELECT "tsunagu_sync_referral_timing"(ARRAY(SELECT "id" FROM "referral" WHERE "sent_at" IS NOT NULL))`,
    );

    // Monthly totals (StatsRollup): per JST month of sending × week × recipient × urgency, the exact sums of
    // every timing row of that month as of `referral_timing_month_built.snapshot`. A month is used only while
    // no timing row of it was written by a transaction that snapshot did not see (`changed_xid`, through this
    // index); otherwise statistics read its rows directly until it is built again.
    await queryRunner.query(
      `CREATE INDEX "ix_referral_timing_month_changed" ON "referral_timing" ("sent_month", "changed_xid")`,
    );
    const measureTotals = ['acknowledge', 'decision', 'start', 'completion'].flatMap((measure) =>
      ['calendar', 'business'].flatMap((basis) => [
        `"${measure}_${basis}_count" bigint NOT NULL`,
        `"${measure}_${basis}_sum" double precision`,
        `"${measure}_${basis}_max" double precision`,
      ]),
    );
    await queryRunner.query(`
      CREATE TABLE "referral_timing_month" (
        "sent_month" date NOT NULL,
        "sent_week" date NOT NULL,
        "to_agency_id" uuid NOT NULL,
        "urgency" varchar(16) NOT NULL,
        "referral_count" bigint NOT NULL,
        ${measureTotals.join(',\n        ')},
        "acknowledge_met" bigint NOT NULL,
        "acknowledge_missed" bigint NOT NULL,
        "decision_met" bigint NOT NULL,
        "decision_missed" bigint NOT NULL,
        CONSTRAINT "pk_referral_timing_month" PRIMARY KEY ("sent_month", "sent_week", "to_agency_id", "urgency")
      )`);
    await queryRunner.query(`
      CREATE TABLE "referral_timing_month_built" (
        "sent_month" date NOT NULL,
        "snapshot" pg_snapshot NOT NULL,
        "built_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_referral_timing_month_built" PRIMARY KEY ("sent_month")
      )`);
    // Deleted timing rows leave no transaction id behind: a deletion forgets the builds of the months it
    // touches, so they are read from their rows until built again.
    await queryRunner.query(`
      CREATE FUNCTION "tsunagu_referral_timing_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          DELETE FROM "referral_timing_month_built";
        ELSE
          DELETE FROM "referral_timing_month_built" WHERE "sent_month" IN (SELECT "sent_month" FROM "old_rows");
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "tr_referral_timing_deleted" AFTER DELETE ON "referral_timing"
        REFERENCING OLD TABLE AS "old_rows"
        FOR EACH STATEMENT EXECUTE FUNCTION "tsunagu_referral_timing_deleted"()`);
    await queryRunner.query(`
      CREATE TRIGGER "tr_referral_timing_truncated" AFTER TRUNCATE ON "referral_timing"
        FOR EACH STATEMENT EXECUTE FUNCTION "tsunagu_referral_timing_deleted"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "tr_referral_timing_truncated" ON "referral_timing"`);
    await queryRunner.query(`DROP TRIGGER "tr_referral_timing_deleted" ON "referral_timing"`);
    await queryRunner.query(`DROP FUNCTION "tsunagu_referral_timing_deleted"()`);
    await queryRunner.query(`DROP TABLE "referral_timing_month_built"`);
    await queryRunner.query(`DROP TABLE "referral_timing_month"`);
    await queryRunner.query(`DROP TRIGGER "tr_referral_timing_update" ON "referral"`);
    await queryRunner.query(`DROP TRIGGER "tr_referral_timing_insert" ON "referral"`);
    await queryRunner.query(`DROP FUNCTION "tsunagu_referral_timing_changed"()`);
    await queryRunner.query(`DROP FUNCTION "tsunagu_sync_referral_timing"(uuid[])`);
    await queryRunner.query(`DROP FUNCTION "tsunagu_calendar_ms"(timestamptz, timestamptz)`);
    await queryRunner.query(`DROP TABLE "referral_timing"`);
  }
}
