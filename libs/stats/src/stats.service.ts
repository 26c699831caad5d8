import { Inject, Injectable } from '@nestjs/common';
import { AgenciesService, lookupLocalGovernment, type AgencyEntity } from '@tsunagu/directory';
import {
  APP_CONFIG,
  Clock,
  NotFoundError,
  runAlongside,
  runTransaction,
  type AppConfig,
  type AuthContext,
} from '@tsunagu/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { decideStatsAccess, type StatsAccess } from './access/stats-access.js';
import { BusinessCalendarSeeder } from './calendar/business-calendar.seeder.js';
import { checkFilter } from './check-filter.js';
import { coverageOf, openSettledMonths, type FreshMonth } from './rollup/coverage.js';
import { TimingMonthsService } from './rollup/timing-months.service.js';
import { StatsGroupBy } from './dto/enums.js';
import { type ResponseTimeStats } from './dto/response-time-stats.model.js';
import { type StatsFilter } from './dto/stats-filter.input.js';
import { type UnmetNeedCount } from './dto/unmet-need-count.model.js';
import { type MeasureKey } from './queries/measures.js';
import {
  BACKLOG_BUCKETS,
  minCellSuppressed,
  percentileSamples,
  readResponseTimeRow,
  responseTimeExactQuery,
  responseTimeOpenQuery,
  responseTimePercentilesQuery,
  responseTimeRowsQuery,
  responseTimeGroupSizesQuery,
  responseTimeTotalsQuery,
  shareInTwo,
  sortGroups,
  WHOLE_SAMPLE,
  type ResponseTimePlan,
  type ResponseTimeRow,
  type SqlQuery,
} from './queries/response-time.query.js';
import { unmetNeedsQuery, type UnmetNeedRow } from './queries/unmet-needs.query.js';

/**
 * Settings of the statistics' read-only transaction. A statistics query sorts the durations it reports
 * (percentiles), so it gets more sort memory than an OLTP query; JIT compilation costs more than it saves on
 * these plans; parallel workers only as configured (`STATS_PARALLEL_WORKERS`, 0 by default: their start-up
 * cost more than they saved on the monthly totals); and a runaway period cannot hold a connection for long.
 */
export function analyticsSettings(parallelWorkers: number): SqlQuery {
  return {
    sql: `SELECT set_config('work_mem', '128MB', true), set_config('jit', 'off', true),
  set_config('max_parallel_workers_per_gather', $1, true), set_config('statement_timeout', '30s', true)`,
    params: [String(parallelWorkers)],
  };
}

/**
 * From how many timing rows the groups of an exact selection are weighed in the 1/16 sample rather than row by
 * row: about 256 sampled rows and up.
 */
const SIZES_SAMPLED_FROM = 4096;

/**
 * Response times and unmet needs, computed in PostgreSQL (never row by row in Node): response times from
 * `referral_timing`, the durations PostgreSQL keeps beside each sent referral; unmet needs from the referrals.
 */
@Injectable()
export class StatsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly agencies: AgenciesService,
    private readonly calendar: BusinessCalendarSeeder,
    private readonly months: TimingMonthsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async responseTimeStats(
    caller: AuthContext,
    filter: StatsFilter | null,
    groupBy: StatsGroupBy,
    measures: ReadonlySet<MeasureKey>,
  ): Promise<ResponseTimeStats[]> {
    const checked = checkFilter(filter);
    const access = await this.access(caller, filter?.agencyId, groupBy);
    await this.calendar.ensure();
    const plan: ResponseTimePlan = {
      groupBy,
      now: this.clock.now(),
      from: checked.from,
      to: checked.to,
      recipientAgencyId: access.recipientAgencyId,
      sector: filter?.sector ?? null,
      urgency: filter?.urgency ?? null,
      area: checked.area,
      measures,
      minCellOwnAgencyId: access.minCell?.ownAgencyId ?? null,
    };
    const minCell = this.config.STATS_RESPONSE_MIN_CELL;
    // One snapshot: the months whose totals are usable; the exact totals and the percentiles, whose sample
    // each group's count sizes; the open referrals, on a second connection in that snapshot while the totals
    // and percentiles are read on this one, when the pool has a connection at hand.
    const { totals, open, percentiles } = await this.analytics(async (manager) => {
      const fresh = await this.months.usableMonths(manager);
      const settled = openSettledMonths(fresh, plan.now, BACKLOG_BUCKETS[BACKLOG_BUCKETS.length - 1].fromDays);
      const openQuery = responseTimeOpenQuery(plan, coverageOf(plan.from, plan.to, settled));
      const readOpen = (reader: EntityManager) => reader.query<ResponseTimeRow[]>(openQuery.sql, openQuery.params);
      const openAlongside = await this.alongside(manager, readOpen);
      const figures = await this.totalsAndPercentiles(manager, plan, fresh, minCell);
      const open = await (openAlongside ? openAlongside.result : readOpen(manager));
      return { ...figures, open };
    });
    const percentilesOf = new Map(percentiles.map((row) => [String(row.key), row]));
    const openOf = new Map<string, ResponseTimeRow[]>();
    for (const row of open) openOf.set(String(row.key), [...(openOf.get(String(row.key)) ?? []), row]);
    return sortGroups(totals, groupBy).map((row) =>
      readResponseTimeRow(
        row,
        openOf.get(String(row.key)) ?? [],
        percentilesOf.get(String(row.key)),
        groupBy,
        measures,
        minCellSuppressed(row, minCell),
      ),
    );
  }

  /**
   * Per group, the totals (from the up-to-date monthly totals and the timing rows of the rest of the period)
   * and the percentiles, whose sample the totals' counts size (`percentileSamples`: every group exact when the
   * selection fits the percentile budget). A group that is an index range (an agency, the agencies of a sector,
   * a week, a month) reads its percentiles from its own range, already apart from the other groups. Groups by
   * urgency are not: a selection by urgency within the budget, checked by a bounded count when no monthly
   * totals apply, is read once for both, exactly, so that its rows are grouped once. Either way, at least
   * `STATS_SHARE_ROWS` rows to sort are sorted in two shares of the groups (`readShared`).
   */
  private async totalsAndPercentiles(
    manager: EntityManager,
    plan: ResponseTimePlan,
    fresh: readonly FreshMonth[],
    minCell: number,
  ): Promise<{ totals: ResponseTimeRow[]; percentiles: ResponseTimeRow[] }> {
    const budget = this.config.STATS_PERCENTILE_SAMPLE;
    const coverage = coverageOf(
      plan.from,
      plan.to,
      fresh.map(({ month }) => month),
    );
    if (plan.groupBy === StatsGroupBy.URGENCY && coverage.months.length === 0) {
      const rowsQuery = responseTimeRowsQuery(plan, budget);
      const [{ rows }] = await manager.query<{ rows: number }[]>(rowsQuery.sql, rowsQuery.params);
      if (rows <= budget) {
        // Without durations there is nothing to sort, only totals to add up.
        const sorts = plan.measures.size > 0 && rows >= this.config.STATS_SHARE_ROWS;
        const shares = sorts ? await this.exactShares(manager, plan, rows) : null;
        const totals = await this.readShared(manager, responseTimeExactQuery(plan), shares);
        return { totals, percentiles: totals };
      }
    }
    const totalsQuery = responseTimeTotalsQuery(plan, coverage);
    const totals = await manager.query<ResponseTimeRow[]>(totalsQuery.sql, totalsQuery.params);
    // Withheld groups' durations are not sorted at all.
    const shown = totals.filter((row) => !minCellSuppressed(row, minCell));
    const samples = percentileSamples(shown, plan.measures, budget);
    // About how many rows each group's percentiles sort: its referrals, at its sampling rate.
    const sorted = samples.map((sample, index) => ({
      sample,
      rows: (Number(shown[index].referral_count) * sample.below) / WHOLE_SAMPLE,
    }));
    const shares =
      sorted.reduce((rows, group) => rows + group.rows, 0) >= this.config.STATS_SHARE_ROWS
        ? shareInTwo(sorted, (group) => group.rows)
        : null;
    const shareQuery = (share: typeof sorted) =>
      responseTimePercentilesQuery(
        plan,
        share.map((group) => group.sample),
      );
    const percentiles = await this.readShared(
      manager,
      responseTimePercentilesQuery(plan, samples),
      shares && [shareQuery(shares[0]), shareQuery(shares[1])],
    );
    return { totals, percentiles };
  }

  /**
   * The exact query of a selection of `rows` timing rows in two shares of about equal rows: the groups of one
   * share by their keys, and every other group as the other. The groups are counted in the 1/16 sample when
   * the selection is large enough for the sample to weigh them (`SIZES_SAMPLED_FROM`); a group without sampled
   * rows is then in the second share. Null when fewer than two groups are counted.
   */
  private async exactShares(
    manager: EntityManager,
    plan: ResponseTimePlan,
    rows: number,
  ): Promise<[SqlQuery, SqlQuery] | null> {
    const sizesQuery = responseTimeGroupSizesQuery(plan, rows >= SIZES_SAMPLED_FROM);
    const sizes = await manager.query<{ key: string; rows: number }[]>(sizesQuery.sql, sizesQuery.params);
    const shares = shareInTwo(sizes, (group) => group.rows);
    if (!shares) return null;
    const keys = shares[0].map((group) => group.key);
    return [
      responseTimeExactQuery(plan, { keys, except: false }),
      responseTimeExactQuery(plan, { keys, except: true }),
    ];
  }

  /**
   * The rows `whole` reads, or when `shares` divides its groups in two and the pool has a connection at hand,
   * the rows of both shares: the second read on another connection in this transaction's snapshot
   * (`runAlongside`) while the first is read on this one, so that both of the database's cores sort. A share
   * never splits a group: percentiles are not additive. Null statements read nothing (no duration asked for:
   * nothing to sort), and no second connection is taken for them.
   */
  private async readShared(
    manager: EntityManager,
    whole: SqlQuery | null,
    shares: readonly [SqlQuery | null, SqlQuery | null] | null,
  ): Promise<ResponseTimeRow[]> {
    if (!whole) return [];
    const read = (reader: EntityManager, statement: SqlQuery | null) =>
      statement ? reader.query<ResponseTimeRow[]>(statement.sql, statement.params) : Promise.resolve([]);
    const alongside = shares && (await this.alongside(manager, (reader) => read(reader, shares[1])));
    if (!shares || !alongside) return read(manager, whole);
    const first = await read(manager, shares[0]);
    return [...first, ...(await alongside.result)];
  }

  async unmetNeeds(caller: AuthContext, filter: StatsFilter | null): Promise<UnmetNeedCount[]> {
    const checked = checkFilter(filter);
    const access = await this.access(caller, filter?.agencyId);
    const query = unmetNeedsQuery({
      from: checked.from,
      to: checked.to,
      recipientAgencyId: access.recipientAgencyId,
      sector: filter?.sector ?? null,
      urgency: filter?.urgency ?? null,
      municipalityCodes: checked.area?.municipalityCodes ?? null,
      minCell: this.config.STATS_MIN_CELL,
    });
    const rows = await this.analytics((manager) => manager.query<UnmetNeedRow[]>(query.sql, query.params));
    return rows.map((row) => ({
      needCategory: row.need_category,
      municipalityCode: row.municipality_code,
      municipalityName: row.municipality_code ? (lookupLocalGovernment(row.municipality_code)?.fullName ?? null) : null,
      period: row.period,
      referralCount: Number(row.referral_count),
      personCount: Number(row.person_count),
    }));
  }

  private async access(
    caller: AuthContext,
    requestedAgencyId: string | null | undefined,
    groupBy?: StatsGroupBy,
  ): Promise<StatsAccess> {
    const ids = [caller.agencyId, requestedAgencyId].filter((id): id is string => Boolean(id));
    const agencies = ids.length > 0 ? await this.agencies.findByIds(ids) : [];
    const found = new Map(agencies.map((agency: AgencyEntity) => [agency.id, agency]));
    const access = decideStatsAccess(
      {
        agencyId: caller.agencyId,
        isHubAdmin: caller.isHubAdmin,
        isHubCoordinator: caller.agencyId ? (found.get(caller.agencyId)?.isHubCoordinator ?? false) : false,
      },
      requestedAgencyId,
      groupBy,
    );
    if (requestedAgencyId && !found.has(requestedAgencyId)) {
      throw new NotFoundError('Agency', { field: 'filter.agencyId', id: requestedAgencyId });
    }
    return access;
  }

  /** `work` on a second connection in this transaction's snapshot, with the same settings (`runAlongside`). */
  private alongside<T>(manager: EntityManager, work: (reader: EntityManager) => Promise<T>) {
    return runAlongside(manager, async (reader) => {
      await this.applySettings(reader);
      return work(reader);
    });
  }

  private async applySettings(manager: EntityManager): Promise<void> {
    const settings = analyticsSettings(this.config.STATS_PARALLEL_WORKERS);
    await manager.query(settings.sql, settings.params);
  }

  private analytics<T>(run: (manager: EntityManager) => Promise<T>): Promise<T> {
    return runTransaction(this.dataSource, async (manager) => {
      await manager.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      await this.applySettings(manager);
      return run(manager);
    });
  }
}
