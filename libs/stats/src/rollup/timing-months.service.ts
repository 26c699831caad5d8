import { Injectable } from '@nestjs/common';
import { Clock } from '@tsunagu/platform';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ALL_MEASURE_BASES,
  combined,
  MONTH_OPEN_DUE_MAX,
  monthlyOpenAggregates,
  totalsAggregates,
} from '../queries/response-time.query.js';
import { jstMonthOf, type FreshMonth } from './coverage.js';

/**
 * The built months `b` whose timing rows were all written by transactions their build saw. A row written
 * later has a transaction id at or above the build snapshot's xmin, so each month costs one short index range
 * scan; LATERAL … LIMIT 1 keeps PostgreSQL from scanning the whole index instead.
 */
const UP_TO_DATE = `referral_timing_month_built b
  LEFT JOIN LATERAL (
    SELECT true AS changed FROM referral_timing t
     WHERE t.sent_month = b.sent_month
       AND t.changed_xid >= pg_snapshot_xmin(b.snapshot)
       AND NOT pg_visible_in_snapshot(t.changed_xid, b.snapshot)
     LIMIT 1) since ON true`;

const TOTALS = [...totalsAggregates(ALL_MEASURE_BASES), ...monthlyOpenAggregates()];

/** The monthly totals of the given months, from their timing rows. */
const BUILD = `
  INSERT INTO referral_timing_month (sent_month, sent_week, to_agency_id, urgency, ${TOTALS.map((total) => total.column).join(', ')})
  SELECT t.sent_month, t.sent_week, t.to_agency_id, t.urgency, ${TOTALS.map((total) => total.aggregate).join(',\n    ')}
    FROM referral_timing t
   WHERE t.sent_month = ANY($1::date[])
   GROUP BY t.sent_month, t.sent_week, t.to_agency_id, t.urgency`;

/** Coarser totals from the weekly ones: without the week (per recipient), and without the recipient. */
const COARSER = [
  { table: 'referral_timing_month_agency', key: 'sent_month, to_agency_id, urgency' },
  { table: 'referral_timing_month_network', key: 'sent_month, sent_week, urgency' },
].map(({ table, key }) => ({
  table,
  build: `
  INSERT INTO ${table} (${key}, ${TOTALS.map((total) => total.column).join(', ')})
  SELECT ${key}, ${TOTALS.map((total) => combined(total.column)).join(', ')}
    FROM referral_timing_month
   WHERE sent_month = ANY($1::date[])
   GROUP BY ${key}`,
}));

/** Months of sending before the current one (JST) without totals or with totals out of date, oldest first. */
const MONTHS_TO_BUILD = `
  SELECT to_char(month, 'YYYY-MM-DD') AS month
    FROM generate_series((SELECT min(sent_month) FROM referral_timing), $1::date - 1, interval '1 month') AS month
   WHERE month NOT IN (SELECT b.sent_month FROM ${UP_TO_DATE} WHERE since.changed IS NULL)
   ORDER BY month
   LIMIT $2`;

/**
 * The monthly totals behind the statistics of long periods (`referral_timing_month`). A month is built in one
 * REPEATABLE READ transaction that records its snapshot; statistics then use it only while none of its timing
 * rows was written by a transaction that snapshot did not see. So the totals are never wrong, only sometimes
 * not used: a month that changed is read from its timing rows until it is built again. The worker builds
 * every few minutes (`STATS_ROLLUP_INTERVAL`); `cli stats:rollup` builds everything at once. The current
 * month is never built: it changes all the time.
 */
@Injectable()
export class TimingMonthsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Builds up to `limit` months that need it, oldest first, and returns them (YYYY-MM-DD). Returns nothing
   * when another process is building.
   */
  build(limit = 6): Promise<string[]> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [{ locked }] = await manager.query<{ locked: boolean }[]>(
        `SELECT pg_try_advisory_xact_lock(hashtext('tsunagu.referral_timing_month')) AS locked`,
      );
      if (!locked) return [];
      await manager.query(`SELECT set_config('work_mem', '128MB', true), set_config('jit', 'off', true)`);
      const months = (
        await manager.query<{ month: string }[]>(MONTHS_TO_BUILD, [jstMonthOf(this.clock.now()), limit])
      ).map((row) => row.month);
      if (months.length === 0) return [];
      await manager.query('DELETE FROM referral_timing_month WHERE sent_month = ANY($1::date[])', [months]);
      await manager.query(BUILD, [months]);
      for (const { table, build } of COARSER) {
        await manager.query(`DELETE FROM ${table} WHERE sent_month = ANY($1::date[])`, [months]);
        await manager.query(build, [months]);
      }
      await manager.query(
        `INSERT INTO referral_timing_month_built (sent_month, snapshot, built_at, open_due_max)
         SELECT month, pg_current_snapshot(), now(),
                (SELECT ${MONTH_OPEN_DUE_MAX} FROM referral_timing t WHERE t.sent_month = month)
           FROM unnest($1::date[]) AS month
         ON CONFLICT (sent_month) DO UPDATE
           SET snapshot = EXCLUDED.snapshot, built_at = EXCLUDED.built_at, open_due_max = EXCLUDED.open_due_max`,
        [months],
      );
      return months;
    });
  }

  /** Builds every month that needs it; returns how many were built. */
  async buildAll(): Promise<number> {
    let built = 0;
    for (;;) {
      const months = await this.build();
      if (months.length === 0) return built;
      built += months.length;
    }
  }

  /** The months whose totals are up to date, as the transaction of `manager` sees them (YYYY-MM-DD). */
  async freshMonths(manager: EntityManager): Promise<string[]> {
    return (await this.usableMonths(manager)).map((fresh) => fresh.month);
  }

  /**
   * The months whose totals are up to date, as the transaction of `manager` sees them, each with the latest due
   * time of its open referrals (`openSettledMonths` decides whether their open counts apply yet).
   */
  async usableMonths(manager: EntityManager): Promise<FreshMonth[]> {
    const rows = await manager.query<{ month: string; open_due_max: Date | null }[]>(
      `SELECT to_char(b.sent_month, 'YYYY-MM-DD') AS month, b.open_due_max FROM ${UP_TO_DATE}
        WHERE since.changed IS NULL
        ORDER BY b.sent_month`,
    );
    return rows.map((row) => ({ month: row.month, openDueMax: row.open_due_max }));
  }
}
