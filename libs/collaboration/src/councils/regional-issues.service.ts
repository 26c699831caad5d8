import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  CommunityResourceEntity,
  CommunityResourcesService,
  isNeedCategory,
  lookupLocalGovernment,
  municipality,
} from '@tsunagu/directory';
import { DeclineReason } from '@tsunagu/referrals';
import {
  APP_CONFIG,
  BadUserInputError,
  Clock,
  ConflictError,
  cursorAfter,
  NotFoundError,
  runTransaction,
  toConnection,
  type AppConfig,
  type AuthContext,
  type Connection,
  type PageRequest,
} from '@tsunagu/platform';
import { In, Repository, type EntityManager } from 'typeorm';
import { renderAgendaCsv, renderAgendaMarkdown, type AgendaFile, type AgendaIssue } from './agenda-render.js';
import { nonBlank } from './councils.service.js';
import { CouncilAccess, coveredCodes, relatedCodes, requireAgencyKey, type CouncilView } from './council-access.js';
import { AgendaFormat, CouncilBodyKind, RegionalIssueStage as Stage } from './council-enums.js';
import { RegionalIssueTransitionError } from './council-errors.js';
import {
  CouncilBodyEntity,
  CouncilEntity,
  CouncilMeetingEntity,
  RegionalIssueEntity,
  RegionalIssueMoveEntity,
} from './council.entity.js';
import {
  type CommunityGapsInput,
  type LinkRegionalIssueEvidenceInput,
  type MergeRegionalIssuesInput,
  type MoveRegionalIssueInput,
  type RaiseRegionalIssueInput,
  type RegionalIssueFilter,
} from './council.model.js';
import { UNMET_NEED_REASONS } from '@tsunagu/stats';
import {
  suppressCell,
  summariseEvidence,
  type EvidenceCellRow,
  type EvidenceRow,
  type EvidenceSummary,
  type SuppressibleCounts,
} from './evidence-counts.js';
import { decideIssueMove, isBodyStage, isOpenStage, OPEN_STAGES } from './issue-stages.js';

/** The declines `unmetNeeds` counts as a missing resource: an issue's declined referrals are the ones the statistics show. */
export const UNMET_DECLINE_REASONS: readonly DeclineReason[] = UNMET_NEED_REASONS;
const DECLINES_SQL = UNMET_DECLINE_REASONS.map((reason) => `'${reason}'`).join(', ');
const OPEN_SQL = OPEN_STAGES.map((stage) => `'${stage}'`).join(', ');

/** The evidence rows of issues: one per unmet item or declined referral, with its person, month and area. */
const EVIDENCE_SQL = `
  SELECT e.issue_id, c.person_id, 'ITEM' AS kind,
         to_char(i.created_at AT TIME ZONE INTERVAL '+09:00', 'YYYY-MM') AS month, i.municipality_code AS area
    FROM regional_issue_evidence e
    JOIN case_conference_unmet_item i ON i.id = e.unmet_item_id
    JOIN case_conference c ON c.id = i.conference_id
   WHERE e.issue_id = ANY($1::uuid[])
  UNION ALL
  SELECT e.issue_id, r.person_id, 'REFERRAL' AS kind,
         to_char(r.sent_at AT TIME ZONE INTERVAL '+09:00', 'YYYY-MM') AS month, p.municipality_code AS area
    FROM regional_issue_evidence e
    JOIN referral r ON r.id = e.referral_id
    JOIN person p ON p.id = r.person_id
   WHERE e.issue_id = ANY($1::uuid[])`;

/** A move with the stable order of its table: moves are never updated, so insertion order breaks ties of time. */
interface MoveRow {
  id: string;
  issue_id: string;
  from_stage: Stage | null;
  to_stage: Stage;
  body_id: string | null;
  meeting_id: string | null;
  note: string | null;
  moved_by_agency_id: string;
  moved_at: Date;
}

const toMove = (row: MoveRow): RegionalIssueMoveEntity => ({
  id: row.id,
  issueId: row.issue_id,
  fromStage: row.from_stage,
  toStage: row.to_stage,
  bodyId: row.body_id,
  meetingId: row.meeting_id,
  note: row.note,
  movedByAgencyId: row.moved_by_agency_id,
  movedAt: row.moved_at,
});

export interface CommunityGapRow extends SuppressibleCounts {
  needCategory: string;
  municipalityCode: string | null;
  municipalityName: string | null;
  issues: RegionalIssueEntity[];
  resources: CommunityResourceEntity[];
}

/**
 * Regional issues (地域課題): raised by member agencies with evidence from their conferences' "cannot do now" items
 * and their declined referrals (counted, never shown), moved by the secretariat through the council's bodies to an
 * outcome, merged, and exported as a meeting's agenda. Moves and evidence links are append-only.
 */
@Injectable()
export class RegionalIssuesService {
  constructor(
    @InjectRepository(RegionalIssueEntity) private readonly issues: Repository<RegionalIssueEntity>,
    private readonly access: CouncilAccess,
    private readonly resources: CommunityResourcesService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get pageSizeMax(): number {
    return this.config.PAGE_SIZE_MAX;
  }

  async raise(caller: AuthContext, input: RaiseRegionalIssueInput): Promise<RegionalIssueEntity> {
    const agencyId = requireAgencyKey(caller);
    const needs = this.checkNeeds(input.needCategories);
    const codes = [...new Set(input.municipalityCodes)];
    codes.forEach((code, index) => municipality(code, `input.municipalityCodes.${index}`));
    return runTransaction(this.issues.manager, async (manager) => {
      const { council } = await this.access.visible(
        manager,
        caller,
        input.councilId,
        () => new NotFoundError('Council', { field: 'input.councilId', id: input.councilId }),
      );
      const area = coveredCodes(council.municipalityCodes);
      codes.forEach((code, index) => {
        if (!area.includes(code)) {
          throw new BadUserInputError(`input.municipalityCodes.${index}`, `${code} is outside ${council.name}`, {
            reason: 'OUTSIDE_COUNCIL_AREA',
          });
        }
      });
      const evidence = await this.checkEvidence(manager, agencyId, input.unmetItemIds, input.declinedReferralIds);
      const now = this.clock.now();
      const inserted = await manager.insert(RegionalIssueEntity, {
        councilId: council.id,
        title: nonBlank(input.title, 'input.title'),
        description: input.description ?? null,
        needCategories: needs,
        municipalityCodes: codes,
        function: input.function,
        stage: Stage.RAISED,
        bodyId: null,
        mergedIntoId: null,
        closedReason: null,
        raisedByAgencyId: agencyId,
        version: 1,
        raisedAt: now,
        updatedAt: now,
      });
      const id = (inserted.identifiers[0] as { id: string }).id;
      await manager.insert(RegionalIssueMoveEntity, {
        issueId: id,
        fromStage: null,
        toStage: Stage.RAISED,
        bodyId: null,
        meetingId: null,
        note: null,
        movedByAgencyId: agencyId,
        movedAt: now,
      });
      await this.linkEvidence(manager, id, evidence, agencyId, now);
      return manager.findOneByOrFail(RegionalIssueEntity, { id });
    });
  }

  /** Any member links more evidence to an open issue (links already there are kept once). */
  async link(caller: AuthContext, input: LinkRegionalIssueEvidenceInput): Promise<RegionalIssueEntity> {
    const agencyId = requireAgencyKey(caller);
    if (input.unmetItemIds.length + input.declinedReferralIds.length === 0) {
      throw new BadUserInputError('input.unmetItemIds', 'Give unmet items or declined referrals to link', {
        reason: 'NO_EVIDENCE',
      });
    }
    return runTransaction(this.issues.manager, async (manager) => {
      const { issue } = await this.visibleIssue(manager, caller, input.issueId, 'input.issueId', true);
      this.requireOpen(issue, 'input.issueId');
      const evidence = await this.checkEvidence(manager, agencyId, input.unmetItemIds, input.declinedReferralIds);
      await this.linkEvidence(manager, issue.id, evidence, agencyId, this.clock.now());
      return manager.findOneByOrFail(RegionalIssueEntity, { id: issue.id });
    });
  }

  /** The secretariat moves an issue one step, at a meeting of the right body; every move is a new history row. */
  async move(caller: AuthContext, input: MoveRegionalIssueInput): Promise<RegionalIssueEntity> {
    return runTransaction(this.issues.manager, async (manager) => {
      const { issue, view } = await this.visibleIssue(manager, caller, input.issueId, 'input.issueId', true);
      this.access.requireSecretariat(caller, view);
      const agencyId = requireAgencyKey(caller);
      const decision = decideIssueMove(issue.stage, input.toStage);
      if (decision.kind === 'invalid') {
        throw new RegionalIssueTransitionError(issue.stage, input.toStage, decision.allowed);
      }
      this.checkVersion(issue, input.expectedVersion);
      this.checkOutcomeInput(input);
      const meeting = await this.meetingFor(manager, issue, input, decision.meetingKind);
      const now = this.clock.now();
      const bodyId = meeting?.bodyId ?? issue.bodyId;
      await this.update(manager, issue, {
        stage: input.toStage,
        bodyId,
        closedReason: input.toStage === Stage.CLOSED ? (input.closedReason ?? null) : null,
        updatedAt: now,
      });
      await manager.insert(RegionalIssueMoveEntity, {
        issueId: issue.id,
        fromStage: issue.stage,
        toStage: input.toStage,
        bodyId,
        meetingId: meeting?.id ?? null,
        note: input.note ?? null,
        movedByAgencyId: agencyId,
        movedAt: now,
      });
      if (input.toStage === Stage.RESOURCE_DEVELOPED || input.toStage === Stage.RESOURCE_IMPROVED) {
        await this.resources.recordFromIssue(manager, {
          issueId: issue.id,
          agencyId,
          now,
          ...(input.toStage === Stage.RESOURCE_DEVELOPED
            ? { create: input.resource ?? undefined }
            : { improveResourceId: input.resourceId ?? undefined, improvement: input.resource ?? undefined }),
        });
      }
      return manager.findOneByOrFail(RegionalIssueEntity, { id: issue.id });
    });
  }

  /**
   * The secretariat merges `from` into `into` (both open, same council): `from` becomes MERGED, its evidence is
   * copied to `into` (via_issue_id), `into` takes the union of their need categories and areas. Both histories
   * get a row.
   */
  async merge(caller: AuthContext, input: MergeRegionalIssuesInput): Promise<RegionalIssueEntity> {
    if (input.intoId === input.fromId) {
      throw new BadUserInputError('input.fromId', 'An issue is not merged into itself', { reason: 'SAME_ISSUE' });
    }
    return runTransaction(this.issues.manager, async (manager) => {
      // Lock in id order so that two merges of the same pair cannot deadlock.
      await manager.query('SELECT id FROM regional_issue WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [
        [input.intoId, input.fromId],
      ]);
      const { issue: into, view } = await this.visibleIssue(manager, caller, input.intoId, 'input.intoId');
      const { issue: from } = await this.visibleIssue(manager, caller, input.fromId, 'input.fromId');
      this.access.requireSecretariat(caller, view);
      const agencyId = requireAgencyKey(caller);
      if (from.councilId !== into.councilId) {
        throw new BadUserInputError('input.fromId', 'Only issues of the same council are merged', {
          reason: 'DIFFERENT_COUNCILS',
        });
      }
      this.requireOpen(into, 'input.intoId');
      if (!isOpenStage(from.stage)) {
        throw new RegionalIssueTransitionError(from.stage, Stage.MERGED, []);
      }
      this.checkVersion(into, input.expectedVersion);
      const now = this.clock.now();
      await this.update(manager, from, { stage: Stage.MERGED, mergedIntoId: into.id, updatedAt: now });
      await manager.query(
        `INSERT INTO regional_issue_evidence (issue_id, unmet_item_id, referral_id, via_issue_id, linked_by_agency_id, linked_at)
         SELECT $1, unmet_item_id, referral_id, $2, $3, $4 FROM regional_issue_evidence WHERE issue_id = $2
         ON CONFLICT DO NOTHING`,
        [into.id, from.id, agencyId, now],
      );
      await this.update(manager, into, {
        needCategories: [...new Set([...into.needCategories, ...from.needCategories])],
        municipalityCodes: [...new Set([...into.municipalityCodes, ...from.municipalityCodes])],
        updatedAt: now,
      });
      const note = input.note ?? null;
      await manager.insert(RegionalIssueMoveEntity, [
        {
          issueId: from.id,
          fromStage: from.stage,
          toStage: Stage.MERGED,
          bodyId: from.bodyId,
          meetingId: null,
          note: `「${into.title}」に統合${note ? `: ${note}` : ''}`,
          movedByAgencyId: agencyId,
          movedAt: now,
        },
        {
          issueId: into.id,
          fromStage: into.stage,
          toStage: into.stage,
          bodyId: into.bodyId,
          meetingId: null,
          note: `「${from.title}」を統合${note ? `: ${note}` : ''}`,
          movedByAgencyId: agencyId,
          movedAt: now,
        },
      ]);
      return manager.findOneByOrFail(RegionalIssueEntity, { id: into.id });
    });
  }

  /** Open issues of the same council with a need category and an area in common: candidates for merging. */
  async similar(caller: AuthContext, id: string): Promise<RegionalIssueEntity[]> {
    const { issue } = await this.visibleIssue(this.issues.manager, caller, id, 'id');
    return this.issues
      .createQueryBuilder('issue')
      .where('issue.council_id = :councilId AND issue.id <> :id', { councilId: issue.councilId, id: issue.id })
      .andWhere(`issue.stage IN (${OPEN_SQL})`)
      .andWhere('issue.need_categories && (:needs)::varchar(32)[]', { needs: issue.needCategories })
      .andWhere('issue.municipality_codes && (:codes)::char(6)[]', { codes: relatedCodes(issue.municipalityCodes) })
      .orderBy('issue.raised_at', 'ASC')
      .addOrderBy('issue.id', 'ASC')
      .take(50)
      .getMany();
  }

  async get(caller: AuthContext, id: string): Promise<RegionalIssueEntity> {
    return (await this.visibleIssue(this.issues.manager, caller, id, 'id')).issue;
  }

  /** Issues of the councils the caller sees, latest raised first. */
  async list(
    caller: AuthContext,
    filter: RegionalIssueFilter | null | undefined,
    page: PageRequest,
  ): Promise<Connection<RegionalIssueEntity>> {
    const query = this.issues.createQueryBuilder('issue');
    if (!caller.isHubAdmin) {
      if (!caller.agencyId) return toConnection([], page, 0, () => []);
      query.where(
        'EXISTS (SELECT 1 FROM council_member m WHERE m.council_id = issue.council_id AND m.agency_id = :agencyId)',
        { agencyId: caller.agencyId },
      );
    }
    if (filter?.councilId) query.andWhere('issue.council_id = :councilId', { councilId: filter.councilId });
    if (filter?.stages?.length) query.andWhere('issue.stage IN (:...stages)', { stages: filter.stages });
    if (filter?.needCategory) {
      this.checkNeeds([filter.needCategory], () => 'filter.needCategory');
      query.andWhere(':need = ANY(issue.need_categories)', { need: filter.needCategory });
    }
    if (filter?.municipalityCode) {
      municipality(filter.municipalityCode, 'filter.municipalityCode');
      query.andWhere('issue.municipality_codes && (:codes)::char(6)[]', {
        codes: relatedCodes([filter.municipalityCode]),
      });
    }
    const totalCount = await query.getCount();
    const after = cursorAfter(page, ['timestamp', 'uuid']);
    if (after) {
      const [raisedAt, id] = after;
      query.andWhere('(issue.raised_at, issue.id) < (:raisedAt, :id)', { raisedAt: new Date(raisedAt), id });
    }
    const rows = await query
      .orderBy('issue.raised_at', 'DESC')
      .addOrderBy('issue.id', 'DESC')
      .take(page.limit + 1)
      .getMany();
    return toConnection(rows, page, totalCount, (row) => [row.raisedAt.toISOString(), row.id]);
  }

  /** Counts of each issue's evidence (totals, by month, by area), suppressed below STATS_MIN_CELL. */
  async evidenceOf(issueIds: readonly string[], manager = this.issues.manager): Promise<EvidenceSummary[]> {
    const rows: EvidenceRow[] = await manager.query(
      `SELECT issue_id, month, area, GROUPING(month) = 1 AND GROUPING(area) = 0 AS by_area,
              GROUPING(area) = 1 AND GROUPING(month) = 0 AS by_month,
              count(*) FILTER (WHERE kind = 'ITEM') AS item_count,
              count(*) FILTER (WHERE kind = 'REFERRAL') AS referral_count,
              count(DISTINCT person_id) AS person_count
         FROM (${EVIDENCE_SQL}) evidence
        GROUP BY GROUPING SETS ((issue_id), (issue_id, month), (issue_id, area))`,
      [[...issueIds]],
    );
    const minCell = this.config.STATS_MIN_CELL;
    return issueIds.map((id) =>
      summariseEvidence(
        rows.filter((row) => row.issue_id === id),
        minCell,
      ),
    );
  }

  async historyOf(issueIds: readonly string[], manager = this.issues.manager): Promise<RegionalIssueMoveEntity[][]> {
    const rows: MoveRow[] = await manager.query(
      `SELECT id, issue_id, from_stage, to_stage, body_id, meeting_id, note, moved_by_agency_id, moved_at
         FROM regional_issue_move WHERE issue_id = ANY($1::uuid[])
        ORDER BY seq`,
      [[...issueIds]],
    );
    return issueIds.map((id) => rows.filter((row) => row.issue_id === id).map(toMove));
  }

  /** The community resource each issue developed or improved (null when none). */
  async resourceOf(issueIds: readonly string[]): Promise<(CommunityResourceEntity | null)[]> {
    const rows = await this.issues.manager
      .createQueryBuilder(CommunityResourceEntity, 'resource')
      .where(
        'resource.developed_from_issue_id = ANY(CAST(:ids AS uuid[])) OR resource.improved_by_issue_ids && CAST(:ids AS uuid[])',
        {
          ids: [...issueIds],
        },
      )
      .orderBy('resource.created_at', 'ASC')
      .getMany();
    return issueIds.map(
      (id) =>
        rows.find((row) => row.developedFromIssueId === id) ??
        rows.find((row) => row.improvedByIssueIds.includes(id)) ??
        null,
    );
  }

  /**
   * "What has this community not been able to do for people, how often, and what became of it": per need
   * category and area, the "cannot do now" items of recorded conferences and the declines for want of a resource
   * (counts suppressed as unmetNeeds), with the caller's councils' issues carrying that evidence and the
   * resources they led to.
   */
  async communityGaps(caller: AuthContext, input: CommunityGapsInput): Promise<CommunityGapRow[]> {
    if (input.from && input.to && input.from >= input.to) {
      throw new BadUserInputError('input.to', '`to` must be after `from`', { reason: 'INVALID_PERIOD' });
    }
    if (input.municipalityCode) municipality(input.municipalityCode, 'input.municipalityCode');
    const manager = this.issues.manager;
    let area: string[] | null = null;
    if (input.councilId) {
      const { council } = await this.access.visible(
        manager,
        caller,
        input.councilId,
        () => new NotFoundError('Council', { field: 'input.councilId', id: input.councilId }),
      );
      area = coveredCodes(council.municipalityCodes);
      if (input.municipalityCode) {
        if (!area.includes(input.municipalityCode)) {
          throw new BadUserInputError(
            'input.municipalityCode',
            `${input.municipalityCode} is outside ${council.name}`,
            {
              reason: 'OUTSIDE_COUNCIL_AREA',
            },
          );
        }
        area = coveredCodes([input.municipalityCode]);
      }
    } else if (input.municipalityCode) {
      area = coveredCodes([input.municipalityCode]);
    } else if (!caller.isHubAdmin) {
      const councils = caller.agencyId ? await this.access.councilIdsOf(manager, caller.agencyId) : [];
      if (councils.length === 0) return [];
      const rows = await manager.findBy(CouncilEntity, { id: In(councils) });
      area = coveredCodes(rows.flatMap((row) => row.municipalityCodes));
    }
    const visibleCouncils = caller.isHubAdmin
      ? null
      : caller.agencyId
        ? await this.access.councilIdsOf(manager, caller.agencyId)
        : [];

    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const itemWhere = [`c.status = 'RECORDED'`];
    const referralWhere = [`r.decline_reason IN (${DECLINES_SQL})`];
    if (area) {
      const codes = param(area);
      itemWhere.push(`i.municipality_code = ANY(${codes}::char(6)[])`);
      referralWhere.push(`p.municipality_code = ANY(${codes}::char(6)[])`);
    }
    if (input.from) {
      const from = param(input.from);
      itemWhere.push(`i.created_at >= ${from}`);
      referralWhere.push(`r.sent_at >= ${from}`);
    }
    if (input.to) {
      const to = param(input.to);
      itemWhere.push(`i.created_at < ${to}`);
      referralWhere.push(`r.sent_at < ${to}`);
    }
    const gapSql = `
      SELECT i.need_category AS need, i.municipality_code AS area, c.person_id, 'ITEM' AS kind,
             i.id AS item_id, NULL::uuid AS referral_id
        FROM case_conference_unmet_item i JOIN case_conference c ON c.id = i.conference_id
       WHERE ${itemWhere.join(' AND ')}
      UNION ALL
      SELECT need.code, p.municipality_code, r.person_id, 'REFERRAL', NULL::uuid, r.id
        FROM referral r JOIN person p ON p.id = r.person_id CROSS JOIN LATERAL unnest(r.need_categories) AS need(code)
       WHERE ${referralWhere.join(' AND ')}`;
    const counts: (EvidenceCellRow & { need: string; area: string | null })[] = await manager.query(
      `SELECT need, area, count(*) FILTER (WHERE kind = 'ITEM') AS item_count,
              count(*) FILTER (WHERE kind = 'REFERRAL') AS referral_count,
              count(DISTINCT person_id) AS person_count
         FROM (${gapSql}) gap GROUP BY need, area ORDER BY need, area NULLS LAST`,
      params,
    );
    const councilFilter = visibleCouncils ? `AND ri.council_id = ANY(${param(visibleCouncils)}::uuid[])` : '';
    const links: { need: string; area: string | null; issue_id: string }[] = await manager.query(
      `SELECT DISTINCT gap.need, gap.area, e.issue_id
         FROM (${gapSql}) gap
         JOIN regional_issue_evidence e ON e.unmet_item_id = gap.item_id OR e.referral_id = gap.referral_id
         JOIN regional_issue ri ON ri.id = e.issue_id
        WHERE ri.stage <> 'MERGED' ${councilFilter}`,
      params,
    );
    const issueIds = [...new Set(links.map((link) => link.issue_id))];
    const issues = issueIds.length ? await manager.findBy(RegionalIssueEntity, { id: In(issueIds) }) : [];
    const resources = issueIds.length ? await this.resourceOf(issueIds) : [];
    const resourceOfIssue = new Map(issueIds.map((id, index) => [id, resources[index]]));
    const minCell = this.config.STATS_MIN_CELL;
    return counts.map((row) => {
      const carried = links
        .filter((link) => link.need === row.need && link.area === row.area)
        .map((link) => issues.find((issue) => issue.id === link.issue_id))
        .filter((issue): issue is RegionalIssueEntity => Boolean(issue))
        .sort((a, b) => a.raisedAt.getTime() - b.raisedAt.getTime() || a.id.localeCompare(b.id));
      const led = carried
        .map((issue) => resourceOfIssue.get(issue.id))
        .filter((resource): resource is CommunityResourceEntity => Boolean(resource));
      return {
        needCategory: row.need,
        municipalityCode: row.area,
        municipalityName: row.area ? (lookupLocalGovernment(row.area)?.fullName ?? null) : null,
        ...suppressCell(row, minCell),
        issues: carried,
        resources: [...new Map(led.map((resource) => [resource.id, resource])).values()],
      };
    });
  }

  /**
   * A meeting's agenda: the open issues at its body (and, for a 運営会議, those RAISED awaiting triage; for the
   * other kinds, those at the stage of its kind), plus the issues moved at this meeting, with their evidence counts
   * and history. Members of the council only.
   */
  async agenda(caller: AuthContext, meetingId: string, format: AgendaFormat): Promise<AgendaFile> {
    const manager = this.issues.manager;
    const meeting = await manager.findOneBy(CouncilMeetingEntity, { id: meetingId });
    const notFound = () => new NotFoundError('CouncilMeeting', { field: 'meetingId', id: meetingId });
    if (!meeting) throw notFound();
    const { council } = await this.access.visible(manager, caller, meeting.councilId, notFound);
    const body = await manager.findOneByOrFail(CouncilBodyEntity, { id: meeting.bodyId });
    const stageOfKind = body.kind === CouncilBodyKind.SUBCOMMITTEE ? null : (body.kind as string);
    const issues: RegionalIssueEntity[] = await this.issues
      .createQueryBuilder('issue')
      .where('issue.council_id = :councilId', { councilId: council.id })
      .andWhere(
        `((issue.stage IN (${OPEN_SQL}) AND (issue.body_id = :bodyId OR issue.stage = :stageOfKind OR issue.stage = :triage))
          OR EXISTS (SELECT 1 FROM regional_issue_move m WHERE m.issue_id = issue.id AND m.meeting_id = :meetingId))`,
        {
          bodyId: body.id,
          stageOfKind: stageOfKind ?? '-',
          triage: body.kind === CouncilBodyKind.STEERING ? Stage.RAISED : '-',
          meetingId: meeting.id,
        },
      )
      .orderBy('issue.raised_at', 'ASC')
      .addOrderBy('issue.id', 'ASC')
      .getMany();
    const ids = issues.map((issue) => issue.id);
    const [evidence, history] = await Promise.all([this.evidenceOf(ids), this.historyOf(ids)]);
    const bodyIds = [...new Set(history.flat().flatMap((move) => move.bodyId ?? []))];
    const meetingIds = [...new Set(history.flat().flatMap((move) => move.meetingId ?? []))];
    const [bodies, meetings] = await Promise.all([
      bodyIds.length ? manager.findBy(CouncilBodyEntity, { id: In(bodyIds) }) : [],
      meetingIds.length ? manager.findBy(CouncilMeetingEntity, { id: In(meetingIds) }) : [],
    ]);
    const agendaIssues = issues.map((issue, index): AgendaIssue => {
      const { byMonth: _month, byArea: _area, ...totals } = evidence[index];
      return {
        id: issue.id,
        title: issue.title,
        description: issue.description,
        stage: issue.stage,
        needCategories: issue.needCategories,
        municipalityCodes: issue.municipalityCodes,
        function: issue.function,
        evidence: totals,
        decidedHere: history[index].some((move) => move.meetingId === meeting.id),
        history: history[index].map((move) => {
          const at = meetings.find((one) => one.id === move.meetingId);
          return {
            movedAt: move.movedAt,
            fromStage: move.fromStage,
            toStage: move.toStage,
            bodyName: bodies.find((one) => one.id === move.bodyId)?.name ?? null,
            meetingTitle: at?.title ?? null,
            meetingHeldOn: at?.heldOn ?? null,
            note: move.note,
          };
        }),
      };
    });
    const agenda = {
      councilName: council.name,
      bodyName: body.name,
      bodyKind: body.kind,
      meetingId: meeting.id,
      heldOn: meeting.heldOn,
      title: meeting.title,
      place: meeting.place,
      minCell: this.config.STATS_MIN_CELL,
      issues: agendaIssues,
    };
    switch (format) {
      case AgendaFormat.MARKDOWN:
        return renderAgendaMarkdown(agenda);
      case AgendaFormat.CSV:
        return renderAgendaCsv(agenda);
    }
  }

  /** The issue if the caller sees its council; NOT_FOUND otherwise, as for a random id. */
  private async visibleIssue(
    manager: EntityManager,
    caller: AuthContext,
    id: string,
    field: string,
    lock = false,
  ): Promise<{ issue: RegionalIssueEntity; view: CouncilView }> {
    const notFound = () => new NotFoundError('RegionalIssue', { field, id });
    const issue = await manager.findOne(RegionalIssueEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!issue) throw notFound();
    const view = await this.access.visible(manager, caller, issue.councilId, notFound);
    return { issue, view };
  }

  private requireOpen(issue: RegionalIssueEntity, field: string): void {
    if (!isOpenStage(issue.stage)) {
      throw new BadUserInputError(field, `The issue is ${issue.stage}, no longer open`, { reason: 'ISSUE_NOT_OPEN' });
    }
  }

  private checkVersion(issue: RegionalIssueEntity, expectedVersion: number): void {
    if (expectedVersion !== issue.version) {
      throw new ConflictError('The regional issue was changed since you read it', {
        expectedVersion,
        currentVersion: issue.version,
      });
    }
  }

  private checkNeeds(
    codes: readonly string[],
    fieldOf: (index: number) => string = (index) => `input.needCategories.${index}`,
  ): string[] {
    codes.forEach((code, index) => {
      if (!isNeedCategory(code)) {
        throw new BadUserInputError(fieldOf(index), `Unknown need category ${code}`, {
          reason: 'UNKNOWN_NEED_CATEGORY',
        });
      }
    });
    return [...new Set(codes)];
  }

  private checkOutcomeInput(input: MoveRegionalIssueInput): void {
    const to = input.toStage;
    if (to === Stage.CLOSED && !input.closedReason?.trim()) {
      throw new BadUserInputError('input.closedReason', 'Closing an issue needs a reason', {
        reason: 'CLOSED_REASON_REQUIRED',
      });
    }
    if (to !== Stage.CLOSED && input.closedReason) {
      throw new BadUserInputError('input.closedReason', 'closedReason is only for CLOSED', { reason: 'NOT_CLOSING' });
    }
    if (to === Stage.RESOURCE_DEVELOPED && !input.resource) {
      throw new BadUserInputError('input.resource', 'RESOURCE_DEVELOPED needs the new community resource', {
        reason: 'RESOURCE_REQUIRED',
      });
    }
    if (to === Stage.RESOURCE_IMPROVED && !input.resourceId) {
      throw new BadUserInputError('input.resourceId', 'RESOURCE_IMPROVED needs the community resource improved', {
        reason: 'RESOURCE_ID_REQUIRED',
      });
    }
    if (to === Stage.RESOURCE_DEVELOPED && input.resourceId) {
      throw new BadUserInputError('input.resourceId', 'A developed resource is new: give `resource` only', {
        reason: 'RESOURCE_OUTCOME_AMBIGUOUS',
      });
    }
    if (to !== Stage.RESOURCE_DEVELOPED && to !== Stage.RESOURCE_IMPROVED && (input.resource || input.resourceId)) {
      throw new BadUserInputError(
        input.resource ? 'input.resource' : 'input.resourceId',
        'Only a resource outcome records a resource',
        {
          reason: 'NOT_A_RESOURCE_OUTCOME',
        },
      );
    }
  }

  /** The meeting a move names: of the issue's council, of the body kind the target stage needs. */
  private async meetingFor(
    manager: EntityManager,
    issue: RegionalIssueEntity,
    input: MoveRegionalIssueInput,
    kind: CouncilBodyKind | null,
  ): Promise<CouncilMeetingEntity | null> {
    if (!input.meetingId) {
      if (kind === null) return null;
      throw new BadUserInputError(
        'input.meetingId',
        `Moving to ${input.toStage} needs the ${kind} meeting that decided it`,
        {
          reason: 'MEETING_REQUIRED',
          expectedBodyKind: kind,
        },
      );
    }
    const meeting = await manager.findOneBy(CouncilMeetingEntity, { id: input.meetingId, councilId: issue.councilId });
    if (!meeting) throw new NotFoundError('CouncilMeeting', { field: 'input.meetingId', id: input.meetingId });
    const body = await manager.findOneByOrFail(CouncilBodyEntity, { id: meeting.bodyId });
    if (kind !== null && body.kind !== kind) {
      throw new BadUserInputError(
        'input.meetingId',
        `Moving to ${input.toStage} is decided at a ${kind} meeting, not ${body.kind}`,
        {
          reason: 'MEETING_BODY_MISMATCH',
          expectedBodyKind: kind,
          actualBodyKind: body.kind,
        },
      );
    }
    if (input.toStage === Stage.SUBCOMMITTEE && issue.stage === Stage.SUBCOMMITTEE && body.id === issue.bodyId) {
      throw new BadUserInputError('input.meetingId', 'The issue is at this 専門部会 already', { reason: 'SAME_BODY' });
    }
    // CLOSED at a meeting keeps the issue's body; the other moves carry it to the meeting's body.
    return isBodyStage(input.toStage) || kind !== null
      ? meeting
      : { ...meeting, bodyId: issue.bodyId ?? meeting.bodyId };
  }

  /** Checks the evidence the caller offers: NOT_FOUND for anything it may not know of, as for a random id. */
  private async checkEvidence(
    manager: EntityManager,
    agencyId: string,
    unmetItemIds: readonly string[],
    referralIds: readonly string[],
  ): Promise<{ unmetItemIds: string[]; referralIds: string[] }> {
    const items = [...new Set(unmetItemIds)];
    if (items.length) {
      // Items of RECORDED conferences the caller led or took part in. The items carry no personal data, so the
      // conference's access period (for reading the person) does not limit raising them.
      const rows: { id: string }[] = await manager.query(
        `SELECT i.id FROM case_conference_unmet_item i JOIN case_conference c ON c.id = i.conference_id
          WHERE i.id = ANY($1::uuid[]) AND c.status = 'RECORDED'
            AND EXISTS (SELECT 1 FROM case_conference_agency a WHERE a.conference_id = c.id AND a.agency_id = $2)`,
        [items, agencyId],
      );
      const missing = unmetItemIds.findIndex((id) => !rows.some((row) => row.id === id));
      if (missing >= 0) {
        throw new NotFoundError('UnmetItem', { field: `input.unmetItemIds.${missing}`, id: unmetItemIds[missing] });
      }
    }
    const referrals = [...new Set(referralIds)];
    if (referrals.length) {
      const rows: { id: string; decline_reason: string | null }[] = await manager.query(
        `SELECT id, decline_reason FROM referral
          WHERE id = ANY($1::uuid[]) AND (from_agency_id = $2 OR (to_agency_id = $2 AND sent_at IS NOT NULL))`,
        [referrals, agencyId],
      );
      referralIds.forEach((id, index) => {
        const row = rows.find((one) => one.id === id);
        const field = `input.declinedReferralIds.${index}`;
        if (!row) throw new NotFoundError('Referral', { field, id });
        if (!UNMET_DECLINE_REASONS.includes(row.decline_reason as DeclineReason)) {
          throw new BadUserInputError(
            field,
            `Only referrals declined for want of a resource (${UNMET_DECLINE_REASONS.join(', ')}) are evidence`,
            { reason: 'NOT_AN_UNMET_NEED_DECLINE' },
          );
        }
      });
    }
    return { unmetItemIds: items, referralIds: referrals };
  }

  private async linkEvidence(
    manager: EntityManager,
    issueId: string,
    evidence: { unmetItemIds: string[]; referralIds: string[] },
    agencyId: string,
    now: Date,
  ): Promise<void> {
    const rows = [
      ...evidence.unmetItemIds.map((unmetItemId) => [issueId, unmetItemId, null]),
      ...evidence.referralIds.map((referralId) => [issueId, null, referralId]),
    ];
    for (const [issue, item, referral] of rows) {
      await manager.query(
        `INSERT INTO regional_issue_evidence (issue_id, unmet_item_id, referral_id, linked_by_agency_id, linked_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [issue, item, referral, agencyId, now],
      );
    }
  }

  private async update(
    manager: EntityManager,
    issue: RegionalIssueEntity,
    changes: Partial<RegionalIssueEntity>,
  ): Promise<void> {
    const result = await manager
      .createQueryBuilder()
      .update(RegionalIssueEntity)
      .set({ ...changes, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id: issue.id, version: issue.version })
      .execute();
    if (result.affected !== 1)
      throw new ConflictError('The regional issue was changed at the same time; read it again');
  }
}
