import { lookupLocalGovernment } from '@tsunagu/directory';

/** Counts of one cell as the database gives them (bigint counts arrive as text). */
export interface EvidenceCellRow {
  item_count: string | number;
  person_count: string | number;
  referral_count: string | number;
}

export interface SuppressibleCounts {
  itemCount: number | null;
  personCount: number | null;
  declinedReferralCount: number | null;
  suppressed: boolean;
}

/**
 * The small-cell rule of `unmetNeeds` (STATS_MIN_CELL): a cell is shown only when it holds at least `minCell`
 * distinct people. `unmetNeeds` drops such a cell; here the cell keeps its key (a month, an area, an issue) and
 * withholds every count. An empty cell (no evidence at all) discloses nothing and shows its zeros.
 */
export function suppressCell(row: EvidenceCellRow | undefined, minCell: number): SuppressibleCounts {
  const persons = Number(row?.person_count ?? 0);
  if (persons > 0 && persons < minCell) {
    return { itemCount: null, personCount: null, declinedReferralCount: null, suppressed: true };
  }
  return {
    itemCount: Number(row?.item_count ?? 0),
    personCount: persons,
    declinedReferralCount: Number(row?.referral_count ?? 0),
    suppressed: false,
  };
}

/** One row of the evidence query: a grouping set of (issue), (issue, month) or (issue, area). */
export interface EvidenceRow extends EvidenceCellRow {
  issue_id: string;
  month: string | null;
  area: string | null;
  by_month: boolean;
  by_area: boolean;
}

export interface EvidenceSummary extends SuppressibleCounts {
  byMonth: (SuppressibleCounts & { month: string })[];
  byArea: (SuppressibleCounts & { municipalityCode: string | null; municipalityName: string | null })[];
}

/** An issue's evidence: totals, by month and by area, each cell suppressed on its own. */
export function summariseEvidence(rows: readonly EvidenceRow[], minCell: number): EvidenceSummary {
  const total = rows.find((row) => !row.by_month && !row.by_area);
  return {
    ...suppressCell(total, minCell),
    byMonth: rows
      .filter((row) => row.by_month)
      .sort((a, b) => String(a.month).localeCompare(String(b.month)))
      .map((row) => ({ month: String(row.month), ...suppressCell(row, minCell) })),
    byArea: rows
      .filter((row) => row.by_area)
      .sort((a, b) => (a.area ?? '999999').localeCompare(b.area ?? '999999'))
      .map((row) => ({
        municipalityCode: row.area,
        municipalityName: row.area ? (lookupLocalGovernment(row.area)?.fullName ?? null) : null,
        ...suppressCell(row, minCell),
      })),
  };
}
