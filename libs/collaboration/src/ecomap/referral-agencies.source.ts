import { type EntityManager } from 'typeorm';
import {
  type EcomapContribution,
  type EcomapEdgeFacts,
  type EcomapNodeFacts,
  type EcomapSource,
  type EcomapStrength,
  type EcomapViewer,
} from '../shared/ecomap-sources.js';
import { PERSON_KEY } from './ecomap-svg.js';

/** Referral statuses in Japanese, as the ecomap labels an agency's relation to the person. */
export const REFERRAL_STATUS_LABELS: Record<string, string> = {
  DRAFT: '紹介準備中',
  REQUESTED: '紹介依頼中',
  RECEIVED: '受付済み',
  ACCEPTED: '受入れ決定',
  REJECTED: '受入れ不可',
  IN_PROGRESS: '支援中',
  ON_HOLD: '保留中',
  COMPLETED: '支援終了',
  CANCELLED: '取消',
  FAILED: '支援不成立',
};

/** How a referral's status is drawn: support under way is strong, pending or finished weak, refused stressful. */
const STRENGTH_OF_STATUS: Record<string, EcomapStrength> = {
  REQUESTED: 'WEAK',
  RECEIVED: 'WEAK',
  ACCEPTED: 'STRONG',
  REJECTED: 'STRESSFUL',
  IN_PROGRESS: 'STRONG',
  ON_HOLD: 'WEAK',
  COMPLETED: 'WEAK',
  FAILED: 'STRESSFUL',
};

interface Row {
  id: string;
  from_agency_id: string;
  to_agency_id: string;
  status: string;
  from_name: string;
  to_name: string;
}

/**
 * The agencies of the person's referrals that the viewer takes part in (as sender, or as recipient once sent:
 * the referrals it sees through `referrals`), with the status of the latest referral to each; the sending agency
 * of those referrals is drawn as 紹介元. Drafts and cancelled referrals are not relations.
 */
export class ReferralAgenciesSource implements EcomapSource {
  readonly name = 'referral-agencies';

  async contribute(manager: EntityManager, personId: string, viewer: EcomapViewer): Promise<EcomapContribution> {
    const rows: Row[] = await manager.query(
      `SELECT r.id, r.from_agency_id, r.to_agency_id, r.status, f.name AS from_name, t.name AS to_name
         FROM referral r
         JOIN agency f ON f.id = r.from_agency_id
         JOIN agency t ON t.id = r.to_agency_id
        WHERE r.person_id = $1
          AND (r.from_agency_id = $2 OR (r.to_agency_id = $2 AND r.sent_at IS NOT NULL))
          AND r.status NOT IN ('DRAFT', 'CANCELLED')
        ORDER BY r.created_at ASC, r.id ASC`,
      [personId, viewer.agencyId],
    );
    const nodes = new Map<string, EcomapNodeFacts>();
    const edges = new Map<string, EcomapEdgeFacts>();
    // Later referrals overwrite earlier ones: each recipient shows its latest status.
    for (const row of rows) {
      const key = `agency:${row.to_agency_id}`;
      nodes.set(key, { key, kind: 'AGENCY', label: row.to_name, detail: REFERRAL_STATUS_LABELS[row.status] });
      edges.set(key, { from: PERSON_KEY, to: key, strength: STRENGTH_OF_STATUS[row.status], direction: 'TO_PERSON' });
    }
    for (const row of rows) {
      const key = `agency:${row.from_agency_id}`;
      if (nodes.has(key)) continue;
      nodes.set(key, { key, kind: 'AGENCY', label: row.from_name, detail: '紹介元' });
      edges.set(key, { from: PERSON_KEY, to: key, strength: 'STRONG', direction: 'TO_PERSON' });
    }
    return { nodes: [...nodes.values()], edges: [...edges.values()] };
  }
}
