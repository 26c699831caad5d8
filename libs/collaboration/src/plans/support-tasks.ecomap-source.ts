import { Injectable } from '@nestjs/common';
import { DataCategory } from '@tsunagu/consent';
import { type EntityManager } from 'typeorm';
import {
  type EcomapContribution,
  type EcomapEdgeFacts,
  type EcomapNodeFacts,
  type EcomapSource,
  type EcomapViewer,
} from '../shared/ecomap-sources.js';

interface OpenTaskRow {
  owner_agency_id: string | null;
  owner_participant_id: string | null;
  owner_label: string | null;
  agency_name: string | null;
  open: number;
  overdue: number;
}

/**
 * The ecomap's `support-tasks` source: who holds OPEN tasks of the person's plan — agencies by name, informal
 * owners (民生委員, family …) by role and name — each a node with an edge from it to the person (support flows to
 * the person), the detail giving the count of open and overdue tasks. Only for viewers who may see the plan
 * (the person's CASE_NOTES).
 */
@Injectable()
export class SupportTasksEcomapSource implements EcomapSource {
  readonly name = 'support-tasks';

  async contribute(
    manager: EntityManager,
    personId: string,
    viewer: EcomapViewer,
    now: Date,
  ): Promise<EcomapContribution> {
    if (!viewer.categories.includes(DataCategory.CASE_NOTES)) {
      return { nodes: [], edges: [] };
    }
    const rows = await manager.query<OpenTaskRow[]>(
      `SELECT t."owner_agency_id", t."owner_participant_id", min(t."owner_label") AS "owner_label",
              min(a."name") AS "agency_name", count(*)::int AS "open",
              count(*) FILTER (WHERE t."due_on" IS NOT NULL
                AND ((t."due_on" + 1)::timestamp AT TIME ZONE 'Asia/Tokyo') <= $2)::int AS "overdue"
         FROM "support_task" t LEFT JOIN "agency" a ON a."id" = t."owner_agency_id"
        WHERE t."person_id" = $1 AND t."status" = 'OPEN'
          AND (t."owner_agency_id" IS NOT NULL OR t."owner_participant_id" IS NOT NULL)
        GROUP BY t."owner_agency_id", t."owner_participant_id"
        ORDER BY min(t."created_at"), t."owner_agency_id", t."owner_participant_id"`,
      [personId, now],
    );
    const nodes: EcomapNodeFacts[] = [];
    const edges: EcomapEdgeFacts[] = [];
    for (const row of rows) {
      const key = row.owner_agency_id ? `agency:${row.owner_agency_id}` : `participant:${row.owner_participant_id}`;
      nodes.push({
        key,
        kind: row.owner_agency_id ? 'AGENCY' : 'INFORMAL_SUPPORTER',
        label: row.owner_agency_id ? (row.agency_name ?? '機関') : (row.owner_label ?? '地域の関係者'),
        detail: `支援計画タスク ${row.open}件${row.overdue > 0 ? `（期限超過 ${row.overdue}件）` : ''}`,
      });
      edges.push({
        from: key,
        to: 'person',
        strength: row.overdue > 0 ? 'WEAK' : 'STRONG',
        direction: 'TO_PERSON',
        label: '役割分担',
      });
    }
    return { nodes, edges };
  }
}
