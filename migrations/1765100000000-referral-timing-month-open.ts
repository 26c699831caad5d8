import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The open referrals of each month, counted as they stand once every due time has passed: open, awaiting a
 * decision, overdue (to acknowledge, to decide, either), and past a due time without an answer.
 */
const OPEN_COUNTS = [
  'open_count',
  'open_awaiting',
  'open_overdue_acknowledge',
  'open_overdue_decision',
  'open_overdue_total',
  'open_acknowledge_missed',
  'open_decision_missed',
];

const MEASURE_TOTALS = ['acknowledge', 'decision', 'start', 'completion'].flatMap((measure) =>
  ['calendar', 'business'].flatMap((basis) => [
    `"${measure}_${basis}_count" bigint NOT NULL`,
    `"${measure}_${basis}_sum" double precision`,
    `"${measure}_${basis}_max" double precision`,
  ]),
);

const KEY_TYPES: Record<string, string> = {
  sent_month: 'date',
  sent_week: 'date',
  to_agency_id: 'uuid',
  urgency: 'varchar(16)',
};

/** The coarser monthly totals, each with its key. */
const COARSER = [
  { table: 'referral_timing_month_agency', key: ['sent_month', 'to_agency_id', 'urgency'] },
  { table: 'referral_timing_month_network', key: ['sent_month', 'sent_week', 'urgency'] },
];

/**
 * Monthly totals that answer long views with less reading:
 * - `referral_timing_month` (and the new tables) also count each month's open referrals, so the backlog and
 *   overdue counts of a month sent more than 30 days ago, whose due times have all passed, no longer read its
 *   open referrals one by one (the open counts of a two-year view were 130,000 of 178,000 rows).
 * - `referral_timing_month_agency`: the same totals per month × recipient × urgency, without the week. Every
 *   grouping but by week reads about a fifth of the rows.
 * - `referral_timing_month_network`: per month × week × urgency, over every recipient, for the views that
 *   neither group nor filter by recipient (a few hundred rows for two years).
 * - `referral_timing_month_built.open_due_max`: the latest due time of the month's open referrals when it was
 *   built; the open counts of a month are used only once that time has passed.
 * Every build is forgotten, so the worker builds every month again with the new counts.
 */
export class ReferralTimingMonthOpen1765100000000 implements MigrationInterface {
  name = 'ReferralTimingMonthOpen1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "referral_timing_month" ${OPEN_COUNTS.map((column) => `ADD COLUMN "${column}" bigint NOT NULL DEFAULT 0`).join(', ')}`,
    );
    for (const { table, key } of COARSER) {
      await queryRunner.query(`
        CREATE TABLE "${table}" (
          ${key.map((column) => `"${column}" ${KEY_TYPES[column]} NOT NULL`).join(',\n          ')},
          "referral_count" bigint NOT NULL,
          ${MEASURE_TOTALS.join(',\n          ')},
          "acknowledge_met" bigint NOT NULL,
          "acknowledge_missed" bigint NOT NULL,
          "decision_met" bigint NOT NULL,
          "decision_missed" bigint NOT NULL,
          ${OPEN_COUNTS.map((column) => `"${column}" bigint NOT NULL`).join(',\n          ')},
          CONSTRAINT "pk_${table}" PRIMARY KEY (${key.map((column) => `"${column}"`).join(', ')})
        )`);
    }
    await queryRunner.query(`ALTER TABLE "referral_timing_month_built" ADD COLUMN "open_due_max" timestamptz`);
    await queryRunner.query(`DELETE FROM "referral_timing_month_built"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "referral_timing_month_built"`);
    await queryRunner.query(`ALTER TABLE "referral_timing_month_built" DROP COLUMN "open_due_max"`);
    for (const { table } of COARSER) await queryRunner.query(`DROP TABLE "${table}"`);
    await queryRunner.query(
      `ALTER TABLE "referral_timing_month" ${OPEN_COUNTS.map((column) => `DROP COLUMN "${column}"`).join(', ')}`,
    );
  }
}
