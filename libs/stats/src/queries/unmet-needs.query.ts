import { DeclineReason } from '@tsunagu/referrals';
import { type Sector, type Urgency } from '@tsunagu/directory';
import { type SqlQuery } from './response-time.query.js';

/** Declines that show a resource is missing, rather than a problem with the referral or the person's choice. */
export const UNMET_NEED_REASONS: readonly DeclineReason[] = [
  DeclineReason.SERVICE_NOT_AVAILABLE,
  DeclineReason.NO_CAPACITY,
  DeclineReason.OUT_OF_AREA,
];

export interface UnmetNeedsPlan {
  from: Date | null;
  to: Date | null;
  recipientAgencyId: string | null;
  sector: Sector | null;
  urgency: Urgency | null;
  /** People living in one of these municipalities or wards. */
  municipalityCodes: string[] | null;
  /** Cells with fewer distinct people are left out. */
  minCell: number;
}

export interface UnmetNeedRow {
  need_category: string;
  municipality_code: string | null;
  period: string;
  referral_count: string;
  person_count: string;
}

/**
 * Declined referrals by need category × the person's municipality × the JST month they were sent. A referral
 * with several need categories counts in each. Small cells are dropped in SQL (HAVING), so their counts never
 * leave the database. The reasons are literals so that the partial index `ix_referral_unmet_sent` applies.
 */
export function unmetNeedsQuery(plan: UnmetNeedsPlan): SqlQuery {
  const params: unknown[] = [plan.minCell];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = [`r.decline_reason IN (${UNMET_NEED_REASONS.map((reason) => `'${reason}'`).join(', ')})`];
  if (plan.from) where.push(`r.sent_at >= ${param(plan.from)}`);
  if (plan.to) where.push(`r.sent_at < ${param(plan.to)}`);
  if (plan.recipientAgencyId) where.push(`r.to_agency_id = ${param(plan.recipientAgencyId)}`);
  if (plan.sector) where.push(`a.sector = ${param(plan.sector)}`);
  if (plan.urgency) where.push(`r.urgency = ${param(plan.urgency)}`);
  if (plan.municipalityCodes) where.push(`p.municipality_code = ANY(${param(plan.municipalityCodes)}::char(6)[])`);

  const sql = `
    SELECT need_category, municipality_code, to_char(period, 'YYYY-MM') AS period,
           count(*) AS referral_count, count(DISTINCT person_id) AS person_count
      FROM (
        SELECT need.code AS need_category, p.municipality_code,
               date_trunc('month', r.sent_at AT TIME ZONE INTERVAL '+09:00') AS period, r.person_id
          FROM referral r
          JOIN agency a ON a.id = r.to_agency_id
          JOIN person p ON p.id = r.person_id
          CROSS JOIN LATERAL unnest(r.need_categories) AS need(code)
         WHERE ${where.join('\n           AND ')}
      ) declined
     GROUP BY need_category, municipality_code, period
    HAVING count(DISTINCT person_id) >= $1
     ORDER BY period, municipality_code NULLS LAST, need_category`;
  return { sql, params };
}
