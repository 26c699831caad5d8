import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type BusinessCalendarDays, businessCalendarDays } from './business-calendar-days.js';

export interface CalendarSeedResult {
  days: number;
  /** False when the stored calendar already matched. */
  written: boolean;
}

/** One line per day, as the database renders it too, so both sides can hash the same text. */
function fingerprintOf(calendar: BusinessCalendarDays): string {
  const lines = calendar.days.map(
    (day, index) => `${day}:${calendar.isBusiness[index]}:${calendar.businessMsBefore[index]}`,
  );
  return createHash('sha256').update(lines.join(',')).digest('hex');
}

/**
 * Keeps `business_calendar` equal to the holiday list this build ships with. Idempotent and cheap when nothing
 * changed (one hashed scan of ~36,500 rows), so it runs at every API start and in `cli seed`; a new
 * `@holiday-jp/holiday_jp` release is picked up by the next start. Concurrent starts serialise on an advisory
 * lock. When it writes, it recomputes the stored business durations of every referral (`referral_timing`).
 */
@Injectable()
export class BusinessCalendarSeeder {
  private readonly logger = new Logger(BusinessCalendarSeeder.name);
  private ensured: Promise<void> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  async seed(): Promise<CalendarSeedResult> {
    const calendar = businessCalendarDays();
    const expected = fingerprintOf(calendar);
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('tsunagu.business_calendar'))`);
      const [stored] = await manager.query<{ fingerprint: string | null }[]>(`
        SELECT encode(sha256(convert_to(string_agg(
                 to_char(day, 'YYYY-MM-DD') || ':' || is_business::text || ':' || business_ms_before::text,
                 ',' ORDER BY day), 'UTF8')), 'hex') AS fingerprint
          FROM business_calendar`);
      if (stored?.fingerprint === expected) return { days: calendar.days.length, written: false };
      await manager.query('DELETE FROM business_calendar WHERE day < $1::date OR day > $2::date', [
        calendar.days[0],
        calendar.days.at(-1),
      ]);
      await manager.query(
        `INSERT INTO business_calendar (day, is_business, business_ms_before)
         SELECT * FROM unnest($1::date[], $2::boolean[], $3::bigint[])
         ON CONFLICT (day) DO UPDATE SET is_business = EXCLUDED.is_business,
                                         business_ms_before = EXCLUDED.business_ms_before`,
        [calendar.days, calendar.isBusiness, calendar.businessMsBefore],
      );
      // Stored business durations follow the calendar in force.
      await manager.query(
        'SELECT tsunagu_sync_referral_timing(ARRAY(SELECT id FROM referral WHERE sent_at IS NOT NULL))',
      );
      this.logger.log(
        `Business calendar written: ${calendar.days.length} days (${calendar.days[0]} – ${calendar.days.at(-1)})`,
      );
      return { days: calendar.days.length, written: true };
    });
  }

  /**
   * Seeds once per process; statistics await it before reading business time. A failure is not remembered,
   * so the next caller tries again.
   */
  ensure(): Promise<void> {
    this.ensured ??= this.seed().then(
      () => undefined,
      (error: unknown) => {
        this.ensured = null;
        throw error;
      },
    );
    return this.ensured;
  }
}
