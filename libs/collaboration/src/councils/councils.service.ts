import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AgencyEntity, municipality } from '@tsunagu/directory';
import {
  APP_CONFIG,
  BadUserInputError,
  ConflictError,
  cursorAfter,
  isPgError,
  NotFoundError,
  PgErrorCode,
  runTransaction,
  toConnection,
  type AppConfig,
  type AuthContext,
  type Connection,
  type PageRequest,
} from '@tsunagu/platform';
import { In, Repository, type EntityManager } from 'typeorm';
import { CouncilAccess, relatedCodes, requireAgencyKey, type CouncilView } from './council-access.js';
import { CouncilRole } from './council-enums.js';
import { CouncilBodyEntity, CouncilEntity, CouncilMeetingEntity, CouncilMemberEntity } from './council.entity.js';
import {
  type AddCouncilMemberInput,
  type CreateCouncilInput,
  type DissolveCouncilBodyInput,
  type RemoveCouncilMemberInput,
  type ScheduleCouncilMeetingInput,
  type SetUpCouncilBodyInput,
} from './council.model.js';

/** Text that is more than blanks (the tables refuse blank names and titles); trimmed. */
export function nonBlank(value: string, field: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new BadUserInputError(field, `${field} must not be blank`, { reason: 'BLANK' });
  return trimmed;
}

/** A calendar date that exists (2026-02-30 does not). */
export function checkDate(value: string, field: string): string {
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(Number.NaN);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    throw new BadUserInputError(field, `${value} is not a calendar date`, { reason: 'INVALID_DATE' });
  }
  return value;
}

/**
 * Councils (協議会): their members, bodies (運営会議, 定例会, 専門部会, 全体会) and meetings. Structure changes bump the
 * council's version (expectedVersion → CONFLICT); each mutation is one transaction.
 */
@Injectable()
export class CouncilsService {
  constructor(
    @InjectRepository(CouncilEntity) private readonly councils: Repository<CouncilEntity>,
    private readonly access: CouncilAccess,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get pageSizeMax(): number {
    return this.config.PAGE_SIZE_MAX;
  }

  /** The councils the caller may see, by name; with a code, those whose area includes or overlaps it. */
  async list(caller: AuthContext, municipalityCode: string | null): Promise<CouncilEntity[]> {
    if (!caller.isHubAdmin && !caller.agencyId) return [];
    const query = this.councils.createQueryBuilder('council');
    if (!caller.isHubAdmin) {
      query.where(
        'EXISTS (SELECT 1 FROM council_member m WHERE m.council_id = council.id AND m.agency_id = :agencyId)',
        { agencyId: caller.agencyId },
      );
    }
    if (municipalityCode) {
      municipality(municipalityCode, 'municipalityCode');
      query.andWhere('council.municipality_codes && (:codes)::char(6)[]', { codes: relatedCodes([municipalityCode]) });
    }
    return query.orderBy('council.name', 'ASC').addOrderBy('council.id', 'ASC').getMany();
  }

  async get(caller: AuthContext, id: string): Promise<CouncilEntity> {
    return (await this.access.visible(this.councils.manager, caller, id)).council;
  }

  /** Hub admin: a council with its secretariat (事務局) and members. */
  async create(input: CreateCouncilInput): Promise<CouncilEntity> {
    const codes = [...new Set(input.municipalityCodes)];
    codes.forEach((code, index) => municipality(code, `input.municipalityCodes.${index}`));
    const memberIds = [...new Set(input.memberAgencyIds)].filter((id) => id !== input.secretariatAgencyId);
    return runTransaction(this.councils.manager, async (manager) => {
      await this.requireAgencies(manager, [input.secretariatAgencyId], () => 'input.secretariatAgencyId');
      await this.requireAgencies(manager, memberIds, (index) => `input.memberAgencyIds.${index}`);
      let id: string;
      try {
        const inserted = await manager.insert(CouncilEntity, {
          name: nonBlank(input.name, 'input.name'),
          kind: input.kind,
          municipalityCodes: codes,
          description: input.description ?? null,
          version: 1,
        });
        id = (inserted.identifiers[0] as { id: string }).id;
      } catch (error) {
        if (isPgError(error, PgErrorCode.UNIQUE_VIOLATION, 'uq_council_name')) {
          throw new BadUserInputError('input.name', `A council named ${input.name} exists`, {
            reason: 'COUNCIL_NAME_TAKEN',
          });
        }
        throw error;
      }
      await manager.insert(CouncilMemberEntity, [
        { councilId: id, agencyId: input.secretariatAgencyId, role: CouncilRole.SECRETARIAT },
        ...memberIds.map((agencyId) => ({ councilId: id, agencyId, role: CouncilRole.MEMBER })),
      ]);
      return manager.findOneByOrFail(CouncilEntity, { id });
    });
  }

  /** Adds a member agency, or changes its role (the last secretariat stays). */
  addMember(caller: AuthContext, input: AddCouncilMemberInput): Promise<CouncilEntity> {
    return this.change(caller, input.councilId, input.expectedVersion, async (manager, view) => {
      await this.requireAgencies(manager, [input.agencyId], () => 'input.agencyId');
      const existing = await manager.findOneBy(CouncilMemberEntity, {
        councilId: input.councilId,
        agencyId: input.agencyId,
      });
      if (existing?.role === input.role) return view.council;
      if (existing) {
        if (existing.role === CouncilRole.SECRETARIAT)
          await this.keepSecretariat(manager, input.councilId, 'input.role');
        await manager.update(
          CouncilMemberEntity,
          { councilId: input.councilId, agencyId: input.agencyId },
          { role: input.role },
        );
      } else {
        await manager.insert(CouncilMemberEntity, {
          councilId: input.councilId,
          agencyId: input.agencyId,
          role: input.role,
        });
      }
      return this.bump(manager, view.council);
    });
  }

  removeMember(caller: AuthContext, input: RemoveCouncilMemberInput): Promise<CouncilEntity> {
    return this.change(caller, input.councilId, input.expectedVersion, async (manager, view) => {
      const existing = await manager.findOneBy(CouncilMemberEntity, {
        councilId: input.councilId,
        agencyId: input.agencyId,
      });
      if (!existing) throw new NotFoundError('CouncilMember', { field: 'input.agencyId', id: input.agencyId });
      if (existing.role === CouncilRole.SECRETARIAT)
        await this.keepSecretariat(manager, input.councilId, 'input.agencyId');
      await manager.delete(CouncilMemberEntity, { councilId: input.councilId, agencyId: input.agencyId });
      return this.bump(manager, view.council);
    });
  }

  /** A new body: 運営会議, 定例会, a 専門部会 named by disability, issue or area, 全体会. */
  setUpBody(caller: AuthContext, input: SetUpCouncilBodyInput): Promise<CouncilBodyEntity> {
    checkDate(input.establishedOn, 'input.establishedOn');
    return this.change(caller, input.councilId, input.expectedVersion, async (manager, view) => {
      const inserted = await manager.insert(CouncilBodyEntity, {
        councilId: view.council.id,
        kind: input.kind,
        name: nonBlank(input.name, 'input.name'),
        theme: input.theme ?? null,
        establishedOn: input.establishedOn,
        dissolvedOn: null,
        successorBodyIds: [],
      });
      await this.bump(manager, view.council);
      return manager.findOneByOrFail(CouncilBodyEntity, { id: (inserted.identifiers[0] as { id: string }).id });
    });
  }

  /** Dissolves a body; successors name the bodies it was merged into (one) or split into (several). */
  async dissolveBody(caller: AuthContext, input: DissolveCouncilBodyInput): Promise<CouncilBodyEntity> {
    checkDate(input.dissolvedOn, 'input.dissolvedOn');
    const councilId = await this.councilOfBody(caller, input.bodyId);
    return this.change(caller, councilId, input.expectedVersion, async (manager, view) => {
      const body = await manager.findOneByOrFail(CouncilBodyEntity, { id: input.bodyId });
      if (body.dissolvedOn) {
        throw new BadUserInputError('input.bodyId', `${body.name} was dissolved on ${body.dissolvedOn}`, {
          reason: 'BODY_DISSOLVED',
        });
      }
      if (input.dissolvedOn < body.establishedOn) {
        throw new BadUserInputError('input.dissolvedOn', 'A body is dissolved on or after it was established', {
          reason: 'INVALID_DATE',
        });
      }
      const successorIds = [...new Set(input.successorBodyIds)];
      const successors = successorIds.length
        ? await manager.findBy(CouncilBodyEntity, { id: In(successorIds), councilId: view.council.id })
        : [];
      successorIds.forEach((id, index) => {
        const successor = successors.find((one) => one.id === id);
        if (!successor) throw new NotFoundError('CouncilBody', { field: `input.successorBodyIds.${index}`, id });
        if (id === body.id || successor.dissolvedOn) {
          throw new BadUserInputError(`input.successorBodyIds.${index}`, 'A successor is another body that exists', {
            reason: 'INVALID_SUCCESSOR',
          });
        }
      });
      await manager.update(
        CouncilBodyEntity,
        { id: body.id },
        { dissolvedOn: input.dissolvedOn, successorBodyIds: successorIds },
      );
      await this.bump(manager, view.council);
      return manager.findOneByOrFail(CouncilBodyEntity, { id: body.id });
    });
  }

  /** The secretariat schedules a meeting of one of the council's bodies that exists on that date. */
  async scheduleMeeting(caller: AuthContext, input: ScheduleCouncilMeetingInput): Promise<CouncilMeetingEntity> {
    checkDate(input.heldOn, 'input.heldOn');
    return runTransaction(this.councils.manager, async (manager) => {
      const body = await manager.findOneBy(CouncilBodyEntity, { id: input.bodyId });
      const notFound = () => new NotFoundError('CouncilBody', { field: 'input.bodyId', id: input.bodyId });
      if (!body) throw notFound();
      const view = await this.access.visible(manager, caller, body.councilId, notFound);
      this.access.requireSecretariat(caller, view);
      const agencyId = requireAgencyKey(caller);
      if (input.heldOn < body.establishedOn || (body.dissolvedOn && input.heldOn > body.dissolvedOn)) {
        throw new BadUserInputError('input.heldOn', `${body.name} does not exist on ${input.heldOn}`, {
          reason: body.dissolvedOn ? 'BODY_DISSOLVED' : 'BODY_NOT_ESTABLISHED',
        });
      }
      const inserted = await manager.insert(CouncilMeetingEntity, {
        councilId: body.councilId,
        bodyId: body.id,
        heldOn: input.heldOn,
        title: nonBlank(input.title, 'input.title'),
        place: input.place ?? null,
        createdByAgencyId: agencyId,
      });
      return manager.findOneByOrFail(CouncilMeetingEntity, { id: (inserted.identifiers[0] as { id: string }).id });
    });
  }

  /** A council's meetings, latest first; NOT_FOUND for a council the caller does not see. */
  async meetings(
    caller: AuthContext,
    councilId: string,
    bodyId: string | null,
    page: PageRequest,
  ): Promise<Connection<CouncilMeetingEntity>> {
    await this.access.visible(this.councils.manager, caller, councilId);
    const query = this.councils.manager
      .createQueryBuilder(CouncilMeetingEntity, 'meeting')
      .where('meeting.council_id = :councilId', { councilId });
    if (bodyId) query.andWhere('meeting.body_id = :bodyId', { bodyId });
    const totalCount = await query.getCount();
    const after = cursorAfter(page, ['text', 'uuid']);
    if (after) {
      const [heldOn, id] = after;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(heldOn) || Number.isNaN(Date.parse(heldOn))) {
        throw new BadUserInputError('after', '`after` is not a cursor returned by this list');
      }
      query.andWhere('(meeting.held_on, meeting.id) < (CAST(:heldOn AS date), CAST(:id AS uuid))', { heldOn, id });
    }
    const rows = await query
      .orderBy('meeting.held_on', 'DESC')
      .addOrderBy('meeting.id', 'DESC')
      .take(page.limit + 1)
      .getMany();
    return toConnection(rows, page, totalCount, (row) => [row.heldOn, row.id]);
  }

  async membersOf(councilIds: readonly string[]): Promise<CouncilMemberEntity[][]> {
    const rows = await this.councils.manager.find(CouncilMemberEntity, {
      where: { councilId: In([...councilIds]) },
      order: { joinedAt: 'ASC', agencyId: 'ASC' },
    });
    const rank = (row: CouncilMemberEntity) => (row.role === CouncilRole.SECRETARIAT ? 0 : 1);
    return councilIds.map((id) => rows.filter((row) => row.councilId === id).sort((a, b) => rank(a) - rank(b)));
  }

  async bodiesOf(councilIds: readonly string[]): Promise<CouncilBodyEntity[][]> {
    const rows = await this.councils.manager.find(CouncilBodyEntity, {
      where: { councilId: In([...councilIds]) },
      order: { establishedOn: 'ASC', createdAt: 'ASC', id: 'ASC' },
    });
    const order = ['STEERING', 'REGULAR', 'SUBCOMMITTEE', 'PLENARY'];
    return councilIds.map((id) =>
      rows.filter((row) => row.councilId === id).sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind)),
    );
  }

  async bodiesByIds(ids: readonly string[]): Promise<(CouncilBodyEntity | null)[]> {
    const rows = await this.councils.manager.findBy(CouncilBodyEntity, { id: In([...ids]) });
    return ids.map((id) => rows.find((row) => row.id === id) ?? null);
  }

  async meetingsByIds(ids: readonly string[]): Promise<(CouncilMeetingEntity | null)[]> {
    const rows = await this.councils.manager.findBy(CouncilMeetingEntity, { id: In([...ids]) });
    return ids.map((id) => rows.find((row) => row.id === id) ?? null);
  }

  /** One structure change by the secretariat or the hub admin: locked council, expectedVersion, then `work`. */
  private change<T>(
    caller: AuthContext,
    councilId: string,
    expectedVersion: number | null | undefined,
    work: (manager: EntityManager, view: CouncilView) => Promise<T>,
  ): Promise<T> {
    return runTransaction(this.councils.manager, async (manager) => {
      const view = await this.access.visible(manager, caller, councilId, undefined, true);
      this.access.requireSecretariat(caller, view);
      if (expectedVersion != null && expectedVersion !== view.council.version) {
        throw new ConflictError('The council was changed since you read it', {
          expectedVersion,
          currentVersion: view.council.version,
        });
      }
      return work(manager, view);
    });
  }

  private async bump(manager: EntityManager, council: CouncilEntity): Promise<CouncilEntity> {
    await manager.query('UPDATE council SET version = version + 1, updated_at = now() WHERE id = $1', [council.id]);
    return manager.findOneByOrFail(CouncilEntity, { id: council.id });
  }

  private async keepSecretariat(manager: EntityManager, councilId: string, field: string): Promise<void> {
    const count = await manager.countBy(CouncilMemberEntity, { councilId, role: CouncilRole.SECRETARIAT });
    if (count <= 1) {
      throw new BadUserInputError(field, 'A council keeps at least one secretariat (事務局)', {
        reason: 'LAST_SECRETARIAT',
      });
    }
  }

  private async councilOfBody(caller: AuthContext, bodyId: string): Promise<string> {
    const body = await this.councils.manager.findOneBy(CouncilBodyEntity, { id: bodyId });
    const notFound = () => new NotFoundError('CouncilBody', { field: 'input.bodyId', id: bodyId });
    if (!body) throw notFound();
    await this.access.visible(this.councils.manager, caller, body.councilId, notFound);
    return body.councilId;
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
}
