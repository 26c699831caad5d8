import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  AuditAction,
  AuditService,
  ConsentPurpose,
  DisclosureService,
  LegalBasis,
  requireAgency,
  type DataCategory,
  type DisclosureBasis,
} from '@tsunagu/consent';
import { AgencyEntity, isNeedCategory, municipality } from '@tsunagu/directory';
import {
  APP_CONFIG,
  appendToOutbox,
  BadUserInputError,
  Clock,
  ConflictError,
  cursorAfter,
  ForbiddenError,
  NotFoundError,
  runTransaction,
  toConnection,
  type AppConfig,
  type AuthContext,
  type Connection,
  type PageRequest,
} from '@tsunagu/platform';
import { In, Repository, type EntityManager } from 'typeorm';
import { PLAN_REVISER, type PlanReviser } from '../shared/plan-reviser.js';
import { participantCondition } from './conference-access.js';
import { CaseConferenceStatus } from './conference-enums.js';
import { ConferenceConsentRequiredError, ConferenceTransitionError } from './conference-errors.js';
import {
  CaseConferenceAgencyEntity,
  CaseConferenceAssignmentEntity,
  CaseConferenceEntity,
  CaseConferenceGoalEntity,
  CaseConferenceParticipantEntity,
  CaseConferenceRecordEntity,
  CaseConferenceSupportEntity,
  CaseConferenceUnmetItemEntity,
} from './conference.entity.js';
import {
  type CaseConferenceFilter,
  type CaseConferenceRecordInput,
  type ConferenceAgencyInput,
  type ConferenceParticipantInput,
  type ScheduleCaseConferenceInput,
} from './conference.model.js';
import { accessUntil, ConferenceAction, decideConferenceAction } from './conference-rules.js';

/** Everything stored by recording, by conference. */
export interface ConferenceRecordRows {
  record: CaseConferenceRecordEntity;
  goals: CaseConferenceGoalEntity[];
  supports: CaseConferenceSupportEntity[];
  assignments: CaseConferenceAssignmentEntity[];
  unmetItems: CaseConferenceUnmetItemEntity[];
}

const MEETING_BASES: readonly LegalBasis[] = [LegalBasis.SUPPORT_MEETING, LegalBasis.CHILD_PROTECTION_COUNCIL];

/**
 * Case conferences (個別支援会議): scheduling behind the consent gate, the status moves, the four-step record, and
 * what each participating agency may see. Every mutation is one transaction; events go through the outbox.
 */
@Injectable()
export class ConferencesService {
  constructor(
    @InjectRepository(CaseConferenceEntity) private readonly conferences: Repository<CaseConferenceEntity>,
    private readonly disclosure: DisclosureService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    // The support-plan module (libs/collaboration/src/plans): recording revises the person's plan in its transaction.
    @Inject(PLAN_REVISER) private readonly planReviser: PlanReviser,
  ) {}

  async schedule(caller: AuthContext, input: ScheduleCaseConferenceInput): Promise<CaseConferenceEntity> {
    const leadId = requireAgency(caller);
    this.checkLegalBasisInput(input);
    const categories = [...new Set(input.dataCategories)];
    const others = input.agencies;
    others.forEach((agency, index) => {
      const field = `input.agencies.${index}.agencyId`;
      if (agency.agencyId === leadId)
        throw new BadUserInputError(field, 'The lead takes part already', { reason: 'DUPLICATE_AGENCY' });
      if (others.findIndex((other) => other.agencyId === agency.agencyId) !== index) {
        throw new BadUserInputError(field, 'An agency is listed twice', { reason: 'DUPLICATE_AGENCY' });
      }
    });

    return runTransaction(this.conferences.manager, async (manager) => {
      const now = this.clock.now();
      if (input.legalBasisRef) await this.requireMeeting(manager, input.legalBasisRef, 'input.legalBasisRef');
      await this.requireLeadSees(manager, leadId, input.personId, categories, now);
      await this.requireAgencies(
        manager,
        others.map((agency) => agency.agencyId),
        (index) => `input.agencies.${index}.agencyId`,
      );
      const shares: string[][] = [];
      for (const agency of others) {
        shares.push(
          await this.requireBasis(manager, {
            personId: input.personId,
            leadAgencyId: leadId,
            agencyId: agency.agencyId,
            categories,
            legalBasis: input.legalBasis,
            meetingId: input.legalBasisRef ?? null,
          }),
        );
      }

      const inserted = await manager.insert(CaseConferenceEntity, {
        personId: input.personId,
        leadAgencyId: leadId,
        title: input.title,
        scheduledAt: input.scheduledAt,
        place: input.place ?? null,
        online: input.online,
        status: CaseConferenceStatus.SCHEDULED,
        legalBasis: input.legalBasis,
        meetingId: input.legalBasisRef ?? null,
        dataCategories: categories,
      });
      const id = (inserted.identifiers[0] as { id: string }).id;
      await manager.insert(CaseConferenceAgencyEntity, [
        { conferenceId: id, agencyId: leadId, roleLabel: input.leadRoleLabel, consentIds: [], addedAt: now },
        ...others.map((agency, index) => ({
          conferenceId: id,
          agencyId: agency.agencyId,
          roleLabel: agency.roleLabel,
          consentIds: shares[index],
          addedAt: now,
        })),
      ]);
      if (input.participants.length > 0) {
        await manager.insert(
          CaseConferenceParticipantEntity,
          input.participants.map((participant, position) => ({ conferenceId: id, ...participant, position })),
        );
      }
      const conference = await manager.findOneByOrFail(CaseConferenceEntity, { id });
      await this.auditShares(
        manager,
        caller,
        conference,
        others.map((agency, index) => ({ agencyId: agency.agencyId, consentIds: shares[index] })),
        'scheduleCaseConference',
        now,
      );
      await this.emit(
        manager,
        conference,
        'conference.scheduled',
        [leadId, ...others.map((agency) => agency.agencyId)],
        leadId,
        now,
      );
      return conference;
    });
  }

  async addAgency(
    caller: AuthContext,
    id: string,
    input: ConferenceAgencyInput,
    expectedVersion: number | null,
  ): Promise<CaseConferenceEntity> {
    return this.change(caller, id, ConferenceAction.ADD_AGENCY, expectedVersion, async (manager, conference, now) => {
      const existing = await manager.findOneBy(CaseConferenceAgencyEntity, {
        conferenceId: id,
        agencyId: input.agencyId,
      });
      if (existing) {
        throw new BadUserInputError('input.agencyId', 'The agency takes part already', { reason: 'DUPLICATE_AGENCY' });
      }
      await this.requireAgencies(manager, [input.agencyId], () => 'input.agencyId');
      const consentIds = await this.requireBasis(manager, {
        personId: conference.personId,
        leadAgencyId: conference.leadAgencyId,
        agencyId: input.agencyId,
        categories: conference.dataCategories,
        legalBasis: conference.legalBasis,
        meetingId: conference.meetingId,
      });
      await manager.insert(CaseConferenceAgencyEntity, {
        conferenceId: id,
        agencyId: input.agencyId,
        roleLabel: input.roleLabel,
        consentIds,
        addedAt: now,
      });
      const updated = await this.update(manager, conference, {});
      await this.auditShares(
        manager,
        caller,
        conference,
        [{ agencyId: input.agencyId, consentIds }],
        'addCaseConferenceAgency',
        now,
      );
      await this.emit(
        manager,
        updated,
        'conference.agency_added',
        await this.agencyIdsOf(manager, id),
        conference.leadAgencyId,
        now,
        {
          agencyId: input.agencyId,
        },
      );
      return updated;
    });
  }

  async addParticipant(
    caller: AuthContext,
    id: string,
    input: ConferenceParticipantInput,
    expectedVersion: number | null,
  ): Promise<CaseConferenceEntity> {
    return this.change(caller, id, ConferenceAction.ADD_PARTICIPANT, expectedVersion, async (manager, conference) => {
      const rows: { next: number }[] = await manager.query(
        'SELECT COALESCE(MAX(position) + 1, 0)::int AS next FROM case_conference_participant WHERE conference_id = $1',
        [id],
      );
      await manager.insert(CaseConferenceParticipantEntity, { conferenceId: id, ...input, position: rows[0].next });
      return this.update(manager, conference, {});
    });
  }

  hold(caller: AuthContext, id: string, expectedVersion: number | null): Promise<CaseConferenceEntity> {
    return this.change(caller, id, ConferenceAction.HOLD, expectedVersion, (manager, conference, now) =>
      this.update(manager, conference, { status: CaseConferenceStatus.HELD, heldAt: now }),
    );
  }

  cancel(
    caller: AuthContext,
    id: string,
    reason: string,
    expectedVersion: number | null,
  ): Promise<CaseConferenceEntity> {
    return this.change(caller, id, ConferenceAction.CANCEL, expectedVersion, async (manager, conference, now) => {
      const updated = await this.update(manager, conference, {
        status: CaseConferenceStatus.CANCELLED,
        cancelledAt: now,
        cancelReason: reason,
        accessUntil: accessUntil(now, this.config.CONFERENCE_ACCESS_PERIOD),
      });
      await this.emit(
        manager,
        updated,
        'conference.cancelled',
        await this.agencyIdsOf(manager, id),
        conference.leadAgencyId,
        now,
      );
      return updated;
    });
  }

  /** HELD → RECORDED with the four-step record; the person's support plan is revised in the same transaction. */
  record(
    caller: AuthContext,
    id: string,
    expectedVersion: number | null,
    input: CaseConferenceRecordInput,
  ): Promise<CaseConferenceEntity> {
    return this.change(caller, id, ConferenceAction.RECORD, expectedVersion, async (manager, conference, now) => {
      await this.checkRecordInput(manager, conference, input);
      await manager.insert(CaseConferenceRecordEntity, {
        conferenceId: id,
        informationShared: input.informationShared ?? null,
        sharedReferralIds: [...new Set(input.sharedReferralIds)],
        hearingSheetShared: input.hearingSheetShared,
        personWish: input.personWish ?? null,
        agreedDirection: input.agreedDirection ?? null,
        unmetConfirmed: input.unmetConfirmed,
        createdAt: now,
      });
      const rows = <T>(items: T[]) => items.map((item, position) => ({ conferenceId: id, ...item, position }));
      if (input.goals.length) await manager.insert(CaseConferenceGoalEntity, rows(input.goals));
      if (input.supports.length) await manager.insert(CaseConferenceSupportEntity, rows(input.supports));
      if (input.assignments.length) {
        await manager.insert(
          CaseConferenceAssignmentEntity,
          rows(
            input.assignments.map((assignment) => ({
              assigneeAgencyId: assignment.assigneeAgencyId ?? null,
              assigneeParticipantId: assignment.assigneeParticipantId ?? null,
              description: assignment.description,
              dueOn: assignment.dueOn ?? null,
            })),
          ),
        );
      }
      if (input.unmetItems.length) {
        await manager.insert(
          CaseConferenceUnmetItemEntity,
          rows(input.unmetItems.map((item) => ({ ...item, createdAt: now }))),
        );
      }
      const updated = await this.update(manager, conference, {
        status: CaseConferenceStatus.RECORDED,
        recordedAt: now,
        accessUntil: accessUntil(now, this.config.CONFERENCE_ACCESS_PERIOD),
      });
      await this.planReviser.reviseFromConference(manager, id, now);
      await this.emit(
        manager,
        updated,
        'conference.recorded',
        await this.agencyIdsOf(manager, id),
        conference.leadAgencyId,
        now,
      );
      return updated;
    });
  }

  /** A conference the caller takes part in and may still see; NOT_FOUND otherwise (as for a random id). */
  async get(caller: AuthContext, id: string): Promise<CaseConferenceEntity> {
    const [conference] = await this.findVisible(this.conferences.manager, caller, [id]);
    if (!conference) throw new NotFoundError('CaseConference', { id });
    return conference;
  }

  async list(
    caller: AuthContext,
    filter: CaseConferenceFilter | null | undefined,
    page: PageRequest,
  ): Promise<Connection<CaseConferenceEntity>> {
    const query = this.conferences.createQueryBuilder('conference');
    if (!caller.agencyId) return toConnection([], page, 0, () => []);
    query.where(participantCondition('conference', ':agencyId', ':now'), {
      agencyId: caller.agencyId,
      now: this.clock.now(),
    });
    if (filter?.personId) query.andWhere('conference.person_id = :personId', { personId: filter.personId });
    if (filter?.status?.length) query.andWhere('conference.status IN (:...statuses)', { statuses: filter.status });
    if (filter?.from) query.andWhere('conference.scheduled_at >= :from', { from: filter.from });
    if (filter?.to) query.andWhere('conference.scheduled_at < :to', { to: filter.to });
    const totalCount = await query.getCount();
    const after = cursorAfter(page, ['timestamp', 'uuid']);
    if (after) {
      const [scheduledAt, id] = after;
      query.andWhere('(conference.scheduled_at, conference.id) < (:scheduledAt, :id)', {
        scheduledAt: new Date(scheduledAt),
        id,
      });
    }
    const rows = await query
      .orderBy('conference.scheduled_at', 'DESC')
      .addOrderBy('conference.id', 'DESC')
      .take(page.limit + 1)
      .getMany();
    return toConnection(rows, page, totalCount, (row) => [row.scheduledAt.toISOString(), row.id]);
  }

  get pageSizeMax(): number {
    return this.config.PAGE_SIZE_MAX;
  }

  async agenciesOf(ids: readonly string[]): Promise<CaseConferenceAgencyEntity[][]> {
    const rows = await this.conferences.manager.find(CaseConferenceAgencyEntity, {
      where: { conferenceId: In([...ids]) },
      order: { addedAt: 'ASC', agencyId: 'ASC' },
    });
    return ids.map((id) => rows.filter((row) => row.conferenceId === id));
  }

  async participantsOf(ids: readonly string[]): Promise<CaseConferenceParticipantEntity[][]> {
    const rows = await this.conferences.manager.find(CaseConferenceParticipantEntity, {
      where: { conferenceId: In([...ids]) },
      order: { position: 'ASC' },
    });
    return ids.map((id) => rows.filter((row) => row.conferenceId === id));
  }

  async recordsOf(ids: readonly string[]): Promise<(ConferenceRecordRows | null)[]> {
    const manager = this.conferences.manager;
    const where = { conferenceId: In([...ids]) };
    const order = { position: 'ASC' } as const;
    const [records, goals, supports, assignments, unmetItems] = await Promise.all([
      manager.findBy(CaseConferenceRecordEntity, where),
      manager.find(CaseConferenceGoalEntity, { where, order }),
      manager.find(CaseConferenceSupportEntity, { where, order }),
      manager.find(CaseConferenceAssignmentEntity, { where, order }),
      manager.find(CaseConferenceUnmetItemEntity, { where, order }),
    ]);
    return ids.map((id) => {
      const record = records.find((row) => row.conferenceId === id);
      if (!record) return null;
      const of = <T extends { conferenceId: string }>(list: T[]) => list.filter((row) => row.conferenceId === id);
      return {
        record,
        goals: of(goals),
        supports: of(supports),
        assignments: of(assignments),
        unmetItems: of(unmetItems),
      };
    });
  }

  /**
   * On which basis the caller may read the free text of each conference (its record and cancel reason), by id;
   * absent: masked. Audited as one FREE_TEXT_READ per conference disclosed, unless `operation` is null (only
   * asking which fields are masked discloses nothing).
   */
  async textBases(
    caller: AuthContext,
    conferences: readonly CaseConferenceEntity[],
    operation: string | null,
  ): Promise<Map<string, DisclosureBasis>> {
    if (!caller.agencyId || conferences.length === 0) return new Map();
    const now = this.clock.now();
    const bases = await this.disclosure.conferenceTextBases(caller.agencyId, conferences, now);
    if (operation === null) return bases;
    await this.audit.record(
      conferences
        .filter((conference) => bases.has(conference.id))
        .map((conference) => ({
          action: AuditAction.FREE_TEXT_READ,
          personId: conference.personId,
          caller,
          categories: [],
          basis: [{ ...bases.get(conference.id), conferenceId: conference.id }],
          operation,
          at: now,
        })),
    );
    return bases;
  }

  /** The conferences of these ids the caller may see now, in the order asked. */
  async findVisible(
    manager: EntityManager,
    caller: Pick<AuthContext, 'agencyId'>,
    ids: readonly string[],
    lock = false,
  ): Promise<(CaseConferenceEntity | null)[]> {
    if (!caller.agencyId || ids.length === 0) return ids.map(() => null);
    const query = manager
      .createQueryBuilder(CaseConferenceEntity, 'conference')
      .where('conference.id IN (:...ids)', { ids: [...ids] })
      .andWhere(participantCondition('conference', ':agencyId', ':now'), {
        agencyId: caller.agencyId,
        now: this.clock.now(),
      });
    if (lock) query.setLock('pessimistic_write');
    const rows = await query.getMany();
    return ids.map((id) => rows.find((row) => row.id === id) ?? null);
  }

  /** One change by the lead: locked read, visibility, the status rules, expectedVersion, then `work`. */
  private change(
    caller: AuthContext,
    id: string,
    action: ConferenceAction,
    expectedVersion: number | null,
    work: (manager: EntityManager, conference: CaseConferenceEntity, now: Date) => Promise<CaseConferenceEntity>,
  ): Promise<CaseConferenceEntity> {
    const agencyId = requireAgency(caller);
    return runTransaction(this.conferences.manager, async (manager) => {
      const [conference] = await this.findVisible(manager, { agencyId }, [id], true);
      if (!conference) throw new NotFoundError('CaseConference', { id });
      if (conference.leadAgencyId !== agencyId) {
        throw new ForbiddenError('Only the lead agency (主担当) changes a case conference', {
          reason: 'LEAD_AGENCY_ONLY',
        });
      }
      const decision = decideConferenceAction(conference.status, action);
      if (decision.kind === 'invalid') throw new ConferenceTransitionError(conference.status, action, decision.allowed);
      if (expectedVersion != null && expectedVersion !== conference.version) {
        throw new ConflictError('The case conference was changed since you read it', {
          expectedVersion,
          currentVersion: conference.version,
        });
      }
      return work(manager, conference, this.clock.now());
    });
  }

  private async update(
    manager: EntityManager,
    conference: CaseConferenceEntity,
    changes: Partial<CaseConferenceEntity>,
  ): Promise<CaseConferenceEntity> {
    const result = await manager
      .createQueryBuilder()
      .update(CaseConferenceEntity)
      .set(changes)
      .where('id = :id AND version = :version', { id: conference.id, version: conference.version })
      .execute();
    if (result.affected !== 1)
      throw new ConflictError('The case conference was changed at the same time; read it again');
    return manager.findOneByOrFail(CaseConferenceEntity, { id: conference.id });
  }

  /** The lead shares only what it may see of the person itself (as a referral's sender). */
  private async requireLeadSees(
    manager: EntityManager,
    leadId: string,
    personId: string,
    categories: DataCategory[],
    now: Date,
  ): Promise<void> {
    const view = (await this.disclosure.visibleTo(leadId, [personId], now, manager)).get(personId);
    if (!view) throw new NotFoundError('Person', { field: 'input.personId', id: personId });
    const undisclosed = categories.filter((category) => !view.categories.includes(category));
    if (undisclosed.length > 0) {
      throw new ConferenceConsentRequiredError({ reason: 'NOT_DISCLOSED_TO_SENDER', categories: undisclosed });
    }
  }

  /**
   * The basis for sharing the conference's categories with one participating agency, checked as a referral's
   * (decideShare, purpose CASE_CONFERENCE): its consent ids, or CONSENT_REQUIRED with what is missing.
   */
  private async requireBasis(
    manager: EntityManager,
    share: {
      personId: string;
      leadAgencyId: string;
      agencyId: string;
      categories: DataCategory[];
      legalBasis: LegalBasis;
      meetingId: string | null;
    },
  ): Promise<string[]> {
    const decision = await this.disclosure.decideShare(
      {
        personId: share.personId,
        senderAgencyId: share.leadAgencyId,
        recipientAgencyId: share.agencyId,
        purpose: ConsentPurpose.CASE_CONFERENCE,
        categories: share.categories,
        legalBasis: share.legalBasis,
        meetingId: share.meetingId,
      },
      manager,
    );
    if (!decision.allowed) throw new ConferenceConsentRequiredError(decision.missing);
    return decision.consentIds;
  }

  /** DATA_SHARED for each agency the person's data now goes to through the conference. */
  private async auditShares(
    manager: EntityManager,
    caller: AuthContext,
    conference: CaseConferenceEntity,
    shares: { agencyId: string; consentIds: string[] }[],
    operation: string,
    now: Date,
  ): Promise<void> {
    await this.audit.record(
      shares.map((share) => ({
        action: AuditAction.DATA_SHARED,
        personId: conference.personId,
        caller,
        categories: conference.dataCategories,
        basis: [
          {
            kind: 'CASE_CONFERENCE',
            conferenceId: conference.id,
            legalBasis: conference.legalBasis,
            consentIds: share.consentIds,
            meetingId: conference.meetingId,
            recipientAgencyId: share.agencyId,
          },
        ],
        operation,
        at: now,
      })),
      manager,
    );
  }

  private async checkRecordInput(
    manager: EntityManager,
    conference: CaseConferenceEntity,
    input: CaseConferenceRecordInput,
  ): Promise<void> {
    const agencyIds = await this.agencyIdsOf(manager, conference.id);
    const participants = await manager.findBy(CaseConferenceParticipantEntity, { conferenceId: conference.id });
    input.assignments.forEach((assignment, index) => {
      const field = `record.assignments.${index}`;
      if (assignment.assigneeAgencyId && assignment.assigneeParticipantId) {
        throw new BadUserInputError(`${field}.assigneeParticipantId`, 'Give at most one assignee', {
          reason: 'ONE_ASSIGNEE',
        });
      }
      if (assignment.assigneeAgencyId && !agencyIds.includes(assignment.assigneeAgencyId)) {
        throw new BadUserInputError(`${field}.assigneeAgencyId`, 'The assignee must take part in the conference', {
          reason: 'NOT_A_PARTICIPANT',
        });
      }
      if (
        assignment.assigneeParticipantId &&
        !participants.some((participant) => participant.id === assignment.assigneeParticipantId)
      ) {
        throw new BadUserInputError(`${field}.assigneeParticipantId`, 'The assignee must take part in the conference', {
          reason: 'NOT_A_PARTICIPANT',
        });
      }
      if (assignment.dueOn && Number.isNaN(Date.parse(`${assignment.dueOn}T00:00:00Z`))) {
        throw new BadUserInputError(`${field}.dueOn`, 'dueOn is not a calendar date');
      }
    });
    input.unmetItems.forEach((item, index) => {
      const field = `record.unmetItems.${index}`;
      if (!isNeedCategory(item.needCategory)) {
        throw new BadUserInputError(`${field}.needCategory`, `Unknown need category ${item.needCategory}`, {
          reason: 'UNKNOWN_NEED_CATEGORY',
        });
      }
      municipality(item.municipalityCode, `${field}.municipalityCode`);
    });
    const referralIds = [...new Set(input.sharedReferralIds)];
    if (referralIds.length > 0) {
      // The lead links only the person's referrals it took part in.
      const rows: { id: string }[] = await manager.query(
        `SELECT id FROM referral
          WHERE id = ANY($1::uuid[]) AND person_id = $2
            AND (from_agency_id = $3 OR (to_agency_id = $3 AND sent_at IS NOT NULL))`,
        [referralIds, conference.personId, conference.leadAgencyId],
      );
      const unknown = input.sharedReferralIds.findIndex((id) => !rows.some((row) => row.id === id));
      if (unknown >= 0) {
        throw new NotFoundError('Referral', {
          field: `record.sharedReferralIds.${unknown}`,
          id: input.sharedReferralIds[unknown],
        });
      }
    }
  }

  private async agencyIdsOf(manager: EntityManager, conferenceId: string): Promise<string[]> {
    const rows = await manager.findBy(CaseConferenceAgencyEntity, { conferenceId });
    return rows.map((row) => row.agencyId);
  }

  private async requireAgencies(
    manager: EntityManager,
    ids: string[],
    fieldOf: (index: number) => string,
  ): Promise<void> {
    if (ids.length === 0) return;
    const found = await manager.findBy(AgencyEntity, { id: In(ids) });
    const missing = ids.findIndex((id) => !found.some((agency) => agency.id === id));
    if (missing >= 0) throw new NotFoundError('Agency', { field: fieldOf(missing), id: ids[missing] });
  }

  private async requireMeeting(manager: EntityManager, id: string, field: string): Promise<void> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM support_meeting WHERE id = $1', [id]);
    if (rows.length === 0) throw new NotFoundError('SupportMeeting', { field, id });
  }

  private checkLegalBasisInput(input: ScheduleCaseConferenceInput): void {
    if (input.legalBasis === LegalBasis.VITAL_INTEREST) {
      throw new BadUserInputError(
        'input.legalBasis',
        'A case conference shares on CONSENT, SUPPORT_MEETING or CHILD_PROTECTION_COUNCIL; an emergency is a referral',
        { reason: 'NOT_A_CONFERENCE_BASIS' },
      );
    }
    const needsMeeting = MEETING_BASES.includes(input.legalBasis);
    if (needsMeeting && !input.legalBasisRef) {
      throw new BadUserInputError(
        'input.legalBasisRef',
        `${input.legalBasis} needs legalBasisRef: the meeting relied on`,
      );
    }
    if (!needsMeeting && input.legalBasisRef) {
      throw new BadUserInputError(
        'input.legalBasisRef',
        'legalBasisRef is only for SUPPORT_MEETING and CHILD_PROTECTION_COUNCIL',
      );
    }
  }

  /** An event to the participating agencies: identifiers, status and times only, never the person's data. */
  private async emit(
    manager: EntityManager,
    conference: CaseConferenceEntity,
    type: string,
    agencyIds: string[],
    actorAgencyId: string,
    at: Date,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    const id = randomUUID();
    await appendToOutbox(manager, [
      {
        id,
        type,
        aggregateId: conference.id,
        agencyIds,
        payload: {
          eventId: id,
          type,
          conferenceId: conference.id,
          leadAgencyId: conference.leadAgencyId,
          status: conference.status,
          scheduledAt: conference.scheduledAt.toISOString(),
          actorAgencyId,
          ...extra,
          at: at.toISOString(),
        },
        occurredAt: at,
      },
    ]);
  }
}
